"""Expenses on the database: add, edit, delete, restore, with their history.

Every change writes a history row (who, when, old -> new) and an audit record, and moves
the running balances by what it changed (`running.move`); nothing is deleted, only marked
deleted. The request commits; these only flush.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import (
    ChangeKind,
    Expense,
    ExpenseCategory,
    ExpenseChange,
    ExpensePayer,
    ExpenseShare,
    SplitKind,
)
from cohousing.money.services.amounts import amount_problem
from cohousing.money.services.common import (
    NOT_A_MEMBER,
    Actor,
    HistoryEntry,
    diff,
    history_of,
    members_on,
    too_far_ahead,
)
from cohousing.money.services.running import combine, expense_parties, lock, move
from cohousing.money.services.splits import Split, shares_or_errors
from cohousing.rules import RuleError


@dataclass(frozen=True)
class ExpenseData:
    """What an expense form says, already parsed to cents and ids."""

    description: str
    amount_cents: int
    spent_on: date
    category: ExpenseCategory
    payers: Mapping[int, int]  # person -> cents paid
    split: Split


def _check_expense(household: Household, data: ExpenseData, rotation: int) -> dict[int, int]:
    """The shares in cents, or RuleError listing every field that is wrong."""
    errors: dict[str, object] = {}
    today = household.today()
    if household.archived_at is not None:
        errors["household"] = _l("This household is closed.")
    if not data.description.strip():
        errors["description"] = _l("Say what the money was for.")
    elif len(data.description.strip()) > 200:
        errors["description"] = _l("Use at most 200 characters.")
    if problem := amount_problem(data.amount_cents):
        errors["amount"] = problem
    if too_far_ahead(data.spent_on, today):
        errors["spent_on"] = _l("This date is too far in the future.")
    if problem := _payers_problem(data, amount_known="amount" not in errors):
        errors["payers"] = problem
    shares: dict[int, int] = {}
    if "amount" not in errors:
        shares = shares_or_errors(data.amount_cents, data.split, rotation, errors)
    _refuse_outsiders(household, data, min(data.spent_on, today), errors)
    if errors:
        raise RuleError(errors=errors)
    return shares


def _refuse_outsiders(household: Household, data: ExpenseData, on: date, errors: dict) -> None:
    """Payers and participants must have lived in the household on the day (one query)."""
    people = set(data.payers) | set(data.split.values)
    outsiders = people - members_on(household.id, people, on)
    if outsiders & set(data.payers):
        errors.setdefault("payers", NOT_A_MEMBER)
    if outsiders & set(data.split.values):
        errors.setdefault("participants", NOT_A_MEMBER)


def _payers_problem(data: ExpenseData, *, amount_known: bool):
    if not data.payers:
        return _l("Choose who paid.")
    if any(cents <= 0 for cents in data.payers.values()):
        return _l("Each payer must have paid more than zero.")
    if amount_known and sum(data.payers.values()) != data.amount_cents:
        return _l("What each person paid must add up to the total.")
    return None


def _next_rotation(household_id: int) -> int:
    last = db.session.scalar(
        select(func.max(Expense.rotation_seq)).where(Expense.household_id == household_id)
    )
    return (last or 0) + 1


def _snapshot(expense: Expense) -> dict:
    return {
        "description": expense.description,
        "amount_cents": expense.amount_cents,
        "spent_on": expense.spent_on.isoformat(),
        "category": expense.category.value,
        "split_kind": expense.split_kind.value,
        "payers": {str(p.person_id): p.cents for p in expense.payers},
        "shares": {str(s.person_id): s.cents for s in expense.shares},
    }


def _fill(expense: Expense, data: ExpenseData, shares: dict[int, int]) -> None:
    basis = None if data.split.kind in (SplitKind.EQUAL, SplitKind.EXACT) else data.split.values
    expense.description = data.description.strip()
    expense.amount_cents = data.amount_cents
    expense.spent_on = data.spent_on
    expense.category = data.category
    expense.split_kind = data.split.kind
    if expense.id is not None:  # old rows out first, or the unique keys would clash
        expense.payers.clear()
        expense.shares.clear()
        db.session.flush()
    expense.payers = [ExpensePayer(person_id=p, cents=c) for p, c in sorted(data.payers.items())]
    expense.shares = [
        ExpenseShare(person_id=p, cents=c, basis=basis[p] if basis else None)
        for p, c in sorted(shares.items())
    ]


def _expense_change(expense: Expense, kind: ChangeKind, by: Actor, changes: dict) -> None:
    db.session.add(
        ExpenseChange(
            expense=expense,
            household_id=expense.household_id,
            kind=kind,
            by_person_id=by.person_id,
            by_staff_id=by.staff_id,
            changes=json.dumps(changes, sort_keys=True),
        )
    )


def add_expense(
    household: Household, data: ExpenseData, *, by: Actor, submission_id: str | None = None
) -> Expense:
    """Book an expense once (a second tap on save raises idempotency.AlreadySubmitted)."""
    rotation = _next_rotation(household.id)
    shares = _check_expense(household, data, rotation)
    claimed = idempotency.claim(submission_id)
    expense = Expense(
        household_id=household.id,
        rotation_seq=rotation,
        by_person_id=by.person_id,
        by_staff_id=by.staff_id,
    )
    _fill(expense, data, shares)
    db.session.add(expense)
    db.session.flush()
    move(household.id, expense_parties(expense))
    if claimed is not None:
        claimed.led_to(f"expense:{expense.id}")
    _expense_change(expense, ChangeKind.CREATED, by, diff({}, _snapshot(expense)))
    record("expense.added", household_id=household.id, detail=f"expense {expense.id}")
    return expense


def edit_expense(expense: Expense, data: ExpenseData, *, by: Actor) -> Expense:
    """Change an expense; the history keeps the old values. The spare cent stays put."""
    lock(expense)
    if expense.deleted_at is not None:
        raise RuleError(_l("This expense was deleted. Restore it first."), "expense")
    household = db.session.get(Household, expense.household_id)
    shares = _check_expense(household, data, expense.rotation_seq)
    before = _snapshot(expense)
    undone = expense_parties(expense, -1)
    _fill(expense, data, shares)
    db.session.flush()
    move(expense.household_id, combine(undone, expense_parties(expense)))
    changes = diff(before, _snapshot(expense))
    if changes:
        _expense_change(expense, ChangeKind.EDITED, by, changes)
        record("expense.edited", household_id=expense.household_id, detail=f"expense {expense.id}")
    return expense


def delete_expense(expense: Expense, *, by: Actor) -> None:
    """Take an expense out of the balances; it stays visible, marked deleted, with history."""
    lock(expense)
    if expense.deleted_at is not None:
        return
    expense.deleted_at = clock.now()
    move(expense.household_id, expense_parties(expense, -1))
    _expense_change(expense, ChangeKind.DELETED, by, {})
    record("expense.deleted", household_id=expense.household_id, detail=f"expense {expense.id}")


def restore_expense(expense: Expense, *, by: Actor) -> None:
    lock(expense)
    if expense.deleted_at is None:
        return
    expense.deleted_at = None
    move(expense.household_id, expense_parties(expense))
    _expense_change(expense, ChangeKind.RESTORED, by, {})
    record("expense.restored", household_id=expense.household_id, detail=f"expense {expense.id}")


@dataclass(frozen=True)
class PayerLine:
    person_id: int
    cents: int


@dataclass(frozen=True)
class ExpenseLine:
    """An expense as the lists show it, read as columns: no ORM object per row."""

    id: int
    spent_on: date
    description: str
    category: ExpenseCategory
    amount_cents: int
    deleted_at: datetime | None
    payers: tuple[PayerLine, ...] = ()


def recent_expenses(
    household: Household, *, limit: int = 50, with_deleted: bool = True, with_payers: bool = True
) -> list[ExpenseLine]:
    """Newest first, with their payers (the staff list names them; the tablet's does not):
    two queries however many, or one."""
    query = select(
        Expense.id,
        Expense.spent_on,
        Expense.description,
        Expense.category,
        Expense.amount_cents,
        Expense.deleted_at,
    ).where(Expense.household_id == household.id)
    if not with_deleted:
        query = query.where(Expense.deleted_at.is_(None))
    rows = db.session.execute(
        query.order_by(Expense.spent_on.desc(), Expense.id.desc()).limit(limit)
    ).all()
    payers: dict[int, list[PayerLine]] = {row.id: [] for row in rows}
    if with_payers and rows:
        for expense_id, person_id, cents in db.session.execute(
            select(ExpensePayer.expense_id, ExpensePayer.person_id, ExpensePayer.cents)
            .where(ExpensePayer.expense_id.in_(list(payers)))
            .order_by(ExpensePayer.expense_id, ExpensePayer.person_id)
        ):
            payers[expense_id].append(PayerLine(person_id, cents))
    return [ExpenseLine(*row, payers=tuple(payers[row.id])) for row in rows]


def history(expense: Expense) -> list[HistoryEntry]:
    """Who changed what and when on this expense, oldest first (shown on the expense)."""
    return history_of(ExpenseChange, ExpenseChange.expense_id, expense.id)
