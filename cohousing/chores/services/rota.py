"""The rota in the database: load what the planner needs, store what it decides.

`extend_plan` fills in occurrences that have no assignment yet and leaves planned ones
alone, so the 14 days ahead stay stable. The scheduled job (`flask cohousing plan-chores`)
runs it daily, and every write that changes the plan calls one of the two itself; no page
plans while it is shown.
`replan` plans again every planned, not-pinned assignment from a date on; done and skipped
ones, and everything before that date, stay as they are. Both run in the caller's
transaction and never touch the past.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select, update

from cohousing.chores.models import (
    Absence,
    AssignmentStatus,
    CapacityShare,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreExclusion,
    ChoreSwap,
    RecurrenceKind,
    SwapStatus,
)
from cohousing.chores.services import planner
from cohousing.chores.services.recurrence import occurrences
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership

LOOK_BACK_DAYS = 28
HORIZON_DAYS = 14


def horizon(household: Household) -> tuple[date, date]:
    today = household.today()
    return today, today + timedelta(days=HORIZON_DAYS - 1)


def replan(household: Household, from_date: date | None = None) -> None:
    """Plan again the future, not-done assignments from `from_date` (today at the earliest)."""
    _plan(household, from_date, keep_planned=False)


def extend_plan(household: Household) -> None:
    """Plan the occurrences of the next 14 days that have no assignment yet."""
    _plan(household, None, keep_planned=True)


def plan_all_households() -> int:
    """The daily job (`flask cohousing plan-chores`, not a request): extend every active
    household's plan, committing one household at a time so the transactions stay short
    and a long run keeps what it has done. Returns how many households it planned."""
    ids = db.session.scalars(select(Household.id).where(Household.archived_at.is_(None))).all()
    for household_id in ids:
        extend_plan(db.session.get(Household, household_id))
        db.session.commit()
    return len(ids)


def plan_needed(household: Household, chore: Chore, on: date) -> ChoreAssignment:
    """A "when needed" chore someone asked for: plan one turn on `on` (asking twice is one)."""
    _plan(household, None, keep_planned=True, needed=(chore, on))
    return db.session.scalar(select(ChoreAssignment).filter_by(chore_id=chore.id, due_on=on))


def why_eligible(household: Household, chore_id: int, on: date, person_id: int) -> str:
    """ "eligible", or why this person cannot take this chore that day (see planner)."""
    resident = next((r for r in _residents(household, on, on) if r.id == person_id), None)
    if resident is None:
        return "not_member"
    excluded = db.session.scalar(
        select(ChoreExclusion.id).filter_by(chore_id=chore_id, person_id=person_id)
    )
    exclusions = frozenset({(chore_id, person_id)}) if excluded else frozenset()
    return planner.status_of(resident, chore_id, on, exclusions)


def _residents(household: Household, window_start: date, end: date) -> list[planner.Resident]:
    stays: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for membership in db.session.scalars(
        select(Membership).where(
            Membership.household_id == household.id,
            Membership.started_on <= end,
            or_(Membership.ended_on.is_(None), Membership.ended_on > window_start),
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
            Absence.ends_on >= window_start,
        )
    ):
        absences[absence.person_id].append((absence.starts_on, absence.ends_on))
    return [
        planner.Resident(
            id=person_id,
            stays=tuple(sorted(stays[person_id], key=lambda s: s[0])),
            capacity=tuple(sorted(capacity[person_id])),
            absences=tuple(sorted(absences[person_id])),
        )
        for person_id in sorted(stays)
    ]


def _credits(household: Household, start: date, end: date):
    """(assignment id, person id, hundredths) for completions still standing in the dates."""
    return db.session.execute(
        select(ChoreAssignment.id, ChoreCredit.person_id, ChoreCredit.points_hundredths)
        .join(ChoreCompletion, ChoreCompletion.assignment_id == ChoreAssignment.id)
        .join(ChoreCredit, ChoreCredit.completion_id == ChoreCompletion.id)
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on.between(start, end),
            ChoreCompletion.undone_at.is_(None),
        )
    ).all()


def history(household: Household, start: date, end: date) -> dict[int, int]:
    """Hundredths of a point credited per person for chores due from `start` to `end`."""
    rows = db.session.execute(
        select(ChoreCredit.person_id, func.sum(ChoreCredit.points_hundredths))
        .join(ChoreCompletion, ChoreCredit.completion_id == ChoreCompletion.id)
        .join(ChoreAssignment, ChoreCompletion.assignment_id == ChoreAssignment.id)
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on.between(start, end),
            ChoreCompletion.undone_at.is_(None),
        )
        .group_by(ChoreCredit.person_id)
    ).all()
    return {person_id: int(total) for person_id, total in rows}


@dataclass(frozen=True)
class FairnessLine:
    person_id: int
    done: int  # hundredths of a point credited in the period
    fair_share: int  # hundredths: the period's total * weight / everyone's weight
    days_present: int

    @property
    def difference(self) -> int:
        """Above (positive) or below (negative) the fair share, in hundredths."""
        return self.done - self.fair_share


def fairness(household: Household, days: int = LOOK_BACK_DAYS) -> list[FairnessLine]:
    """Each resident of the period: effort really done against their fair share of it."""
    end = household.today()
    start = end - timedelta(days=days - 1)
    residents = _residents(household, start, end)
    done = history(household, start, end)
    plan_input = planner.PlanInput(start, end, tuple(residents), occurrences=())
    weight = planner.weights(plan_input)
    total_weight = sum(w for w, _ in weight.values())
    total = sum(done.get(r.id, 0) for r in residents)
    return [
        FairnessLine(
            person_id=r.id,
            done=done.get(r.id, 0),
            fair_share=planner.rounded_div(total * weight[r.id][0], total_weight),
            days_present=weight[r.id][1],
        )
        for r in residents
    ]


def why_json(planned: planner.Planned) -> str:
    return json.dumps(
        {
            "reason": planned.reason,
            "points": planned.points,
            "candidates": [candidate.__dict__ for candidate in planned.candidates],
        },
        separators=(",", ":"),
    )


def _plan(
    household: Household,
    from_date: date | None,
    *,
    keep_planned: bool,
    needed: tuple[Chore, date] | None = None,
) -> None:
    # One plan at a time per household (PostgreSQL; SQLite has one writer anyway), so two
    # changes saved at once cannot both insert the same turn.
    db.session.execute(select(Household.id).where(Household.id == household.id).with_for_update())
    today, end = horizon(household)
    start = max(from_date or today, today)
    window_start = today - timedelta(days=LOOK_BACK_DAYS)
    chores = {
        chore.id: chore
        for chore in db.session.scalars(
            select(Chore).where(Chore.household_id == household.id, Chore.active.is_(True))
        )
    }
    residents = _residents(household, window_start, end)
    by_id = {resident.id: resident for resident in residents}
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
    done_credits: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for assignment_id, person_id, hundredths in _credits(household, today, end):
        done_credits[assignment_id].append((person_id, hundredths))

    def still_fits(a: ChoreAssignment) -> bool:
        resident = by_id.get(a.person_id) if a.person_id else None
        return (
            a.chore_id in chores
            and resident is not None
            and planner.status_of(resident, a.chore_id, a.due_on, exclusions) == "eligible"
        )

    fixed, replaceable = [], {}
    for key, a in existing.items():
        if a.status is not AssignmentStatus.PLANNED:
            fixed.append(planner.Fixed(a.chore_id, a.due_on, tuple(done_credits[a.id])))
        elif (a.due_on < start or a.pinned or keep_planned) and still_fits(a):
            points = chores[a.chore_id].effort_points * 100
            fixed.append(planner.Fixed(a.chore_id, a.due_on, ((a.person_id, points),)))
        else:
            replaceable[key] = a
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
    decided = planner.plan(
        planner.PlanInput(
            window_start=window_start,
            horizon_end=end,
            residents=tuple(residents),
            occurrences=tuple(wanted),
            history=history(household, window_start, today - timedelta(days=1)),
            fixed=tuple(fixed),
            exclusions=exclusions,
        )
    )
    _store(household, decided, existing, replaceable)


def _store(household, decided, existing, replaceable) -> None:
    now = clock.now()
    moved = []
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
        replaceable.pop(key, None)
        if assignment.person_id != planned.person_id:
            moved.append(assignment.id)
            assignment.planned_at = now
        assignment.person_id = planned.person_id
        assignment.pinned = False
        assignment.reason = planned.reason
        assignment.why_json = why_json(planned)
    gone = [a.id for a in replaceable.values()]  # the chore stopped or no longer falls there
    if moved:
        db.session.execute(
            update(ChoreSwap)
            .where(ChoreSwap.assignment_id.in_(moved), ChoreSwap.status == SwapStatus.PENDING)
            .values(status=SwapStatus.CANCELLED, answered_at=now)
        )
    if gone:
        # Planned turns only: at most an undone completion (its credits already gone) hangs
        # on them. Deleted in SQL, children first, then forgotten by the session.
        db.session.flush()
        undone = select(ChoreCompletion.id).where(ChoreCompletion.assignment_id.in_(gone))
        for statement in (
            delete(ChoreSwap).where(ChoreSwap.assignment_id.in_(gone)),
            delete(ChoreCredit).where(ChoreCredit.completion_id.in_(undone)),
            delete(ChoreCompletion).where(ChoreCompletion.assignment_id.in_(gone)),
            delete(ChoreAssignment).where(ChoreAssignment.id.in_(gone)),
        ):
            db.session.execute(statement.execution_options(synchronize_session=False))
        for assignment in replaceable.values():
            db.session.expunge(assignment)
    db.session.flush()
