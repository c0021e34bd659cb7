"""Payments between residents, or into and out of the pot, with their history.

Whoever is on a payment lived in the household on its day. Settling up with someone who
moved out is the one exception: a payment dated today between them and a current resident
(or the pot) is allowed, so their balance can be brought to zero. A correction may keep
such a payment's own date. A deleted payment stays, marked deleted: it can be neither
corrected nor deleted again.
"""

from __future__ import annotations

import json
from datetime import date

from flask_babel import lazy_gettext as _l

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import ChangeKind, Payment, PaymentChange
from cohousing.money.services.amounts import amount_problem
from cohousing.money.services.balances import balances
from cohousing.money.services.common import (
    NOT_A_MEMBER,
    Actor,
    HistoryEntry,
    diff,
    history_of,
    members_on,
    moved_out_by,
    people_of,
    too_far_ahead,
)
from cohousing.money.services.running import lock, move, payment_parties
from cohousing.money.services.settle import Party
from cohousing.people.models import Person
from cohousing.rules import RuleError

DELETED = _l("This payment was deleted.")
SETTLE_TODAY = _l("With someone who has moved out, a payment can only have today's date.")


def _check_people(
    household: Household, payer: Party, payee: Party, paid_on: date, kept_on: date | None
) -> dict[str, object]:
    """Everyone on the payment lived there on its day (today at the latest), except one
    former resident settling up with a resident of that day or the pot, dated today (or,
    for a correction, on the payment's own date `kept_on`)."""
    today = household.today()
    day = min(paid_on, today)
    people = {p for p in (payer, payee) if p is not None}
    outsiders = people - members_on(household.id, people, day)
    if not outsiders:
        return {}
    if len(outsiders) == 1 and moved_out_by(household.id, outsiders, day):
        # the other one lives there on that day, or is the pot
        return {} if paid_on in (today, kept_on) else {"paid_on": SETTLE_TODAY}
    fields = {payer: "from_person", payee: "to_person"}
    return {fields[person]: NOT_A_MEMBER for person in outsiders}


def _check_payment(
    household: Household,
    payer: Party,
    payee: Party,
    cents: int,
    paid_on: date,
    kept_on: date | None = None,
):
    errors: dict[str, object] = {}
    if problem := amount_problem(cents):
        errors["amount"] = problem
    if too_far_ahead(paid_on, household.today()):
        errors["paid_on"] = _l("This date is too far in the future.")
    if payer is None and payee is None:
        errors["from_person"] = _l("Choose who paid.")
    elif payer == payee:
        errors["to_person"] = _l("Choose someone else to pay.")
    else:
        errors = _check_people(household, payer, payee, paid_on, kept_on) | errors
    if errors:
        raise RuleError(errors=errors)


def moved_out_with_balance(household: Household) -> list[Person]:
    """Former residents who still owe or are owed money: they can settle up (today)."""
    open_ = {p for p, cents in balances(household).items() if p is not None and cents}
    former = open_ - members_on(household.id, open_, household.today())
    people = people_of(household)
    return sorted((people[p] for p in former if p in people), key=lambda p: (p.display_name, p.id))


def record_payment(
    household: Household,
    *,
    payer: Party,
    payee: Party,
    cents: int,
    paid_on: date,
    by: Actor,
    note: str = "",
    submission_id: str | None = None,
) -> Payment:
    """Money handed over between residents, or into (payee None) or out of the pot."""
    _check_payment(household, payer, payee, cents, paid_on)
    claimed = idempotency.claim(submission_id)
    payment = Payment(
        household_id=household.id,
        from_person_id=payer,
        to_person_id=payee,
        cents=cents,
        paid_on=paid_on,
        note=note.strip()[:200],
        by_person_id=by.person_id,
        by_staff_id=by.staff_id,
    )
    db.session.add(payment)
    db.session.flush()
    move(household.id, payment_parties(payment))
    if claimed is not None:
        claimed.led_to(f"payment:{payment.id}")
    _payment_change(payment, ChangeKind.CREATED, by, {"cents": [None, cents]})
    record("payment.recorded", household_id=household.id, detail=f"payment {payment.id}")
    return payment


def _payment_change(payment: Payment, kind: ChangeKind, by: Actor, changes: dict) -> None:
    db.session.add(
        PaymentChange(
            payment=payment,
            kind=kind,
            by_person_id=by.person_id,
            by_staff_id=by.staff_id,
            changes=json.dumps(changes, sort_keys=True),
        )
    )


def edit_payment(payment: Payment, *, cents: int, paid_on: date, note: str, by: Actor) -> None:
    """Correct the amount, date or note; the history keeps the old values."""
    lock(payment)
    if payment.deleted_at is not None:
        raise RuleError(DELETED)
    household = db.session.get(Household, payment.household_id)
    _check_payment(
        household,
        payment.from_person_id,
        payment.to_person_id,
        cents,
        paid_on,
        kept_on=payment.paid_on,
    )
    before = {"cents": payment.cents, "paid_on": payment.paid_on.isoformat(), "note": payment.note}
    if moved := cents - payment.cents:
        move(household.id, {payment.from_person_id: moved, payment.to_person_id: -moved})
    payment.cents, payment.paid_on, payment.note = cents, paid_on, note.strip()[:200]
    after = {"cents": cents, "paid_on": paid_on.isoformat(), "note": payment.note}
    if changes := diff(before, after):
        _payment_change(payment, ChangeKind.EDITED, by, changes)
        record("payment.edited", household_id=household.id, detail=f"payment {payment.id}")


def delete_payment(payment: Payment, *, by: Actor) -> None:
    """Take a payment out of the balances; it stays visible, marked deleted, with history."""
    lock(payment)
    if payment.deleted_at is not None:
        raise RuleError(DELETED)
    payment.deleted_at = clock.now()
    move(payment.household_id, payment_parties(payment, -1))
    _payment_change(payment, ChangeKind.DELETED, by, {})
    record("payment.deleted", household_id=payment.household_id, detail=f"payment {payment.id}")


def payment_history(payment: Payment) -> list[HistoryEntry]:
    return history_of(PaymentChange, PaymentChange.payment_id, payment.id)
