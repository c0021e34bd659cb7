"""The kept fair-share balances: counted once from the history, then moved by every write.

The rule is in `fairshare` (pure). Here: what it needs from the database, and the kept rows
(`ChoreBalance`), which every write that changes a past or present day moves by exactly what
that day counts after the write minus before it (`recounting`): a turn done, done with
help, undone, or done by someone else after a swap; an absence or capacity share recorded,
changed or removed for days up to today. A skipped turn is nobody's work and a swap alone
moves no effort, so they leave the balances as they are. A change of who lives there
(moving in or out, on any date) makes the household's balances be counted again from the
whole history at its next write. So the kept rows always equal `recount_all` (tested).

The planner and the screens read them in one query (`read`); a page never writes, so a
household not counted yet (no rows: after the migration, or after a move) is counted on the
fly for the page and stored by its next write, or by `flask cohousing rebuild-chore-balances`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import delete, event, func, inspect, or_, select
from sqlalchemy.orm import Session

from cohousing.chores.models import (
    Absence,
    CapacityShare,
    ChoreAssignment,
    ChoreBalance,
    ChoreCompletion,
    ChoreCredit,
)
from cohousing.chores.services.fairshare import Resident, Tally, days_between, decay, recount
from cohousing.database import claims
from cohousing.extensions import db
from cohousing.households.models import Household, Membership


def residents(household: Household, start: date, end: date) -> list[Resident]:
    """Who lived there at some point from `start` to `end`, with their stays, capacity
    shares and absences (three queries)."""
    stays: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for membership in db.session.scalars(
        select(Membership).where(
            Membership.household_id == household.id,
            Membership.started_on <= end,
            or_(Membership.ended_on.is_(None), Membership.ended_on > start),
        )
    ):
        stays[membership.person_id].append((membership.started_on, membership.ended_on))
    capacity: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for share in db.session.scalars(
        select(CapacityShare).where(
            CapacityShare.household_id == household.id, CapacityShare.valid_from <= end
        )
    ):
        capacity[share.person_id].append((share.valid_from, share.share_hundredths))
    absences: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for absence in db.session.scalars(
        select(Absence).where(
            Absence.household_id == household.id,
            Absence.starts_on <= end,
            Absence.ends_on >= start,
        )
    ):
        absences[absence.person_id].append((absence.starts_on, absence.ends_on))
    return [
        Resident(
            id=person_id,
            stays=tuple(sorted(stays[person_id], key=lambda s: s[0])),
            capacity=tuple(sorted(capacity[person_id])),
            absences=tuple(sorted(absences[person_id])),
        )
        for person_id in sorted(stays)
    ]


def credits_by_day(
    household: Household, start: date | None, end: date
) -> dict[date, dict[int, int]]:
    """Hundredths credited per person for the turns due each day (done, not undone)."""
    query = (
        select(
            ChoreAssignment.due_on, ChoreCredit.person_id, func.sum(ChoreCredit.points_hundredths)
        )
        .join(ChoreCompletion, ChoreCompletion.assignment_id == ChoreAssignment.id)
        .join(ChoreCredit, ChoreCredit.completion_id == ChoreCompletion.id)
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on <= end,
            ChoreCompletion.undone_at.is_(None),
        )
        .group_by(ChoreAssignment.due_on, ChoreCredit.person_id)
    )
    if start is not None:
        query = query.where(ChoreAssignment.due_on >= start)
    found: dict[date, dict[int, int]] = defaultdict(dict)
    for day, person_id, total in db.session.execute(query):
        found[day][person_id] = int(total)
    return dict(found)


def _count(household: Household, start: date, end: date, today: date) -> dict[int, Tally]:
    credits = credits_by_day(household, start, end)
    if not credits:
        return {}
    return recount(residents(household, start, end), credits, today, days_between(start, end))


def recount_all(household: Household) -> dict[int, Tally]:
    """The balances counted from the whole history, as of today (what the rows must equal)."""
    today = household.today()
    credits = credits_by_day(household, None, today)
    if not credits:
        return {}
    first = min(credits)
    return recount(residents(household, first, today), credits, today)


def _rows(household: Household) -> dict[int, ChoreBalance]:
    return {
        row.person_id: row
        for row in db.session.scalars(
            select(ChoreBalance).where(ChoreBalance.household_id == household.id)
        )
    }


def faded(rows: dict[int, ChoreBalance], today: date) -> dict[int, Tally]:
    """The rows as they stand on `today` (each faded from its `as_of`)."""
    return {
        pid: Tally(row.done, row.share).scaled(decay((today - row.as_of).days))
        for pid, row in rows.items()
    }


def read(household: Household) -> dict[int, Tally]:
    """Each person's balance today, in one query; writes nothing (counted on the fly when
    the household has not been counted yet)."""
    rows = _rows(household)
    if not rows:
        return recount_all(household)
    return faded(rows, household.today())


def lock(household: Household) -> None:
    """One writer of a household's rota and balances at a time (a row lock on PostgreSQL, the
    write lock on SQLite), so two taps or two planning runs at once cannot both move them."""
    claims.hold(Household, household.id)  # on SQLite too: the write lock, before reading


def _drop(session: Session, household_ids: set[int]) -> None:
    """Delete the rows in SQL, and forget the ones this session has loaded."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, ChoreBalance) and obj.household_id in household_ids:
            session.expunge(obj)
    session.execute(
        delete(ChoreBalance)
        .where(ChoreBalance.household_id.in_(household_ids))
        .execution_options(synchronize_session=False)
    )


def rebuild(household: Household) -> dict[int, ChoreBalance]:
    """Count the household's balances again from the whole history and store them."""
    today = household.today()
    _drop(db.session, {household.id})
    counted = recount_all(household)
    people = set(counted) | set(
        db.session.scalars(
            select(Membership.person_id).where(Membership.household_id == household.id)
        )
    )
    rows = {}
    for person_id in sorted(people):
        tally = counted.get(person_id, Tally())
        rows[person_id] = ChoreBalance(
            household_id=household.id,
            person_id=person_id,
            done=tally.done,
            share=tally.share,
            as_of=today,
        )
    db.session.add_all(rows.values())
    db.session.flush()
    return rows


def kept(household: Household) -> dict[int, ChoreBalance]:
    """The rows, counted first if they are not yet (in a write: the caller has the lock)."""
    return _rows(household) or rebuild(household)


def _apply(household: Household, changes: dict[int, Tally], today: date) -> None:
    rows = kept(household)
    for row in rows.values():
        if row.as_of != today:
            factor = decay((today - row.as_of).days)
            row.done, row.share, row.as_of = row.done * factor, row.share * factor, today
    for person_id, change in changes.items():
        row = rows.get(person_id)
        if row is None:
            row = ChoreBalance(household_id=household.id, person_id=person_id, as_of=today)
            row.done = row.share = 0.0
            db.session.add(row)
        row.done += change.done
        row.share += change.share
    db.session.flush()


@contextmanager
def recounting(household: Household, first: date, last: date) -> Iterator[None]:
    """Around a write that changes who did what, or who was home, on days `first`..`last`:
    afterwards the balances move by what those days (up to today) count now minus before."""
    lock(household)
    today = household.today()
    last = min(last, today)
    if first > last:
        yield
        return
    kept(household)  # counted before the change, so the change is not counted twice
    before = _count(household, first, last, today)
    yield
    db.session.flush()
    after = _count(household, first, last, today)
    changes = {}
    for person_id in set(before) | set(after):
        old, new = before.get(person_id, Tally()), after.get(person_id, Tally())
        changes[person_id] = Tally(new.done - old.done, new.share - old.share)
    _apply(household, changes, today)


# --- moving in or out: counted again ----------------------------------------------------


def _stay_changed(session: Session, obj: object) -> bool:
    if not isinstance(obj, Membership):
        return False
    if obj in session.new or obj in session.deleted:
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in ("started_on", "ended_on"))


def forget_on_moves(session: Session, _context, _instances) -> None:
    """before_flush: a stay that starts, ends or changes makes its household's balances be
    counted again from the history at the next write (the rows are dropped here)."""
    households = {
        obj.household_id if obj.household_id is not None else getattr(obj.household, "id", None)
        for obj in (*session.new, *session.dirty, *session.deleted)
        if _stay_changed(session, obj)
    }
    households.discard(None)
    if households:
        _drop(session, households)


def watch_moves() -> None:
    """Listen on every session, once (importing the services does it)."""
    if not event.contains(Session, "before_flush", forget_on_moves):
        event.listen(Session, "before_flush", forget_on_moves)
