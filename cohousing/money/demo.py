"""Demo money for the family household: six months of shopping and bills, rent, a payment.

Made through the money services (so the demo obeys every rule and writes history and
audit rows). Rent is a recurring expense booked by the schedules job, as in real life.
Runs once: a household that already has expenses gets nothing more.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_residents
from cohousing.money.models import Expense, ExpenseCategory, Period, SplitKind
from cohousing.money.services import (
    Actor,
    ExpenseData,
    Split,
    add_expense,
    create_recurring,
    months_back,
    record_payment,
    run_schedules,
)

MONTHS = 6
ADULTS = ("Giulia Marchetti", "Sara Conti")  # who pays the bills in the demo family
SHOPS = ("Spesa Esselunga", "Spesa Conad", "Mercato di piazza San Michele", "Spesa Coop")


def add_money_demo(household: Household) -> list[str]:
    """Fill `household` with six months of money; the lines say what was added."""
    if db.session.scalar(select(Expense.id).where(Expense.household_id == household.id)):
        return []
    today = household.today()
    start = months_back(today, MONTHS - 1)
    for membership in db.session.scalars(
        select(Membership).where(Membership.household_id == household.id)
    ):
        membership.started_on = min(membership.started_on, start)  # they lived there already
    db.session.flush()
    people = current_residents(household)
    adults = [p for p in people if p.display_name in ADULTS] or people[:2]
    giulia, sara = adults[0], adults[-1]  # the parents share the costs; children do not pay
    both = Split.equal([p.id for p in adults])
    count = 0
    for month in range(MONTHS):
        first = months_back(today, MONTHS - 1 - month)
        for week in range(4):
            day = first + timedelta(days=3 + 7 * week)
            if day > today:
                break
            payer = giulia if week == 3 else sara
            cents = 3_250 + (month * 977 + week * 1_531) % 6_400
            _expense(household, SHOPS[week], cents, day, ExpenseCategory.GROCERIES, payer.id, both)
            count += 1
        bill_day = first + timedelta(days=14)
        if month % 2 == 0 and bill_day <= today:
            weights = Split(SplitKind.SHARES, {p.id: 1 for p in adults})
            _expense(
                household,
                "Bolletta luce e gas",
                11_840 + month * 615,
                bill_day,
                ExpenseCategory.UTILITIES,
                sara.id,
                weights,
            )
            count += 1
        internet_day = first + timedelta(days=9)
        if internet_day <= today:
            _expense(
                household,
                "Internet fibra",
                2_990,
                internet_day,
                ExpenseCategory.INTERNET,
                sara.id,
                both,
            )
            count += 1
    rent = household.dwelling.monthly_rent_cents if household.dwelling else 95_000
    create_recurring(
        household,
        description="Affitto",
        amount_cents=rent or 95_000,
        category=ExpenseCategory.RENT,
        payer_id=giulia.id,
        split=both,
        period=Period.MONTHLY,
        day=1,
        starts_on=start,
        ends_on=None,
        by=Actor(),
    )
    booked = run_schedules()
    if sara.id != giulia.id:
        record_payment(
            household,
            payer=sara.id,
            payee=giulia.id,
            cents=180_000,
            paid_on=months_back(today, 1) + timedelta(days=27),
            note="Bonifico per l'affitto",
            by=Actor(person_id=sara.id),
        )
    return [f"{household.name}: {count} expenses, rent booked {len(booked)} times, 1 payment."]


def _expense(household, description, cents, day, category, payer_id, split) -> None:
    add_expense(
        household,
        ExpenseData(
            description=description,
            amount_cents=cents,
            spent_on=day,
            category=category,
            payers={payer_id: cents},
            split=split,
        ),
        by=Actor(person_id=payer_id),
    )
