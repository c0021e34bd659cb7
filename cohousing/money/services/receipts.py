"""Receipt photos on expenses: one per expense, taken with the tablet's camera or uploaded
by staff. The upload is cleaned by the same code as residents' faces
(`people.services.process_receipt`: checked by Pillow, upright, at most 1600 px, no EXIF
or location); the bytes stay in the database. Who may open one is the scope's decision
(the household's tablet, its linked staff); every staff look is in the access register.
"""

from __future__ import annotations

from typing import IO

from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.money.models import Expense, ExpenseReceipt
from cohousing.money.services.common import Actor
from cohousing.people.services import process_receipt
from cohousing.rules import RuleError


def clean_receipt(stream: IO[bytes]) -> bytes:
    """The cleaned JPEG, or RuleError naming the `receipt` field."""
    try:
        return process_receipt(stream)
    except RuleError as error:
        raise RuleError(error.message, "receipt") from None


def attach_receipt(expense: Expense, photo: bytes, by: Actor) -> ExpenseReceipt:
    """Keep `photo` (already cleaned) as the expense's receipt; a new one replaces the old."""
    receipt = receipt_of(expense)
    if receipt is None:
        receipt = ExpenseReceipt(expense_id=expense.id, household_id=expense.household_id)
        db.session.add(receipt)
    else:
        receipt.version += 1
    receipt.photo = photo
    receipt.by_person_id, receipt.by_staff_id = by.person_id, by.staff_id
    db.session.flush()
    record("money.receipt_added", household_id=expense.household_id, detail=f"expense {expense.id}")
    return receipt


def receipt_of(expense: Expense) -> ExpenseReceipt | None:
    return db.session.scalar(select(ExpenseReceipt).where(ExpenseReceipt.expense_id == expense.id))


def receipt_versions(expense_ids: list[int]) -> dict[int, int]:
    """Expense id -> receipt version, for a list of expenses (one query, no photo bytes)."""
    if not expense_ids:
        return {}
    rows = db.session.execute(
        select(ExpenseReceipt.expense_id, ExpenseReceipt.version).where(
            ExpenseReceipt.expense_id.in_(expense_ids)
        )
    )
    return dict(rows.all())
