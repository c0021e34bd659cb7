"""Summaries kept per household, so the worker's list costs one indexed read for any number
of households and any length of history.

Kept on write, in the same transaction: a session hook notes the households whose records
changed in each flush (concerns, check-ins, sharing choices and settings, chores, visits
and their rhythm, goals, memberships, contributions and their payments, expenses and
payments), and just before the commit `refresh` recomputes their rows with the dashboard's
own aggregate queries (`cards.compute_cards`, the full recomputation: one code path).

Freshness: everything is exact after any write through the ORM. The facts over a window of
days (check-ins in 7 days, mood in 14, chores in 28, silent residents) also move with the
calendar and bulk UPDATEs bypass the hook: `flask cohousing rebuild-summaries --stale`, from
cron every hour, recomputes the rows not computed today, so those are at most one hour
past midnight behind. Whether a visit is overdue is decided at read time from the kept due
day. A household without a row (a database just upgraded) is computed on the fly, not
written: a GET writes nothing.

Concurrent writers (PostgreSQL, READ COMMITTED): `refresh` first locks the rows it will
write (an upsert, then FOR UPDATE, in household order) and only then reads, so a writer
that waited for another one's commit reads what it committed: the last commit wins with
a row that includes both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from cohousing.chores.models import ChoreAssignment
from cohousing.dashboard.models import HouseholdSummary
from cohousing.dashboard.services.cards import Card, Rates, compute_cards
from cohousing.database import clock
from cohousing.database.upsert import insert_for
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.money.models import (
    Contribution,
    ContributionPayment,
    Expense,
    ExpenseChange,
    Payment,
)
from cohousing.visits.models import Goal, Visit, VisitSchedule
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernEvent,
    ConcernStatus,
    WellbeingProfile,
    WellbeingSettings,
)

# Rows whose household_id changes what the summary says.
WATCHED = (
    Membership,
    Concern,
    CheckIn,
    WellbeingSettings,
    ChoreAssignment,
    Visit,
    VisitSchedule,
    Goal,
    Contribution,
    ContributionPayment,
    Expense,
    ExpenseChange,
    Payment,
)
_HOUSEHOLDS = "summaries.households"
_PEOPLE = "summaries.people"
_CONCERNS = "summaries.concerns"
FACTS = (
    "residents",
    "urgent_concerns",
    "other_concerns",
    "unacknowledged_concerns",
    "checkins_week",
    "missed",
    "mood_days",
    "chores_due",
    "chores_done",
    "overdue_cents",
    "overdue_people",
    "largest_debt_cents",
    "last_visit",
    "visit_due",
    "goals_past_review",
)


def summary_day() -> date:
    """The day the dashboard counts from (the app's time zone, as the dashboard)."""
    return clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def facts(card: Card) -> dict:
    """What a summary row keeps of a card."""
    return {
        "residents": card.residents,
        "urgent_concerns": len(card.urgent),
        "other_concerns": len(card.other_concerns),
        "unacknowledged_concerns": sum(1 for c in card.concerns if c.status is ConcernStatus.OPEN),
        "checkins_week": card.checkins_week,
        "missed": card.missed,
        "mood_days": json.dumps(card.mood_days),
        "chores_due": card.chores_due,
        "chores_done": card.chores_done,
        "overdue_cents": card.money.overdue_cents,
        "overdue_people": card.money.overdue_people,
        "largest_debt_cents": card.money.largest_debt_cents,
        "last_visit": card.last_visit,
        "visit_due": card.visit_due,
        "goals_past_review": card.goals_past_review,
    }


def recompute(household_ids: Iterable[int], today: date) -> dict[int, dict]:
    """{household: facts} from the whole record (a fixed number of queries)."""
    ids = sorted(set(household_ids))
    if not ids:
        return {}
    households = db.session.scalars(select(Household).where(Household.id.in_(ids))).all()
    return {card.household.id: facts(card) for card in compute_cards(list(households), today)}


def kept(household_ids: Iterable[int]) -> dict[int, dict]:
    """{household: facts} as kept (one indexed read)."""
    ids = list(household_ids)
    columns = [getattr(HouseholdSummary, name) for name in FACTS]
    rows = db.session.execute(
        select(HouseholdSummary.household_id, *columns).where(
            HouseholdSummary.household_id.in_(ids)
        )
    ).all()
    return {row[0]: dict(zip(FACTS, row[1:], strict=True)) for row in rows}


def refresh(household_ids: Iterable[int], today: date | None = None) -> int:
    """Recompute and write the rows of `household_ids` (locked first); returns how many."""
    ids = sorted(
        db.session.scalars(select(Household.id).where(Household.id.in_(set(household_ids))))
    )
    if not ids:
        return 0
    today = today or summary_day()
    now = clock.now()
    db.session.execute(
        insert_for(HouseholdSummary)
        .values([{"household_id": hid, "as_of": today, "computed_at": now} for hid in ids])
        .on_conflict_do_nothing(index_elements=[HouseholdSummary.household_id])
    )
    db.session.execute(
        select(HouseholdSummary.household_id)
        .where(HouseholdSummary.household_id.in_(ids))
        .order_by(HouseholdSummary.household_id)
        .with_for_update()
    ).all()
    rows = [
        {"household_id": hid, "as_of": today, "computed_at": now, **values}
        for hid, values in recompute(ids, today).items()
    ]
    db.session.execute(update(HouseholdSummary), rows)
    return len(ids)


def rebuild(stale_only: bool = False, today: date | None = None) -> int:
    """Recompute every household's row (or only those not computed `today`)."""
    today = today or summary_day()
    query = select(Household.id).order_by(Household.id)
    if stale_only:
        query = query.outerjoin(
            HouseholdSummary, HouseholdSummary.household_id == Household.id
        ).where((HouseholdSummary.as_of.is_(None)) | (HouseholdSummary.as_of < today))
    ids = list(db.session.scalars(query))
    for start in range(0, len(ids), 200):  # bounded IN lists
        refresh(ids[start : start + 200], today)
    return len(ids)


def _note_changes(session: Session, _flush_context) -> None:
    """After each flush: the households (and the people) whose records changed."""
    households = session.info.setdefault(_HOUSEHOLDS, set())
    people = session.info.setdefault(_PEOPLE, set())
    concerns = session.info.setdefault(_CONCERNS, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, WATCHED):
            households.add(obj.household_id)
        elif isinstance(obj, Household):
            households.add(obj.id)
        elif isinstance(obj, ConcernEvent):  # taken or resolved by a conditional UPDATE
            concerns.add(obj.concern_id)
        elif isinstance(obj, WellbeingProfile):  # a sharing choice: the person's household
            people.add(obj.person_id)


def _refresh_before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer commit refreshes, once
        return
    session.flush()  # the commit flushes after this hook: note the last changes first
    households = session.info.pop(_HOUSEHOLDS, set())
    people = session.info.pop(_PEOPLE, set())
    concerns = session.info.pop(_CONCERNS, set())
    if not (households or people or concerns) or not has_app_context():
        return
    if session is not db.session():  # `refresh` works in the app's session, never another
        return
    today = summary_day()
    if concerns:
        households |= set(
            session.scalars(select(Concern.household_id).where(Concern.id.in_(concerns)))
        )
    if people:
        households |= set(
            session.scalars(
                select(Membership.household_id).where(
                    Membership.person_id.in_(people), current_membership_clause(today)
                )
            )
        )
    households.discard(None)
    refresh(households, today)


def init_kept_summaries() -> None:
    """Install the hooks once (every session: requests, jobs, commands)."""
    if event.contains(Session, "after_flush", _note_changes):
        return
    event.listen(Session, "after_flush", _note_changes)
    event.listen(Session, "before_commit", _refresh_before_commit)


@dataclass
class Line(Rates):
    """One household on the worker's list, from its kept summary."""

    household: Household
    residents: int = 0
    urgent_concerns: int = 0
    other_concerns: int = 0
    unacknowledged_concerns: int = 0
    checkins_week: int = 0
    missed: int = 0
    mood_days: list[float | None] = field(default_factory=list)
    chores_due: int = 0
    chores_done: int = 0
    overdue_cents: int = 0
    overdue_people: int = 0
    largest_debt_cents: int = 0
    last_visit: date | None = None
    visit_due: date | None = None
    goals_past_review: int = 0
    visit_overdue_days: int = 0

    @property
    def open_concerns(self) -> int:
        return self.urgent_concerns + self.other_concerns
