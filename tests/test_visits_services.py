"""Visit and goal rules without HTTP: what is saved, what is refused, overdue visits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.goals import add_goal, goals_of, is_past_review, review_goal
from cohousing.visits.models import GoalStatus, Visit, VisitKind
from cohousing.visits.schedule import check_overdue_visits, set_interval, visit_interval
from cohousing.visits.services import VisitData, VisitError, log_visit
from cohousing.wellbeing.models import Concern, ConcernKind


def _data(**changes) -> VisitData:
    values = {"kind": VisitKind.HOME, "visited_at": clock.now() - timedelta(hours=1)}
    values.update(changes)
    return VisitData(**values)


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
    with app.test_request_context(), pytest.raises(VisitError) as caught:
        log_visit(hf_flat, _data(observations={"safety": (rating, "")}), staff=worker)
    assert "safety_rating" in caught.value.errors
    assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_a_visit_cannot_be_in_the_future(app, hf_flat, worker):
    with app.test_request_context(), pytest.raises(VisitError) as caught:
        log_visit(hf_flat, _data(visited_at=clock.now() + timedelta(days=2)), staff=worker)
    assert "visited_at" in caught.value.errors


def test_the_next_visit_comes_after_this_one_and_within_the_rhythm(app, hf_flat, worker):
    today = hf_flat.today()
    with app.test_request_context():
        with pytest.raises(VisitError) as before:
            log_visit(hf_flat, _data(next_visit_on=today - timedelta(days=1)), staff=worker)
        with pytest.raises(VisitError) as beyond:
            log_visit(hf_flat, _data(next_visit_on=today + timedelta(days=8)), staff=worker)
        assert log_visit(hf_flat, _data(next_visit_on=today + timedelta(days=7)), staff=worker)
    assert "next_visit_on" in before.value.errors
    assert "7" in str(beyond.value.errors["next_visit_on"])


def test_someone_from_another_household_cannot_be_the_subject(
    app, hf_flat, other_household, worker
):
    stranger = current_residents(other_household)[0]
    with app.test_request_context(), pytest.raises(VisitError) as caught:
        log_visit(hf_flat, _data(person_id=stranger.id), staff=worker)
    assert "person_id" in caught.value.errors


def test_housing_first_expects_a_visit_every_7_days_others_none(app, hf_flat, household):
    assert visit_interval(hf_flat) == 7
    assert visit_interval(household) is None
    with app.test_request_context():
        set_interval(household, 14)
    assert visit_interval(household) == 14


def test_an_overdue_visit_raises_one_concern_per_expected_day(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=6)
        assert check_overdue_visits() == []  # due tomorrow
        clock.advance(timedelta(days=2))
        raised = check_overdue_visits()
        again = check_overdue_visits()
        db.session.commit()
    assert [c.kind for c in raised] == [ConcernKind.OVERDUE_VISIT]
    assert again == []
    assert db.session.scalar(select(func.count(Concern.id))) == 1


def test_a_call_nobody_answered_does_not_count_as_a_visit(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=9)
        add_visit(hf_flat, days_ago=1, kind=VisitKind.NO_ANSWER)
        raised = check_overdue_visits()
    assert len(raised) == 1


def test_an_agreed_earlier_date_is_when_the_visit_is_due(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=4, next_visit_on=hf_flat.today() - timedelta(days=1))
        raised = check_overdue_visits()
    assert len(raised) == 1
    assert raised[0].dedupe_key.endswith((hf_flat.today() - timedelta(days=1)).isoformat())


def test_goals_need_a_review_date_not_in_the_past(app, hf_flat, worker, clock):
    elena = current_residents(hf_flat)[0]
    with app.test_request_context():
        with pytest.raises(VisitError) as caught:
            add_goal(
                hf_flat,
                person_id=elena.id,
                title="Cook twice a week",
                steps="",
                review_on=hf_flat.today() - timedelta(days=1),
                staff=worker,
            )
        goal = add_goal(
            hf_flat,
            person_id=elena.id,
            title="Cook twice a week",
            steps="",
            review_on=hf_flat.today() + timedelta(days=3),
            staff=worker,
        )
        db.session.commit()
    assert "review_on" in caught.value.errors
    assert not is_past_review(goal, hf_flat.today())
    clock.advance(timedelta(days=5))
    assert is_past_review(goal, hf_flat.today())
    with app.test_request_context():
        review_goal(goal, hf_flat, status=GoalStatus.REACHED, review_on=None)
    assert not is_past_review(goal, hf_flat.today())
    assert goals_of(hf_flat) == [goal]


def test_the_check_visits_command_at_a_moment_and_a_bad_moment(app, hf_flat, clock):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "2026-11-30T12:00"])
    assert "0 overdue visit concern(s) raised" in result.output
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "2026-12-05T12:00"])
    assert "1 overdue visit concern(s) raised" in result.output
    assert clock.now().day == 25  # the clock is given back
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "soon"])
    assert result.exit_code != 0 and "--at" in result.output
