"""Personal goals: set with the resident, looked at again on a review date.

A goal still active after its review date shows on the worker's dashboard.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.rules import RuleError
from cohousing.staff.models import StaffAccount
from cohousing.visits.models import Goal, GoalStatus
from cohousing.visits.services.visits import LIVES_HERE

MAX_AHEAD = timedelta(days=2 * 366)


REVIEW_AFTER_MONTHS = 3


def default_review_on(today: date) -> date:
    """Three months on, as support plans are usually reviewed: the form's first offer."""
    months = today.month - 1 + REVIEW_AFTER_MONTHS
    year, month = today.year + months // 12, months % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _check(household: Household, title: str, steps: str, review_on: date | None) -> dict:
    errors: dict[str, object] = {}
    if not title:
        errors["title"] = _l("Write the goal in a few words.")
    elif len(title) > 200:
        errors["title"] = _l("Up to 200 characters.")
    if len(steps) > 2000:
        errors["steps"] = _l("Up to 2,000 characters.")
    today = household.today()
    if review_on is None:
        errors["review_on"] = _l("Choose when to look at it again.")
    elif review_on < today:
        errors["review_on"] = _l("The review date cannot be in the past.")
    elif review_on > today + MAX_AHEAD:
        errors["review_on"] = _l("Choose a date within two years.")
    return errors


def add_goal(
    household: Household,
    *,
    person_id: int | None,
    title: str,
    steps: str,
    review_on: date | None,
    staff: StaffAccount | None,
    submission_id: str | None = None,
) -> Goal:
    title, steps = (title or "").strip(), (steps or "").strip()
    errors = _check(household, title, steps, review_on)
    if person_id is None or not is_current_resident(person_id, household):
        errors["person_id"] = LIVES_HERE
    if errors:
        raise RuleError(errors=errors)
    claimed = idempotency.claim(submission_id)
    goal = Goal(
        household_id=household.id,
        person_id=person_id,
        title=title,
        steps=steps,
        review_on=review_on,
        created_by_id=staff.id if staff else None,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    db.session.add(goal)
    db.session.flush()
    record(
        "goal.added", household_id=household.id, subject_person_id=person_id, detail=f"#{goal.id}"
    )
    if claimed is not None:
        claimed.led_to(str(goal.id))
    return goal


def review_goal(goal: Goal, household: Household, *, status: GoalStatus, review_on: date | None):
    """Looked at it together: reached, stopped, or still on with a new review date."""
    if status is GoalStatus.ACTIVE:
        errors = _check(household, goal.title, goal.steps, review_on)
        if errors:
            raise RuleError(errors=errors)
        goal.review_on = review_on
    goal.status = status
    goal.updated_at = clock.now()
    record(
        "goal.reviewed",
        household_id=household.id,
        subject_person_id=goal.person_id,
        detail=f"#{goal.id} {status.value}",
    )


def goals_of(household: Household) -> list[Goal]:
    """The household's goals: active ones first, the oldest review date first."""
    return list(
        db.session.scalars(
            select(Goal)
            .options(selectinload(Goal.person))
            .where(Goal.household_id == household.id)
            .order_by(Goal.status != GoalStatus.ACTIVE, Goal.review_on, Goal.id)
        )
    )


def goals_for_person(person_id: int, household_id: int) -> list[Goal]:
    return list(
        db.session.scalars(
            select(Goal)
            .where(Goal.person_id == person_id, Goal.household_id == household_id)
            .order_by(Goal.status != GoalStatus.ACTIVE, Goal.review_on, Goal.id)
        )
    )


def is_past_review(goal: Goal, today: date) -> bool:
    return goal.status is GoalStatus.ACTIVE and goal.review_on < today


def note_goals_viewed(household: Household, goals: list[Goal]) -> None:
    """One audit row per resident whose goals were on the page (never the goals' words)."""
    for person_id in sorted({g.person_id for g in goals}):
        record("goal.viewed", household_id=household.id, subject_person_id=person_id)
