"""What the money pages show, gathered in a fixed number of queries.

The balance page must not slow down as expenses, payments or contributions pile up:
balances are one aggregate query, the recent lists are capped and load their rows in bulk,
the contributions of every resident come from three queries, and every person ever named
(moved-out residents too) comes from one query.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import household_people
from cohousing.money.models import Payment, RecurringExpense
from cohousing.money.services.balances import (
    balance_words,
    balances,
    settings_for,
    suggested_transfers,
    transfer_words,
)
from cohousing.money.services.contributions import contribution_lines
from cohousing.money.services.expenses import recent_expenses
from cohousing.money.services.receipts import receipt_versions

RECENT = 50


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
    today = household.today()
    people, residents = household_people(household, today)
    owed = balances(household)
    settings = settings_for(household)
    return {
        "residents": residents,
        # a child or a guest is left out of the balances unless money moved for them
        "balance_residents": [p for p in residents if p.shares_expenses or owed.get(p.id)],
        "people": people,
        "balances": owed,
        "pot": owed.get(None),
        "transfers": suggested_transfers(household, dict(owed), settings),
        "expenses": recent_expenses(household, limit=RECENT),
        "payments": recent_payments(household),
        "recurring": active_recurring(household, today),
        "contributions": contribution_lines(household, residents, settings, today),
        "settings": settings,
        "today": today,
    }


def tablet_page(household: Household, resident) -> dict:
    """The tablet's "who gives whom": my balance, the plan, the last few expenses."""
    people, residents = household_people(household)
    owed = balances(household)
    transfers = suggested_transfers(household, dict(owed))
    mine = owed.get(resident.id, 0)
    expenses = recent_expenses(household, limit=5, with_deleted=False, with_payers=False)
    return {
        "people": people,
        # who lives here now: the tablet shows no photo of someone who moved out
        "here": {p.id for p in residents},
        "transfers": [(t, transfer_words(t, people)) for t in transfers],
        "mine": mine,
        "my_words": balance_words(mine),
        "expenses": expenses,
        "receipts": receipt_versions([e.id for e in expenses]),
    }
