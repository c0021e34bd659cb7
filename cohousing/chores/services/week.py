"""What the chore screens read: the rota of a week, the fairness bars, "why me?" in words,
the chores and absences of a household. Reading only: the screens show what is planned
(the daily job and the writes that change the plan keep 14 days ahead), they never plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from cohousing.chores.models import Absence, Chore, ChoreAssignment, ChoreCompletion
from cohousing.chores.services import balances, rota
from cohousing.chores.services.today import Why
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
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


# The bars' scale: at least one 3-point chore either side, so small differences look small.
BAR_SCALE_POINTS = 3.0


def points(value: float) -> str:
    """Points for people: whole numbers when they are, else one decimal (Babel)."""
    return format_decimal(round(value, 1), format="#,##0.#")


def _plural(value: float) -> int:
    """The count ngettext chooses the form by. A number shown with decimals ("1,5") takes
    the plural, as in Italian and English (the catalogue's plural rule wants an integer)."""
    rounded = round(abs(value), 1)
    return int(rounded) if rounded == int(rounded) else 2


def balance_words(value: float, name: str | None = None) -> str:
    """A balance in plain words: "Anna has done 1.5 points more than their fair share";
    without a name, "you"."""
    shown = points(abs(value))
    count = _plural(value)
    if round(value, 1) > 0:
        if name is None:
            return ngettext(
                "You have done %(points)s point more than your fair share.",
                "You have done %(points)s points more than your fair share.",
                count,
                points=shown,
            )
        return ngettext(
            "%(name)s has done %(points)s point more than their fair share.",
            "%(name)s has done %(points)s points more than their fair share.",
            count,
            points=shown,
            name=name,
        )
    if round(value, 1) < 0:
        if name is None:
            return ngettext(
                "You have done %(points)s point less than your fair share.",
                "You have done %(points)s points less than your fair share.",
                count,
                points=shown,
            )
        return ngettext(
            "%(name)s has done %(points)s point less than their fair share.",
            "%(name)s has done %(points)s points less than their fair share.",
            count,
            points=shown,
            name=name,
        )
    if name is None:
        return _("You are at your fair share.")
    return _("%(name)s is at their fair share.", name=name)


@dataclass(frozen=True)
class Bar:
    person: Person
    balance: float  # points above (+) or below (-) the fair share, as the planner reads it
    percent: int  # of half the track, to the right (above) or the left (below)

    @property
    def side(self) -> str:
        value = round(self.balance, 1)
        return "above" if value > 0 else "below" if value < 0 else "even"

    @property
    def words(self) -> str:
        return balance_words(self.balance, self.person.display_name)


def fairness_bars(household: Household, residents: list[Person] | None = None) -> list[Bar]:
    """Each resident's balance today (the one the planner reads), as bars around the fair
    share, by name (two queries; one when the page has the residents already)."""
    kept = balances.read(household)
    residents = current_residents(household) if residents is None else residents
    values = {p.id: kept[p.id].balance / 100 if p.id in kept else 0.0 for p in residents}
    scale = max([BAR_SCALE_POINTS, *(abs(v) for v in values.values())])
    bars = [
        Bar(person=p, balance=values[p.id], percent=round(50 * abs(values[p.id]) / scale))
        for p in residents
    ]
    return sorted(bars, key=lambda bar: bar.person.display_name)


def _line_words(line, me_id: int | None) -> str:
    """One candidate when the turn was planned, counting their share of it."""
    if line.status != "eligible":
        return _("%(name)s could not do it that day.", name=line.person.display_name)
    gap, shown = line.gap, points(abs(line.gap))
    count = _plural(gap)
    if line.person.id == me_id:
        if round(gap, 1) >= 0:
            return ngettext(
                "You were %(points)s point above your fair share, counting this turn.",
                "You were %(points)s points above your fair share, counting this turn.",
                count,
                points=shown,
            )
        return ngettext(
            "You were %(points)s point below your fair share, counting this turn.",
            "You were %(points)s points below your fair share, counting this turn.",
            count,
            points=shown,
        )
    name = line.person.display_name
    if round(gap, 1) >= 0:
        return ngettext(
            "%(name)s was %(points)s point above their fair share.",
            "%(name)s was %(points)s points above their fair share.",
            count,
            points=shown,
            name=name,
        )
    return ngettext(
        "%(name)s was %(points)s point below their fair share.",
        "%(name)s was %(points)s points below their fair share.",
        count,
        points=shown,
        name=name,
    )


def why_words(why: Why, me_id: int | None) -> list[str]:
    """ "Why me?" as short sentences: my balance today (the same as my bar), then the
    numbers the planner stored when it chose, then the rule."""
    words = [balance_words(why.today.get(me_id, 0.0))] if me_id is not None else []
    if why.reason == "swap":
        return [*words, _("This turn is yours because you accepted a swap.")]
    if why.reason == "nobody_eligible":
        return [*words, _("Nobody could do this chore on that day (away, left out, or no share).")]
    if not why.lines:
        return [*words, _("The numbers behind this turn were not kept.")]
    words.append(_("When this turn was planned:"))
    words += [_line_words(line, me_id) for line in why.lines]
    if why.reason == "kept":
        words.append(
            _(
                "It was yours already: a turn stays with its person while everyone stays"
                " within one chore of their fair share."
            )
        )
    words.append(_("The chore goes to who is furthest below their fair share."))
    return words
