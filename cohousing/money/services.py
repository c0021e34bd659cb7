"""Money rules on the database: expenses, history, balances, settling up.

Views call these and commit once. Every change writes a history row (who, when, old ->
new) and an audit record; nothing is deleted, only marked deleted. Payments live in
`payments`, the shared checks in `rules`; both are re-exported here, the one module views
import.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.money.models import (
    ChangeKind,
    Expense,
    ExpenseCategory,
    ExpenseChange,
    ExpensePayer,
    ExpenseShare,
    MoneySettings,
    Payment,
)
from cohousing.money.payments import (
    delete_payment,
    edit_payment,
    payment_history,
    record_payment,
)
from cohousing.money.rules import (
    SYSTEM,
    Actor,
    HistoryEntry,
    MoneyRuleError,
    amount_problem,
    diff,
    history_of,
    members_on,
    too_far_ahead,
)
from cohousing.money.settle import Party, Transfer, keep_plan, kitty_transfers
from cohousing.money.splits import Split, SplitError, SplitKind, compute

__all__ = [
    "CATEGORY_LABELS",
    "SYSTEM",
    "Actor",
    "ExpenseData",
    "HistoryEntry",
    "MoneyRuleError",
    "add_expense",
    "balances",
    "delete_expense",
    "delete_payment",
    "edit_expense",
    "edit_payment",
    "expense_in",
    "history",
    "members_on",
    "payment_history",
    "recent_expenses",
    "record_payment",
    "restore_expense",
    "settings_for",
    "suggested_transfers",
]

CATEGORY_LABELS = {
    ExpenseCategory.GROCERIES: _l("Food and groceries"),
    ExpenseCategory.HOUSEHOLD: _l("Things for the house"),
    ExpenseCategory.RENT: _l("Rent"),
    ExpenseCategory.UTILITIES: _l("Bills (electricity, gas, water)"),
    ExpenseCategory.INTERNET: _l("Internet and phone"),
    ExpenseCategory.REPAIRS: _l("Repairs"),
    ExpenseCategory.OTHER: _l("Other"),
}


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
    """The shares in cents, or MoneyRuleError listing every field that is wrong."""
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
    if not data.payers:
        errors["payers"] = _l("Choose who paid.")
    elif any(cents <= 0 for cents in data.payers.values()):
        errors["payers"] = _l("Each payer must have paid more than zero.")
    elif "amount" not in errors and sum(data.payers.values()) != data.amount_cents:
        errors["payers"] = _l("What each person paid must add up to the total.")
    shares: dict[int, int] = {}
    if "amount" not in errors:
        try:
            shares = compute(data.amount_cents, data.split, rotation)
        except SplitError as error:
            errors[error.field] = error.message
    people = set(data.payers) | set(data.split.values)
    outsiders = people - members_on(household.id, people, min(data.spent_on, today))
    if outsiders & set(data.payers):
        errors.setdefault("payers", _l("Choose people who live in this household."))
    if outsiders & set(data.split.values):
        errors.setdefault("participants", _l("Choose people who live in this household."))
    if errors:
        raise MoneyRuleError(errors)
    return shares


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
    if claimed is not None:
        claimed.result = f"expense:{expense.id}"
    _expense_change(expense, ChangeKind.CREATED, by, diff({}, _snapshot(expense)))
    record("expense.added", household_id=household.id, detail=f"expense {expense.id}")
    return expense


def edit_expense(expense: Expense, data: ExpenseData, *, by: Actor) -> Expense:
    """Change an expense; the history keeps the old values. The spare cent stays put."""
    if expense.deleted_at is not None:
        raise MoneyRuleError({"expense": _l("This expense was deleted. Restore it first.")})
    household = db.session.get(Household, expense.household_id)
    shares = _check_expense(household, data, expense.rotation_seq)
    before = _snapshot(expense)
    _fill(expense, data, shares)
    db.session.flush()
    changes = diff(before, _snapshot(expense))
    if changes:
        _expense_change(expense, ChangeKind.EDITED, by, changes)
        record("expense.edited", household_id=expense.household_id, detail=f"expense {expense.id}")
    return expense


def delete_expense(expense: Expense, *, by: Actor) -> None:
    """Take an expense out of the balances; it stays visible, marked deleted, with history."""
    if expense.deleted_at is not None:
        return
    expense.deleted_at = clock.now()
    _expense_change(expense, ChangeKind.DELETED, by, {})
    record("expense.deleted", household_id=expense.household_id, detail=f"expense {expense.id}")


def restore_expense(expense: Expense, *, by: Actor) -> None:
    if expense.deleted_at is None:
        return
    expense.deleted_at = None
    _expense_change(expense, ChangeKind.RESTORED, by, {})
    record("expense.restored", household_id=expense.household_id, detail=f"expense {expense.id}")


def expense_in(household: Household, expense_id: int) -> Expense | None:
    """The household's expense with this id, or None (the view answers 404)."""
    expense = db.session.get(Expense, expense_id)
    return expense if expense is not None and expense.household_id == household.id else None


def recent_expenses(
    household: Household, *, limit: int = 50, with_deleted: bool = True
) -> list[Expense]:
    """Newest first, payers and shares loaded with them: three queries however many."""
    query = select(Expense).where(Expense.household_id == household.id)
    if not with_deleted:
        query = query.where(Expense.deleted_at.is_(None))
    return list(
        db.session.scalars(
            query.options(selectinload(Expense.payers), selectinload(Expense.shares))
            .order_by(Expense.spent_on.desc(), Expense.id.desc())
            .limit(limit)
        )
    )


def history(expense: Expense) -> list[HistoryEntry]:
    """Who changed what and when on this expense, oldest first (shown on the expense)."""
    return history_of(ExpenseChange, ExpenseChange.expense_id, expense.id)


def balances(household: Household) -> dict[Party, int]:
    """What the house owes each person (negative: what they owe), from ONE aggregate query.

    Paid minus shares of live expenses, plus payments made, minus payments received.
    Current residents appear even at zero; None is the pot, shown when not empty.
    """
    hid = household.id
    live = (Expense.household_id == hid) & Expense.deleted_at.is_(None)
    paid_live = (Payment.household_id == hid) & Payment.deleted_at.is_(None)
    rows = union_all(
        select(ExpensePayer.person_id.label("party"), ExpensePayer.cents.label("cents"))
        .join(Expense)
        .where(live),
        select(ExpenseShare.person_id, -ExpenseShare.cents).join(Expense).where(live),
        select(Payment.from_person_id, Payment.cents).where(paid_live),
        select(Payment.to_person_id, -Payment.cents).where(paid_live),
        select(Membership.person_id, literal(0)).where(
            Membership.household_id == hid, current_membership_clause(household.today())
        ),
    ).subquery()
    totals = db.session.execute(
        select(rows.c.party, func.sum(rows.c.cents)).group_by(rows.c.party)
    ).all()
    result = {party: int(total or 0) for party, total in totals}
    if not result.get(None):
        result.pop(None, None)
    return result


def settings_for(household: Household) -> MoneySettings:
    """The household's money settings (defaults if none saved; not added to the session)."""
    found = db.session.scalar(
        select(MoneySettings).where(MoneySettings.household_id == household.id)
    )
    return found or MoneySettings(household_id=household.id, kitty_mode=False)


def suggested_transfers(
    household: Household,
    owed: dict[Party, int] | None = None,
    settings: MoneySettings | None = None,
) -> list[Transfer]:
    """Who should pay whom to settle up, in a fixed number of queries.

    Kitty mode: everyone pays into or is paid from the pot. Otherwise the plan is made from
    the balances as they were at the last change to an expense; payments recorded since
    then are taken off it, so paying a suggestion never reshuffles the others. A page that
    has the balances and settings already passes them (two queries fewer).
    """
    now = balances(household) if owed is None else owed
    if (settings or settings_for(household)).kitty_mode:
        return kitty_transfers(now)
    last_change = (
        select(func.max(ExpenseChange.at))
        .where(ExpenseChange.household_id == household.id)
        .scalar_subquery()
    )
    since = db.session.execute(
        select(Payment.from_person_id, Payment.to_person_id, Payment.cents)
        .where(
            Payment.household_id == household.id,
            Payment.deleted_at.is_(None),
            (Payment.created_at >= last_change) | last_change.is_(None),
        )
        .order_by(Payment.id)
    ).all()
    paid = [Transfer(payer, payee, cents) for payer, payee, cents in since]
    base = dict(now)
    for transfer in paid:  # undo them: the balances the plan was made from
        base[transfer.payer] = base.get(transfer.payer, 0) - transfer.cents
        base[transfer.payee] = base.get(transfer.payee, 0) + transfer.cents
    return keep_plan(base, paid)
