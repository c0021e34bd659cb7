"""The rota in the database: load what the planner needs, store what it decides.

`extend_plan` (the daily job `flask cohousing plan-chores`, a swap answered, a new
household) keeps every planned turn that still fits and plans only the new ones. `replan`
(an absence, a capacity share, a chore added, changed, stopped or started, someone left out
or back in) changes the plan steadily: the turns the change concerns move, and others only
as far as the bound needs (see `planner`); today's turns stay with whoever can still do
them. Done and skipped turns, and the past, are never touched. Every turn that changes
hands is noted for both residents (`changes`). Both run in the caller's transaction; no
page plans while it is shown.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import delete, select, update

from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreExclusion,
    ChoreSwap,
    RecurrenceKind,
    SwapStatus,
)
from cohousing.chores.services import balances, changes, planner
from cohousing.chores.services.recurrence import occurrences
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household

HORIZON_DAYS = 14


def horizon(household: Household) -> tuple[date, date]:
    today = household.today()
    return today, today + timedelta(days=HORIZON_DAYS - 1)


def replan(household: Household) -> None:
    """Change the plan of the next 14 days steadily after a change (see the docstring)."""
    _plan(household, steady=True)


def extend_plan(household: Household) -> None:
    """Plan the occurrences of the next 14 days that have no assignment yet."""
    _plan(household, steady=False)


def plan_all_households() -> int:
    """The daily job (`flask cohousing plan-chores`, not a request): extend every active
    household's plan, committing one household at a time so the transactions stay short
    and a long run keeps what it has done. Returns how many households it planned."""
    ids = db.session.scalars(select(Household.id).where(Household.archived_at.is_(None))).all()
    for household_id in ids:
        extend_plan(db.session.get(Household, household_id))
        db.session.commit()
    return len(ids)


def rebuild_all_balances() -> int:
    """`flask cohousing rebuild-chore-balances` (not a request): count every active
    household's balances again from its whole history, one household per transaction.
    Returns how many."""
    ids = db.session.scalars(select(Household.id).where(Household.archived_at.is_(None))).all()
    for household_id in ids:  # an archived house is read-only: counted on the fly when shown
        household = db.session.get(Household, household_id)
        balances.lock(household)
        balances.rebuild(household)
        db.session.commit()
    return len(ids)


def plan_needed(household: Household, chore: Chore, on: date) -> ChoreAssignment:
    """A "when needed" chore someone asked for: plan one turn on `on` (asking twice is one)."""
    _plan(household, steady=False, needed=(chore, on))
    return db.session.scalar(select(ChoreAssignment).filter_by(chore_id=chore.id, due_on=on))


def why_eligible(household: Household, chore_id: int, on: date, person_id: int) -> str:
    """ "eligible", or why this person cannot take this chore that day (see planner)."""
    resident = next((r for r in balances.residents(household, on, on) if r.id == person_id), None)
    if resident is None:
        return "not_member"
    excluded = db.session.scalar(
        select(ChoreExclusion.id).filter_by(chore_id=chore_id, person_id=person_id)
    )
    exclusions = frozenset({(chore_id, person_id)}) if excluded else frozenset()
    return planner.status_of(resident, chore_id, on, exclusions)


def why_json(planned: planner.Planned) -> str:
    """The numbers the planner saw, for "why me?" (hundredths of a point, rounded)."""
    return json.dumps(
        {
            "reason": planned.reason,
            "points": planned.points,
            "candidates": [
                {
                    "person_id": c.person_id,
                    "status": c.status,
                    "capacity": c.capacity,
                    "balance": round(c.balance),
                    "share": round(c.share),
                }
                for c in planned.candidates
            ],
        },
        separators=(",", ":"),
    )


def _wanted(chores: dict[int, Chore], existing, today: date, end: date, needed):
    wanted = [
        planner.Occurrence(chore.id, day, chore.effort_points)
        for chore in chores.values()
        for day in occurrences(chore.rule, today, end)
    ]
    # "When needed" turns have no rule dates: the ones asked for stay wanted.
    wanted += [
        planner.Occurrence(a.chore_id, a.due_on, chores[a.chore_id].effort_points)
        for a in existing.values()
        if a.chore_id in chores and chores[a.chore_id].recurrence_kind is RecurrenceKind.WHEN_NEEDED
    ]
    if needed is not None and needed[0].id in chores:
        wanted.append(planner.Occurrence(needed[0].id, needed[1], needed[0].effort_points))
    return tuple(wanted)


def _plan(household: Household, *, steady: bool, needed: tuple[Chore, date] | None = None):
    # One plan at a time per household, so two changes saved at once cannot both insert
    # the same turn; the same lock guards the balances.
    balances.lock(household)
    today, end = horizon(household)
    chores = {
        chore.id: chore
        for chore in db.session.scalars(
            select(Chore).where(Chore.household_id == household.id, Chore.active.is_(True))
        )
    }
    exclusions = frozenset(
        db.session.execute(
            select(ChoreExclusion.chore_id, ChoreExclusion.person_id)
            .join(Chore, Chore.id == ChoreExclusion.chore_id)
            .where(Chore.household_id == household.id)
        ).all()
    )
    existing = {
        (a.chore_id, a.due_on): a
        for a in db.session.scalars(
            select(ChoreAssignment).where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.due_on.between(today, end),
            )
        )
    }
    open_ = {k: a for k, a in existing.items() if a.status is AssignmentStatus.PLANNED}
    kept = balances.kept(household)
    decided = planner.plan(
        planner.PlanInput(
            today=today,
            horizon_end=end,
            residents=tuple(balances.residents(household, today, end)),
            occurrences=_wanted(chores, existing, today, end, needed),
            balances={pid: t.balance for pid, t in balances.faded(kept, today).items()},
            current={k: a.person_id for k, a in open_.items() if a.person_id is not None},
            pinned=frozenset(k for k, a in open_.items() if a.pinned),
            closed=frozenset(set(existing) - set(open_)),
            exclusions=exclusions,
            steady=steady,
        )
    )
    _store(household, decided, existing, open_)


def _store(household, decided, existing, open_) -> None:
    now = clock.now()
    moved: list[tuple[ChoreAssignment, int | None]] = []
    for planned in decided:
        key = (planned.chore_id, planned.on)
        assignment = existing.get(key)
        if assignment is None:
            db.session.add(
                ChoreAssignment(
                    household_id=household.id,
                    chore_id=planned.chore_id,
                    due_on=planned.on,
                    person_id=planned.person_id,
                    reason=planned.reason,
                    why_json=why_json(planned),
                    planned_at=now,
                )
            )
            continue
        open_.pop(key, None)
        if assignment.person_id == planned.person_id:
            if planned.candidates:  # kept in a change: the numbers as they are now
                assignment.reason = planned.reason
                assignment.why_json = why_json(planned)
            continue
        moved.append((assignment, assignment.person_id))
        assignment.person_id = planned.person_id
        assignment.planned_at = now
        assignment.pinned = False
        assignment.reason = planned.reason
        assignment.why_json = why_json(planned)
    if moved:
        db.session.execute(
            update(ChoreSwap)
            .where(
                ChoreSwap.assignment_id.in_([a.id for a, _ in moved]),
                ChoreSwap.status == SwapStatus.PENDING,
            )
            .values(status=SwapStatus.CANCELLED, answered_at=now)
        )
        changes.note(household, [(a.chore_id, a.due_on, old, a.person_id) for a, old in moved])
    _delete(open_)  # planned turns of a chore that stopped, or no longer falls there
    db.session.flush()


def _delete(gone: dict) -> None:
    """Planned turns only: at most an undone completion (its credits already gone) hangs on
    them. Deleted in SQL, children first, then forgotten by the session."""
    if not gone:
        return
    ids = [a.id for a in gone.values()]
    db.session.flush()
    undone = select(ChoreCompletion.id).where(ChoreCompletion.assignment_id.in_(ids))
    for statement in (
        delete(ChoreSwap).where(ChoreSwap.assignment_id.in_(ids)),
        delete(ChoreCredit).where(ChoreCredit.completion_id.in_(undone)),
        delete(ChoreCompletion).where(ChoreCompletion.assignment_id.in_(ids)),
        delete(ChoreAssignment).where(ChoreAssignment.id.in_(ids)),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    for assignment in gone.values():
        db.session.expunge(assignment)
