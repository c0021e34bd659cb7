"""The rota of a week, the fairness bars and "why me?" in words: what the screens read.

Also `ensure_planned`: the screens call it so a plan that ran out (the daily job did not
run) is extended before it is shown. Two small queries when the plan is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cohousing.chores import rota
from cohousing.chores.models import Chore, ChoreAssignment, ChoreCompletion
from cohousing.chores.recurrence import occurrences
from cohousing.chores.today import Why
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str | None, fallback: date) -> date:
    """ "2026-W48" → that week's Monday; anything else → the Monday of `fallback`'s week."""
    match = WEEK_PATTERN.match(text or "")
    if match:
        try:
            return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            pass
    return fallback - timedelta(days=fallback.weekday())


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def plan_is_short(household: Household) -> bool:
    """Some turn of the next 14 days that the rules ask for has no row yet."""
    today, end = rota.horizon(household)
    chores = db.session.scalars(
        select(Chore).where(Chore.household_id == household.id, Chore.active.is_(True))
    ).all()
    wanted = {(c.id, day) for c in chores for day in occurrences(c.rule, today, end)}
    if not wanted:
        return False
    planned = set(
        db.session.execute(
            select(ChoreAssignment.chore_id, ChoreAssignment.due_on).where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.due_on.between(today, end),
            )
        ).all()
    )
    return not wanted <= planned


def ensure_planned(household: Household) -> bool:
    """Extend the plan when it is short, and commit; True when it did."""
    if not plan_is_short(household):
        return False
    rota.extend_plan(household)
    db.session.commit()
    return True


@dataclass(frozen=True)
class Day:
    day: date
    turns: list[ChoreAssignment]


def week_rota(household: Household, monday: date, person_id: int | None = None) -> list[Day]:
    """Seven days from `monday`, each with its turns (chore, person, completion loaded)."""
    sunday = monday + timedelta(days=6)
    query = (
        select(ChoreAssignment)
        .join(ChoreAssignment.chore)
        .options(
            joinedload(ChoreAssignment.chore),
            joinedload(ChoreAssignment.person),
            joinedload(ChoreAssignment.completion).joinedload(ChoreCompletion.done_by),
        )
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on.between(monday, sunday),
        )
        .order_by(ChoreAssignment.due_on, Chore.name, ChoreAssignment.id)
    )
    if person_id is not None:
        query = query.where(ChoreAssignment.person_id == person_id)
    turns = list(db.session.scalars(query).unique())
    return [
        Day(monday + timedelta(days=i), [t for t in turns if t.due_on == monday + timedelta(i)])
        for i in range(7)
    ]


@dataclass(frozen=True)
class Bar:
    person: Person
    done: float  # points
    fair_share: float
    done_percent: int  # of the longest bar on the chart
    share_percent: int

    @property
    def words(self) -> str:
        return _(
            "%(name)s has done %(done)s points; a fair share is %(share)s.",
            name=self.person.display_name,
            done=points(self.done),
            share=points(self.fair_share),
        )


def points(value: float) -> str:
    """Points for people: whole numbers when they are, else one decimal."""
    return format_decimal(round(value, 1), format="#,##0.#")


def fairness_bars(household: Household) -> list[Bar]:
    """Points done in the last 4 weeks against each resident's fair share, as bars."""
    lines = rota.fairness(household)
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Person).where(Person.id.in_([line.person_id for line in lines]))
        )
    }
    top = max([1, *(max(line.done, line.fair_share) for line in lines)])
    bars = [
        Bar(
            person=people[line.person_id],
            done=line.done / 100,
            fair_share=line.fair_share / 100,
            done_percent=round(100 * line.done / top),
            share_percent=round(100 * line.fair_share / top),
        )
        for line in lines
        if line.person_id in people
    ]
    return sorted(bars, key=lambda bar: bar.person.display_name)


def why_words(why: Why, me_id: int | None) -> list[str]:
    """ "Why me?" as short sentences from the numbers the planner stored."""
    if why.reason == "swap":
        return [_("This turn is yours because you accepted a swap.")]
    if why.reason == "nobody_eligible":
        return [_("Nobody could do this chore on that day (away, left out, or no share).")]
    if not why.lines:
        return [_("The numbers behind this turn were not kept.")]
    words = []
    for line in why.lines:
        numbers = {"done": points(line.effort), "share": points(line.fair_share)}
        if line.person.id == me_id:
            words.append(
                _(
                    "You have done or have planned %(done)s points; your fair share is %(share)s.",
                    **numbers,
                )
            )
        elif line.status == "eligible":
            words.append(
                _(
                    "%(name)s has %(done)s of %(share)s.",
                    name=line.person.display_name,
                    **numbers,
                )
            )
        else:
            words.append(_("%(name)s could not do it that day.", name=line.person.display_name))
    words.append(_("The chore goes to who is furthest below their fair share."))
    return words
