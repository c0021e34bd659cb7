"""After a fault run: what the clients were told was saved is in the database, once, and
nothing that failed left half a write behind."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import func, select

from benchmark.faults.clients import EXPENSE_CENTS, Attempt, ClientLog
from benchmark.faults.house import CHORE_POINTS
from cohousing.chores.models import AssignmentStatus, ChoreAssignment, ChoreCompletion, ChoreCredit
from cohousing.database.idempotency import SubmissionToken
from cohousing.extensions import db
from cohousing.money.models import ChangeKind, Expense, ExpenseChange, ExpensePayer, ExpenseShare
from cohousing.wellbeing.models import CheckIn


@dataclass
class Verdict:
    lost: list[str] = field(default_factory=list)  # acknowledged, not (all) in the database
    half_saved: list[str] = field(default_factory=list)  # part of a write without the rest
    saved_after_failure: int = 0  # the answer failed, the write was whole (committed)


def verify(app: Flask, logs: list[ClientLog]) -> Verdict:
    verdict = Verdict()
    with app.app_context():
        for log in logs:
            by_kind: dict[str, list[Attempt]] = defaultdict(list)
            for attempt in log.attempts:
                by_kind[attempt.kind].append(attempt)
            _expenses(log, by_kind["expense"], verdict)
            _chores(log, by_kind["chore"], verdict)
            _checkins(log, by_kind["checkin"], verdict)
        db.session.remove()
    return verdict


def _tokens(keys: set[str]) -> dict[str, str]:
    rows = db.session.execute(
        select(SubmissionToken.token, SubmissionToken.result).where(SubmissionToken.token.in_(keys))
    )
    return dict(rows.all())


def _sums(model, ids: set[int]) -> dict[int, tuple[int, int]]:
    """expense id -> (rows, cents) of its payers or shares."""
    rows = db.session.execute(
        select(model.expense_id, func.count(), func.sum(model.cents))
        .where(model.expense_id.in_(ids))
        .group_by(model.expense_id)
    )
    return {expense_id: (n, int(cents)) for expense_id, n, cents in rows}


def _expenses(log: ClientLog, attempts: list[Attempt], verdict: Verdict) -> None:
    keys = {a.key for a in attempts}
    acknowledged = {a.key for a in attempts if a.acknowledged}
    tokens = _tokens(keys)
    ids = {int(r.split(":")[1]) for r in tokens.values() if r.startswith("expense:")}
    found = set(
        db.session.scalars(
            select(Expense.id).where(
                Expense.id.in_(ids),
                Expense.household_id == log.plan.household_id,
                Expense.amount_cents == EXPENSE_CENTS,
            )
        )
    )
    payers, shares = _sums(ExpensePayer, ids), _sums(ExpenseShare, ids)
    created = set(
        db.session.scalars(
            select(ExpenseChange.expense_id).where(
                ExpenseChange.expense_id.in_(ids), ExpenseChange.kind == ChangeKind.CREATED
            )
        )
    )
    residents = len(log.plan.resident_ids)
    for key in keys:
        result = tokens.get(key)
        if result is None:
            if key in acknowledged:
                verdict.lost.append(f"client {log.plan.index}: expense {key} not saved")
            continue
        expense_id = int(result.split(":")[1]) if result.startswith("expense:") else None
        whole = (
            expense_id in found
            and payers.get(expense_id, (0, 0))[1] == EXPENSE_CENTS
            and shares.get(expense_id) == (residents, EXPENSE_CENTS)
            and expense_id in created
        )
        if not whole:
            verdict.half_saved.append(f"client {log.plan.index}: expense {key} -> {result!r}")
        elif key not in acknowledged:
            verdict.saved_after_failure += 1
    # The house's "Faults" expenses are exactly the claimed ones: none without its claim.
    total = db.session.scalar(
        select(func.count())
        .select_from(Expense)
        .where(Expense.household_id == log.plan.household_id, Expense.description == "Faults")
    )
    if total != len(ids):
        verdict.half_saved.append(
            f"client {log.plan.index}: {total} expenses booked for {len(ids)} claimed submissions"
        )


def _chores(log: ClientLog, attempts: list[Attempt], verdict: Verdict) -> None:
    tokens = _tokens({a.key for a in attempts})
    turns: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        turns[attempt.turn_id].append(attempt)
    completions = {
        row.assignment_id: row
        for row in db.session.scalars(
            select(ChoreCompletion).where(ChoreCompletion.assignment_id.in_(log.plan.turn_ids))
        )
    }
    credits = dict(
        db.session.execute(
            select(ChoreCredit.completion_id, func.sum(ChoreCredit.points_hundredths))
            .where(ChoreCredit.completion_id.in_([c.id for c in completions.values()]))
            .group_by(ChoreCredit.completion_id)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            select(ChoreAssignment.id, ChoreAssignment.status).where(
                ChoreAssignment.id.in_(log.plan.turn_ids)
            )
        ).all()
    )
    for turn_id in log.plan.turn_ids:
        tried = turns.get(turn_id, [])
        completion = completions.get(turn_id)
        claimed = any(a.key in tokens for a in tried)
        whole = (
            completion is not None
            and completion.undone_at is None
            and credits.get(completion.id) == CHORE_POINTS * 100
            and statuses[turn_id] is AssignmentStatus.DONE
        )
        where = f"client {log.plan.index}: turn {turn_id}"
        if completion is None and not claimed:
            if any(a.acknowledged for a in tried):
                verdict.lost.append(f"{where} acknowledged, not done")
            elif statuses[turn_id] is not AssignmentStatus.PLANNED:
                verdict.half_saved.append(f"{where} is {statuses[turn_id]} without a completion")
            continue
        if not whole or not claimed:
            verdict.half_saved.append(f"{where}: completion {completion}, claimed {claimed}")
        elif not any(a.acknowledged for a in tried):
            verdict.saved_after_failure += 1


def _checkins(log: ClientLog, attempts: list[Attempt], verdict: Verdict) -> None:
    """The day's one row holds the last acknowledged check-in, or one sent after it whose
    answer failed (it may have been committed); mood and note always of the same one."""
    if not attempts:
        return
    days = {day for a in attempts for day in a.days}
    rows = db.session.scalars(
        select(CheckIn).where(CheckIn.person_id == log.plan.person_id, CheckIn.local_date.in_(days))
    ).all()
    row = max(rows, key=lambda r: r.local_date) if rows else None
    acknowledged = [a for a in attempts if a.acknowledged]
    last = acknowledged[-1] if acknowledged else None
    allowed = [a for a in attempts if last is None or a is last or a.started > last.started]
    allowed += [a for a in attempts if a.outcome == "timeout"]  # may commit after its answer
    where = f"client {log.plan.index}: check-in"
    sent = {a.key: a for a in attempts}
    if row is None or row.note not in sent:  # no row, or the city's row of the day
        if last is not None:
            verdict.lost.append(f"{where} {last.key} acknowledged, not in the row")
        return
    if sent[row.note].mood != row.mood:
        verdict.half_saved.append(f"{where}: note of {row.note!r} with another mood")
    elif row.note not in {a.key for a in allowed}:
        verdict.lost.append(f"{where} {last.key} acknowledged, the row holds an older one")
    elif not sent[row.note].acknowledged:
        verdict.saved_after_failure += 1
