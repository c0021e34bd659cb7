"""What the money pages show, gathered in a fixed number of queries.

The balance page must not slow down as expenses pile up: balances are one aggregate
query, the recent list is capped and loads payers and shares in bulk, and every person
ever named (moved-out residents too) comes from one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_residents
from cohousing.money.amounts import format_amount
from cohousing.money.contributions import MonthDue, arrears, months_due
from cohousing.money.models import Contribution, Payment, RecurringExpense
from cohousing.money.services import (
    Transfer,
    balances,
    recent_expenses,
    settings_for,
    suggested_transfers,
)
from cohousing.people.models import Person

RECENT = 50
MONTHS_SHOWN = 6


def people_of(household: Household) -> dict[int, Person]:
    """Everyone who ever lived in the household, by id (one query)."""
    return {
        p.id: p
        for p in db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.household_id == household.id)
        )
    }


def balance_words(cents: int) -> str:
    """A balance in plain words: "You are owed €20" / "You owe €7,50" / "You are even"."""
    if cents > 0:
        return _("You are owed %(amount)s", amount=format_amount(cents))
    if cents < 0:
        return _("You owe %(amount)s", amount=format_amount(-cents))
    return _("You are even")


def transfer_words(transfer: Transfer, people: dict[int, Person]) -> str:
    """ "Anna gives Bruno €12,50", with the pot named as such."""
    amount = format_amount(transfer.cents)
    if transfer.payer is None:
        return _(
            "The house pot gives %(to)s %(amount)s",
            to=people[transfer.payee].display_name,
            amount=amount,
        )
    if transfer.payee is None:
        return _(
            "%(from)s puts %(amount)s in the house pot",
            **{"from": people[transfer.payer].display_name},
            amount=amount,
        )
    return _(
        "%(from)s gives %(to)s %(amount)s",
        **{"from": people[transfer.payer].display_name},
        to=people[transfer.payee].display_name,
        amount=amount,
    )


@dataclass(frozen=True)
class ContributionLine:
    person: Person
    months: list[MonthDue]  # the last few months due
    overdue: list[MonthDue]
    arrears_cents: int
    over_threshold: bool


def contribution_lines(household: Household, residents: list[Person]) -> list[ContributionLine]:
    """Residents with a contribution, their recent months and what is overdue."""
    with_contribution = set(
        db.session.scalars(
            select(Contribution.person_id).where(Contribution.household_id == household.id)
        )
    )
    today = household.today()
    since = (today.replace(day=1) - timedelta(days=31 * (MONTHS_SHOWN - 1))).replace(day=1)
    lines = []
    for person in residents:
        if person.id not in with_contribution:
            continue
        months = months_due(household, person.id, today)
        owed = arrears(household, person.id, today)
        lines.append(
            ContributionLine(
                person,
                [m for m in months if m.month >= since],
                [m for m in months if m.is_overdue(today)],
                owed.cents,
                owed.over_threshold,
            )
        )
    return lines


def active_recurring(household: Household, today: date) -> list[RecurringExpense]:
    return list(
        db.session.scalars(
            select(RecurringExpense)
            .where(
                RecurringExpense.household_id == household.id,
                or_(RecurringExpense.ends_on.is_(None), RecurringExpense.ends_on >= today),
            )
            .options(selectinload(RecurringExpense.participants))
            .order_by(RecurringExpense.starts_on, RecurringExpense.id)
        )
    )


def recent_payments(household: Household, limit: int = RECENT) -> list[Payment]:
    """Newest first, deleted ones too (marked): nothing disappears silently."""
    return list(
        db.session.scalars(
            select(Payment)
            .where(Payment.household_id == household.id)
            .order_by(Payment.paid_on.desc(), Payment.id.desc())
            .limit(limit)
        )
    )


def money_page(household: Household) -> dict:
    """Everything the staff money page shows."""
    residents = current_residents(household)
    today = household.today()
    owed = balances(household)
    settings = settings_for(household)
    return {
        "residents": residents,
        "people": people_of(household),
        "balances": owed,
        "pot": owed.get(None),
        "transfers": suggested_transfers(household, dict(owed), settings),
        "expenses": recent_expenses(household, limit=RECENT),
        "payments": recent_payments(household),
        "recurring": active_recurring(household, today),
        "contributions": contribution_lines(household, residents),
        "settings": settings,
        "today": today,
    }
