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
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from cohousing.chores.models import ChoreAssignment
from cohousing.dashboard.models import HouseholdSummary
from cohousing.dashboard.services.cards import PARTS, Card, Rates, compute_cards
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

# Rows whose household_id changes what the summary says, and which parts of it.
WATCHED = {
    Membership: PARTS,
    Concern: ("concerns",),
    CheckIn: ("residents", "moods"),
    WellbeingSettings: ("residents", "moods"),
    ChoreAssignment: ("chores",),
    Visit: ("visits",),
    VisitSchedule: ("visits",),
    Goal: ("goals",),
    Contribution: ("dues",),
    ContributionPayment: ("dues",),
    Expense: ("debts",),  # through the running balances they move
    ExpenseChange: ("debts",),
    Payment: ("debts",),
}
FACTS_OF = {
    "concerns": ("urgent_concerns", "other_concerns", "unacknowledged_concerns"),
    "residents": ("residents", "missed"),
    "moods": ("checkins_week", "mood_days"),
    "chores": ("chores_due", "chores_done"),
    "dues": ("overdue_cents", "overdue_people"),
    "debts": ("largest_debt_cents",),
    "visits": ("last_visit", "visit_due"),
    "goals": ("goals_past_review",),
}
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


def facts(card: Card, parts: Iterable[str] = PARTS) -> dict:
    """What a summary row keeps of a card (only the columns of `parts`)."""
    wanted = {name for part in parts for name in FACTS_OF[part]}
    every = {
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
    return {name: value for name, value in every.items() if name in wanted}


def recompute(
    household_ids: Iterable[int], today: date, parts: Iterable[str] = PARTS
) -> dict[int, dict]:
    """{household: facts} from the whole record (a fixed number of queries a part)."""
    ids = sorted(set(household_ids))
    parts = tuple(parts)
    if not ids:
        return {}
    cards = compute_cards(loaded_households(ids), today, parts)
    return {card.household.id: facts(card, parts) for card in cards}


def loaded_households(ids: list[int]) -> list[Household]:
    """The households, from the session where a writer has them already (one query for
    the rest): a write's refresh reads no household twice."""
    mapper = inspect(Household)
    found = {}
    for hid in ids:
        row = db.session.identity_map.get(mapper.identity_key_from_primary_key((hid,)))
        if row is not None and "name" in inspect(row).dict:
            found[hid] = row
    if rest := [hid for hid in ids if hid not in found]:
        found |= {
            h.id: h for h in db.session.scalars(select(Household).where(Household.id.in_(rest)))
        }
    return [found[hid] for hid in ids if hid in found]


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


def refresh(
    household_ids: Iterable[int], today: date | None = None, parts: Iterable[str] = PARTS
) -> int:
    """Recompute and write the rows of `household_ids` (locked first; a household without
    a row yet gets every part); returns how many."""
    wanted = sorted(set(household_ids))
    if not wanted:
        return 0
    existing = _lock(wanted)
    missing = _households_without_row(hid for hid in wanted if hid not in existing)
    ids = sorted(existing | set(missing))
    if not ids:
        return 0
    today = today or summary_day()
    now = clock.now()
    if missing:  # a writer at the same moment may insert it first: then we wait for it
        db.session.execute(
            insert_for(HouseholdSummary)
            .values([{"household_id": h, "as_of": today, "computed_at": now} for h in missing])
            .on_conflict_do_nothing(index_elements=[HouseholdSummary.household_id])
        )
    computed = recompute(existing, today, parts) if existing else {}
    computed |= recompute(missing, today) if missing else {}
    rows = [
        {"household_id": hid, "as_of": today, "computed_at": now, **values}
        for hid, values in computed.items()
    ]
    db.session.execute(update(HouseholdSummary), rows)
    return len(ids)


def _households_without_row(household_ids: Iterable[int]) -> list[int]:
    """Of these, the households that exist (a row is made for them); no query for none."""
    ids = set(household_ids)
    if not ids:
        return []
    return sorted(db.session.scalars(select(Household.id).where(Household.id.in_(ids))))


def _lock(household_ids: Iterable[int]) -> set[int]:
    """Lock the existing rows, in household order (FOR UPDATE on PostgreSQL)."""
    return set(
        db.session.scalars(
            select(HouseholdSummary.household_id)
            .where(HouseholdSummary.household_id.in_(list(household_ids)))
            .order_by(HouseholdSummary.household_id)
            .with_for_update()
        )
    )


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
    households: dict[int, set[str]] = session.info.setdefault(_HOUSEHOLDS, {})
    people = session.info.setdefault(_PEOPLE, set())
    concerns = session.info.setdefault(_CONCERNS, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if (parts := WATCHED.get(type(obj))) is not None:
            households.setdefault(obj.household_id, set()).update(parts)
        elif isinstance(obj, Household):
            households.setdefault(obj.id, set()).update(PARTS)
        elif isinstance(obj, ConcernEvent):  # taken or resolved by a conditional UPDATE
            concerns.add(obj.concern_id)
        elif isinstance(obj, WellbeingProfile):  # a sharing choice: the person's household
            people.add(obj.person_id)


def _refresh_before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer commit refreshes, once
        return
    session.flush()  # the commit flushes after this hook: note the last changes first
    households: dict[int, set[str]] = session.info.pop(_HOUSEHOLDS, {})
    people = session.info.pop(_PEOPLE, set())
    concerns = session.info.pop(_CONCERNS, set())
    if not (households or people or concerns) or not has_app_context():
        return
    if session is not db.session():  # `refresh` works in the app's session, never another
        return
    today = summary_day()
    _add_households_of(households, concerns, people, today)
    by_parts: dict[tuple[str, ...], list[int]] = {}
    for hid, parts in households.items():
        by_parts.setdefault(tuple(p for p in PARTS if p in parts), []).append(hid)
    if len(by_parts) > 1:
        _lock(households)  # every row at once, in one order: two writers never deadlock
    for parts, ids in sorted(by_parts.items()):
        refresh(ids, today, parts)


def _add_households_of(households: dict, concerns: set, people: set, today: date) -> None:
    """The households of the concerns taken or resolved, and of the people whose sharing
    choice changed (their mood line)."""
    if concerns:
        for hid in db.session.scalars(select(Concern.household_id).where(Concern.id.in_(concerns))):
            households.setdefault(hid, set()).add("concerns")
    if people:
        for hid in db.session.scalars(
            select(Membership.household_id).where(
                Membership.person_id.in_(people), current_membership_clause(today)
            )
        ):
            households.setdefault(hid, set()).add("moods")
    households.pop(None, None)


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
