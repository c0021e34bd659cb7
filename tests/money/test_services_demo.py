"""The demo money: six calendar months, whatever the day the demo is made on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.demo import MONTHS, add_money_demo
from cohousing.money.models import Expense, ExpenseCategory, Payment, RecurringBooking
from cohousing.money.services import balances, months_back


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 25, 9, tzinfo=UTC),
        datetime(2026, 3, 31, 9, tzinfo=UTC),  # a month back by days would skip February
        datetime(2026, 11, 30, 23, 30, tzinfo=UTC),  # already 1 December in Rome
        datetime(2026, 12, 31, 12, tzinfo=UTC),
        datetime(2027, 1, 1, 12, tzinfo=UTC),
    ],
)
def test_six_months_of_money_are_six_calendar_months(clock, money_house, moment):
    clock.set_now(moment)
    today = money_house.today()
    lines = add_money_demo(money_house)
    expenses = db.session.scalars(
        select(Expense).where(Expense.household_id == money_house.id)
    ).all()
    months = sorted({e.spent_on.replace(day=1) for e in expenses})
    assert MONTHS == 6
    assert months == [months_back(today, n) for n in range(MONTHS - 1, -1, -1)]
    rent = [e for e in expenses if e.category is ExpenseCategory.RENT]
    assert len(rent) == MONTHS and all(e.spent_on.day == 1 for e in rent)
    assert all(e.spent_on <= today for e in expenses)
    assert sum(balances(money_house).values()) == 0
    assert lines and f"rent booked {MONTHS} times" in lines[0]
    assert add_money_demo(money_house) == []  # runs once


def test_demo_family_has_six_months_of_expenses_rent_and_a_payment(app):
    result = app.test_cli_runner().invoke(args=["cohousing", "demo"])
    assert result.exit_code == 0, result.output
    family = db.session.scalar(select(Household).where(Household.name == "Casa Girasole"))
    expenses = db.session.scalars(select(Expense).where(Expense.household_id == family.id)).all()
    months = {(e.spent_on.year, e.spent_on.month) for e in expenses}
    assert len(months) == 6 and len(expenses) > 30
    rent = [e for e in expenses if e.category is ExpenseCategory.RENT]
    assert len(rent) == 6 and all(e.by_person_id is None and e.by_staff_id is None for e in rent)
    assert db.session.scalar(select(func.count()).select_from(RecurringBooking)) == 6
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 1
    assert sum(balances(family).values()) == 0 and any(balances(family).values())
    again = app.test_cli_runner().invoke(args=["cohousing", "demo"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 1  # idempotent
