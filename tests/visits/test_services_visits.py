"""Logging visits without HTTP: what is saved with its observations, what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import clock
from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.visits.models import Visit, VisitKind
from cohousing.visits.services import (
    VisitData,
    log_visit,
    note_visit_viewed,
    subjects_of,
    visits_about,
)


def _data(**changes) -> VisitData:
    values = {
        "kind": VisitKind.HOME,
        "visited_at": clock.now() - timedelta(hours=1),
        "agreed_actions": "Talk again next week",
    }
    values.update(changes)
    return VisitData(**values)


def count_visits() -> int:
    return db.session.scalar(select(func.count(Visit.id)))


def test_a_visit_is_saved_with_its_observations_and_audited(app, hf_flat, worker):
    elena = current_residents(hf_flat)[0]
    data = _data(
        person_id=elena.id,
        duration_minutes=50,
        agreed_actions="Book the GP",
        next_visit_on=hf_flat.today() + timedelta(days=7),
        observations={
            "home_tenancy": (4, "Tidy"),
            "safety": (2, "Door lock broken"),
            "money": (None, ""),
        },
    )
    with app.test_request_context():
        visit = log_visit(hf_flat, data, staff=worker)
        db.session.commit()
    assert {(o.area, o.rating, o.note) for o in visit.observations} == {
        ("home_tenancy", 4, "Tidy"),
        ("safety", 2, "Door lock broken"),
    }
    event = db.session.scalar(select(AuditEvent).filter_by(action="visit.logged"))
    assert event.subject_person_id == elena.id
    assert "Door" not in event.detail and "Tidy" not in event.detail


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_1_to_5_saves_nothing(app, hf_flat, worker, rating):
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        log_visit(hf_flat, _data(observations={"safety": (rating, "")}), staff=worker)
    assert "safety_rating" in caught.value.errors
    assert count_visits() == 0


def test_a_visit_cannot_be_in_the_future_or_over_a_year_ago(app, hf_flat, worker):
    with app.test_request_context(), pytest.raises(RuleError) as future:
        log_visit(hf_flat, _data(visited_at=clock.now() + timedelta(days=2)), staff=worker)
    with app.test_request_context(), pytest.raises(RuleError) as old:
        log_visit(hf_flat, _data(visited_at=clock.now() - timedelta(days=400)), staff=worker)
    assert "visited_at" in future.value.errors and "visited_at" in old.value.errors
    assert count_visits() == 0


def test_the_next_visit_comes_after_this_one_and_within_the_rhythm(app, hf_flat, worker):
    today = hf_flat.today()
    with app.test_request_context():
        with pytest.raises(RuleError) as before:
            log_visit(hf_flat, _data(next_visit_on=today - timedelta(days=1)), staff=worker)
        with pytest.raises(RuleError) as beyond:
            log_visit(hf_flat, _data(next_visit_on=today + timedelta(days=8)), staff=worker)
        assert log_visit(hf_flat, _data(next_visit_on=today + timedelta(days=7)), staff=worker)
    assert "next_visit_on" in before.value.errors
    assert "7" in str(beyond.value.errors["next_visit_on"])


def test_every_broken_rule_is_named_at_once(app, hf_flat, worker):
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        log_visit(
            hf_flat,
            _data(duration_minutes=0, staff_present="x" * 301, agreed_actions="y" * 4001),
            staff=worker,
        )
    assert set(caught.value.errors) == {"duration_minutes", "staff_present", "agreed_actions"}


def test_someone_from_another_household_cannot_be_the_subject(
    app, hf_flat, other_household, worker
):
    stranger = current_residents(other_household)[0]
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        log_visit(hf_flat, _data(person_id=stranger.id), staff=worker)
    assert "person_id" in caught.value.errors


def test_a_visit_is_logged_once_per_submission(app, hf_flat, worker):
    with app.test_request_context():
        first = log_visit(hf_flat, _data(), staff=worker, submission_id="v1")
        with pytest.raises(AlreadySubmitted) as again:
            log_visit(hf_flat, _data(), staff=worker, submission_id="v1")
    assert again.value.result == str(first.id) and count_visits() == 1


def test_what_a_resident_reads_and_whom_the_notes_are_about(app, hf_flat, worker, add_visit):
    elena, franco, _gino = current_residents(hf_flat)
    everyone = add_visit(hf_flat, staff=worker)
    about_franco = add_visit(hf_flat, staff=worker, person_id=franco.id)
    assert {v.id for v, _seen in visits_about(elena.id, hf_flat.id)} == {everyone.id}
    assert {v.id for v, _seen in visits_about(franco.id, hf_flat.id)} == {
        everyone.id,
        about_franco.id,
    }
    assert subjects_of(about_franco, hf_flat) == [franco.id]
    assert len(subjects_of(everyone, hf_flat)) == 3
    with app.test_request_context():
        note_visit_viewed(about_franco, hf_flat)
    [seen] = db.session.scalars(select(AuditEvent).filter_by(action="visit.viewed")).all()
    assert seen.subject_person_id == franco.id
