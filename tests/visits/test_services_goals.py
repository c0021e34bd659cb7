"""Personal goals without HTTP: review dates, reviews, whose goals they are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.visits.models import Goal, GoalStatus
from cohousing.visits.services import (
    add_goal,
    goals_for_person,
    goals_of,
    is_past_review,
    review_goal,
)


def test_goals_need_a_review_date_not_in_the_past(app, hf_flat, worker, clock):
    elena = current_residents(hf_flat)[0]
    with app.test_request_context():
        with pytest.raises(RuleError) as caught:
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


def test_a_goal_names_every_broken_rule(app, hf_flat, other_household, worker):
    stranger = current_residents(other_household)[0]
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        add_goal(
            hf_flat,
            person_id=stranger.id,
            title="",
            steps="s" * 2001,
            review_on=hf_flat.today() + timedelta(days=3 * 366),
            staff=worker,
        )
    assert set(caught.value.errors) == {"person_id", "title", "steps", "review_on"}
    assert db.session.scalar(select(func.count(Goal.id))) == 0


def test_still_working_on_it_needs_a_new_review_date(app, hf_flat, worker):
    elena, franco, _gino = current_residents(hf_flat)
    with app.test_request_context():
        goal = add_goal(
            hf_flat,
            person_id=elena.id,
            title="Find a course",
            steps="",
            review_on=hf_flat.today() + timedelta(days=3),
            staff=worker,
        )
        with pytest.raises(RuleError) as caught:
            review_goal(goal, hf_flat, status=GoalStatus.ACTIVE, review_on=None)
        later = hf_flat.today() + timedelta(days=30)
        review_goal(goal, hf_flat, status=GoalStatus.ACTIVE, review_on=later)
    assert "review_on" in caught.value.errors
    assert goal.review_on == later and goal.status is GoalStatus.ACTIVE
    assert goals_for_person(elena.id, hf_flat.id) == [goal]
    assert goals_for_person(franco.id, hf_flat.id) == []


def test_the_review_is_offered_three_months_on_within_the_month():
    from datetime import date

    from cohousing.visits.services import default_review_on

    assert default_review_on(date(2026, 11, 25)) == date(2027, 2, 25)
    assert default_review_on(date(2026, 11, 30)) == date(2027, 2, 28)
    assert default_review_on(date(2026, 3, 31)) == date(2026, 6, 30)
