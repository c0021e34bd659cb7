"""A visit is about one resident or about the house: the areas each has, who reads it, and
what an empty or "nobody was home" visit is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import WHOLE_FORM, RuleError
from cohousing.visits.models import PERSON_AREAS, Visit, VisitKind, VisitObservation
from cohousing.visits.services import (
    VisitData,
    last_visits,
    log_visit,
    readers_of,
    visits_about,
)


def _data(**changes) -> VisitData:
    values = {"kind": VisitKind.HOME, "visited_at": clock.now() - timedelta(hours=1)}
    values.update(changes)
    return VisitData(**values)


def count_visits() -> int:
    return db.session.scalar(select(func.count(Visit.id)))


@pytest.mark.parametrize("area", PERSON_AREAS)
def test_a_house_visit_has_no_per_person_area(app, hf_flat, worker, area):
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        log_visit(
            hf_flat,
            _data(observations={"home_tenancy": (4, "Tidy"), area: (2, "About Elena")}),
            staff=worker,
        )
    assert set(caught.value.errors) == {f"{area}_rating", f"{area}_note"}
    assert "Only on a visit about one resident" in str(caught.value.errors[f"{area}_rating"])
    assert count_visits() == 0


def test_a_residents_visit_has_every_area(app, hf_flat, worker):
    elena = current_residents(hf_flat)[0]
    with app.test_request_context():
        visit = log_visit(
            hf_flat,
            _data(
                person_id=elena.id,
                observations={"common_spaces": (3, ""), "physical_health": (2, "Knee")},
            ),
            staff=worker,
        )
    assert {o.area for o in visit.observations} == {"common_spaces", "physical_health"}


def test_an_empty_visit_is_refused_for_the_whole_form(app, hf_flat, worker):
    untouched = _data(
        observations={"home_tenancy": (None, "  "), "common_spaces": (None, "")},
        next_visit_on=hf_flat.today() + timedelta(days=7),
        staff_present="Walter",
        duration_minutes=30,
    )
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        log_visit(hf_flat, untouched, staff=worker)
    assert set(caught.value.errors) == {WHOLE_FORM}
    assert "Nothing to save yet" in str(caught.value.errors[WHOLE_FORM])
    assert count_visits() == 0


def test_what_was_agreed_alone_is_a_visit(app, hf_flat, worker):
    with app.test_request_context():
        assert log_visit(hf_flat, _data(agreed_actions="Meet on Friday"), staff=worker)


def test_nobody_was_home_needs_nothing_and_takes_no_rating(app, hf_flat, worker):
    with app.test_request_context():
        visit = log_visit(hf_flat, _data(kind=VisitKind.NO_ANSWER), staff=worker)
        assert visit.observations == []
        with pytest.raises(RuleError) as caught:
            log_visit(
                hf_flat,
                _data(kind=VisitKind.NO_ANSWER, observations={"common_spaces": (3, "")}),
                staff=worker,
            )
    assert set(caught.value.errors) == {"common_spaces_rating"}
    assert "Nobody was home" in str(caught.value.errors["common_spaces_rating"])
    assert last_visits([hf_flat.id]) == {}  # it does not count as a visit


def test_who_reads_it(app, hf_flat):
    elena = current_residents(hf_flat)[0]
    assert readers_of(hf_flat, elena.id) == [elena]
    assert readers_of(hf_flat, None) == current_residents(hf_flat)


def test_housemates_never_read_per_person_notes_kept_on_an_older_house_visit(
    app, hf_flat, worker, add_visit
):
    elena = current_residents(hf_flat)[0]
    house = add_visit(hf_flat, staff=worker, ratings={"home_tenancy": 4})
    db.session.add(VisitObservation(visit_id=house.id, area="substance_use", rating=1, note="X"))
    db.session.commit()
    db.session.expire_all()
    [(visit, seen)] = visits_about(elena.id, hf_flat.id)
    assert visit.id == house.id and [o.area for o in seen] == ["home_tenancy"]
