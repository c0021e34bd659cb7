"""What the chore screens read: the rota of a week, the fairness bars, "why me?" in words,
the chores and absences of a household. Reading only: the screens show what is planned
(the daily job and the writes that change the plan keep 14 days ahead), they never plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from cohousing.chores.models import Absence, Chore, ChoreAssignment, ChoreCompletion
from cohousing.chores.services import rota
from cohousing.chores.services.today import Why
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.web.parsing import EARLIEST_YEAR, LATEST_YEAR

WEEK_PATTERN = re.compile(r"([0-9]{4})-W([0-9]{2})")


def parse_week(text: str | None, fallback: date) -> date:
    """ "2026-W48" → that week's Monday; anything else (a week that does not exist, a year
    outside 1900-2200) → the Monday of `fallback`'s week."""
    match = WEEK_PATTERN.fullmatch(text or "")
    if match:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            monday = None
        if monday is not None and EARLIEST_YEAR <= monday.year <= LATEST_YEAR:
            return monday
    return fallback - timedelta(days=fallback.weekday())


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_navigation(text: str | None, today: date) -> dict:
    """The week asked for ("2026-W48", else today's) and its neighbours, for `_week.html`."""
    monday = parse_week(text, today)
    return {
        "monday": monday,
        "today": today,
        "week": week_label(monday),
        "previous_week": week_label(monday - timedelta(days=7)),
        "next_week": week_label(monday + timedelta(days=7)),
    }


def chores_of(household: Household, *, active_only: bool = False) -> list[Chore]:
    """The household's chores: active ones first, by name."""
    query = select(Chore).where(Chore.household_id == household.id)
    if active_only:
        query = query.where(Chore.active.is_(True))
    return list(db.session.scalars(query.order_by(Chore.active.desc(), Chore.name)))


def upcoming_absences(household: Household, person_id: int | None = None) -> list[Absence]:
    """Absences not over yet (everyone's, or one person's), the earliest first."""
    query = select(Absence).where(
        Absence.household_id == household.id, Absence.ends_on >= household.today()
    )
    if person_id is not None:
        query = query.where(Absence.person_id == person_id)
    return list(db.session.scalars(query.order_by(Absence.starts_on, Absence.id)))


def unassigned_count(household: Household) -> int:
    """Turns of the next 14 days that nobody can take (everyone away, left out, share 0)."""
    start, end = rota.horizon(household)
    return db.session.scalar(
        select(func.count())
        .select_from(ChoreAssignment)
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on.between(start, end),
            ChoreAssignment.person_id.is_(None),
        )
    )


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
