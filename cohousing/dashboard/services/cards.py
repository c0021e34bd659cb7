"""The dashboard's cards: every followed household, most urgent first, in a FIXED number
of queries whatever the number of households and the length of their history.

Each kind of fact is one aggregate query grouped by household (GROUP BY), never a query
per card. Indexes used: concern (household_id, status), checkin (household_id,
local_date), chore_assignment (household_id, due_on), visit (household_id, visited_at),
goal (household_id, status, review_on), membership (household_id, dates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, case, func, null, select
from sqlalchemy.orm import joinedload

from cohousing.chores.models import AssignmentStatus, ChoreAssignment
from cohousing.dashboard.services.money_health import MoneyHealth, money_health
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import TEMPLATES, current_membership_clause
from cohousing.visits.models import Goal, GoalStatus
from cohousing.visits.services import due_on, intervals, last_visits
from cohousing.wellbeing.models import CheckIn, Concern, ConcernStatus, WellbeingSettings
from cohousing.wellbeing.services import shares_nothing

MOOD_DAYS = 14
PARTICIPATION_DAYS = 7
CHORE_DAYS = 28
MIN_SHARERS = 3  # fewer people sharing a day: the household line could identify someone
# The facts of a card, each gathered by its own aggregate queries (see `_PART` below).
PARTS = ("concerns", "residents", "moods", "chores", "dues", "debts", "visits", "goals")


class Rates:
    """What the card and the kept summary's line say from the same counts."""

    residents: int
    checkins_week: int
    mood_days: list[float | None]
    chores_due: int
    chores_done: int

    @property
    def participation(self) -> int | None:
        """Percent of possible check-ins made in the last 7 days."""
        possible = self.residents * PARTICIPATION_DAYS
        return round(100 * self.checkins_week / possible) if possible else None

    @property
    def mood_hidden(self) -> bool:
        return sum(1 for m in self.mood_days if m is not None) < 2

    @property
    def mood_average(self) -> float | None:
        """The mean of the days shown (each day: at least three residents shared)."""
        known = [m for m in self.mood_days if m is not None]
        return None if self.mood_hidden else round(sum(known) / len(known), 1)

    @property
    def chore_rate(self) -> int | None:
        return round(100 * self.chores_done / self.chores_due) if self.chores_due else None


@dataclass
class Card(Rates):
    household: Household
    residents: int = 0
    urgent: list[Concern] = field(default_factory=list)
    other_concerns: list[Concern] = field(default_factory=list)
    checkins_week: int = 0
    missed: int = 0  # residents silent for longer than the household's missed-days rule
    mood_days: list[float | None] = field(default_factory=list)
    chores_due: int = 0
    chores_done: int = 0
    money: MoneyHealth = field(default_factory=MoneyHealth)
    last_visit: date | None = None
    visit_due: date | None = None
    visit_overdue_days: int = 0
    goals_past_review: int = 0

    @property
    def concerns(self) -> list[Concern]:
        return self.urgent + self.other_concerns

    def sort_key(self) -> tuple:
        unacknowledged = sum(1 for c in self.concerns if c.status is ConcernStatus.OPEN)
        return (
            not self.urgent,
            -len(self.urgent),
            not self.other_concerns,
            -unacknowledged,
            -len(self.other_concerns),
            -self.missed,
            -self.visit_overdue_days,
            -self.goals_past_review,
            self.household.name,
            self.household.id,
        )


def build_cards(households: Select[tuple[Household]], today: date) -> list[Card]:
    """Cards for `households` (a query), most urgent first."""
    rows = db.session.scalars(
        households.where(Household.archived_at.is_(None)).order_by(Household.name)
    ).all()
    return compute_cards(rows, today)


def compute_cards(
    households: list[Household], today: date, parts: Iterable[str] = PARTS
) -> list[Card]:
    """Cards for loaded households, from the whole record: the full recomputation (or
    only some `parts` of it, one or two aggregate queries each)."""
    cards = {h.id: Card(h) for h in households}
    ids = list(cards)
    if not ids:
        return []
    for part in parts:
        _PART[part](cards, ids, today)
    return sorted(cards.values(), key=Card.sort_key)


def _dues(cards: dict[int, Card], ids: list[int], today: date) -> None:
    for hid, health in money_health(ids, today, debts=False).items():
        cards[hid].money.overdue_cents = health.overdue_cents
        cards[hid].money.overdue_people = health.overdue_people


def _debts(cards: dict[int, Card], ids: list[int], today: date) -> None:
    for hid, health in money_health(ids, today, dues=False).items():
        cards[hid].money.largest_debt_cents = health.largest_debt_cents


def _concerns(cards: dict[int, Card], ids: list[int], _today: date | None = None) -> None:
    concerns = db.session.scalars(
        select(Concern)
        .options(
            joinedload(Concern.household),
            joinedload(Concern.person),
            joinedload(Concern.acknowledged_by),
            joinedload(Concern.resolved_by),
        )
        .where(Concern.household_id.in_(ids), Concern.status != ConcernStatus.RESOLVED)
        .order_by(Concern.created_at, Concern.id)
    ).unique()
    for concern in concerns:
        card = cards[concern.household_id]
        (card.urgent if concern.is_urgent else card.other_concerns).append(concern)


def _residents(cards: dict[int, Card], ids: list[int], today: date) -> None:
    """Residents, and how many have been silent longer than the missed-days rule."""
    # The last check-in per resident, newest first through the (person, day) index: a
    # grouped join read every check-in of two years on every dashboard view, and a filter
    # on the household made SQLite walk the household's days for residents who never check
    # in. A check-in from a former household is older than the move: see `since` below.
    last_checkin = (
        select(CheckIn.local_date)
        .where(CheckIn.person_id == Membership.person_id)
        .order_by(CheckIn.local_date.desc())
        .limit(1)
        .correlate(Membership)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Membership.household_id,
            Membership.started_on,
            last_checkin,
            WellbeingSettings.missed_days_alert,
        )
        .outerjoin(WellbeingSettings, WellbeingSettings.household_id == Membership.household_id)
        .where(Membership.household_id.in_(ids), current_membership_clause(today))
    ).all()
    for hid, started_on, last_checkin, missed_days in rows:
        card = cards[hid]
        card.residents += 1
        if missed_days is None:
            continue
        arrived = started_on - timedelta(days=1)
        since = max(last_checkin, arrived) if last_checkin else arrived
        if (today - since).days > missed_days:
            card.missed += 1


@dataclass(frozen=True)
class DayMood:
    """One household's check-ins on one day: how many, how many share their mood, and the
    mood's average, hidden below MIN_SHARERS (the API's aggregates are the same rule)."""

    checkins: int
    sharers: int
    total: int

    @property
    def average(self) -> float | None:
        return round(self.total / self.sharers, 2) if self.sharers >= MIN_SHARERS else None


def daily_moods(ids: list[int], first: date, last: date) -> dict[int, dict[date, DayMood]]:
    """Per household and day from `first` to `last`, in one grouped query."""
    # A resident who shares only that they checked in counts for participation, never in
    # the mood line: their mood is NULL here, which COUNT and SUM skip.
    shared = case(
        (shares_nothing(CheckIn.person_id, WellbeingSettings.default_share), null()),
        else_=CheckIn.mood,
    )
    per_day: dict[int, dict[date, DayMood]] = defaultdict(dict)
    for hid, day, count, sharers, total in db.session.execute(
        select(
            CheckIn.household_id,
            CheckIn.local_date,
            func.count(),
            func.count(shared),
            func.sum(shared),
        )
        .outerjoin(WellbeingSettings, WellbeingSettings.household_id == CheckIn.household_id)
        .where(CheckIn.household_id.in_(ids), CheckIn.local_date.between(first, last))
        .group_by(CheckIn.household_id, CheckIn.local_date)
    ):
        per_day[hid][day] = DayMood(int(count), int(sharers), int(total or 0))
    return per_day


def _moods(cards: dict[int, Card], ids: list[int], today: date) -> None:
    first = today - timedelta(days=MOOD_DAYS - 1)
    week_start = today - timedelta(days=PARTICIPATION_DAYS - 1)
    days = [first + timedelta(days=n) for n in range(MOOD_DAYS)]
    per_day = daily_moods(ids, first, today)
    for hid, card in cards.items():
        found = per_day.get(hid, {})
        card.checkins_week = sum(m.checkins for d, m in found.items() if d >= week_start)
        card.mood_days = [found[d].average if d in found else None for d in days]


def _chores(cards: dict[int, Card], ids: list[int], today: date) -> None:
    first = today - timedelta(days=CHORE_DAYS)
    done = case((ChoreAssignment.status == AssignmentStatus.DONE, 1), else_=0)
    for hid, due, finished in db.session.execute(
        select(ChoreAssignment.household_id, func.count(), func.sum(done))
        .where(
            ChoreAssignment.household_id.in_(ids),
            ChoreAssignment.due_on >= first,
            ChoreAssignment.due_on < today,
            ChoreAssignment.status != AssignmentStatus.SKIPPED,
        )
        .group_by(ChoreAssignment.household_id)
    ):
        cards[hid].chores_due, cards[hid].chores_done = int(due), int(finished or 0)


def _visits(cards: dict[int, Card], ids: list[int], today: date) -> None:
    every = intervals(ids)
    last = last_visits(ids)
    for hid, card in cards.items():
        household = card.household
        days = every.get(hid, TEMPLATES[household.kind].visit_every_days)
        last_day, next_on = last.get(hid, (None, None))
        card.last_visit = last_day
        card.visit_due = due_on(household, days, last_day, next_on)
        if card.visit_due is not None and today > card.visit_due:
            card.visit_overdue_days = (today - card.visit_due).days


def _goals(cards: dict[int, Card], ids: list[int], today: date) -> None:
    for hid, count in db.session.execute(
        select(Goal.household_id, func.count())
        .where(
            Goal.household_id.in_(ids),
            Goal.status == GoalStatus.ACTIVE,
            Goal.review_on < today,
        )
        .group_by(Goal.household_id)
    ):
        cards[hid].goals_past_review = int(count)


_PART = {
    "concerns": _concerns,
    "residents": _residents,
    "moods": _moods,
    "chores": _chores,
    "dues": _dues,
    "debts": _debts,
    "visits": _visits,
    "goals": _goals,
}
