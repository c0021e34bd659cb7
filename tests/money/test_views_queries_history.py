"""The money pages read the kept balances: their queries stay the same however long the
history, whatever kind of row grows — expenses (some deleted), payments (some deleted),
contributions and their payments, recurring expenses, residents."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from cohousing.extensions import db
from cohousing.households.services import NewResident, add_resident, current_residents
from cohousing.money.models import (
    Expense,
    ExpenseCategory,
    Payment,
    Period,
    RecurringExpense,
    RecurringShare,
    SplitKind,
)
from cohousing.money.services import balances, rebuild_balances, suggested_transfers
from tests.fixtures.households import text
from tests.fixtures.money import url
from tests.money.test_views_queries import BUDGET, RESIDENTS, grow

TABLET_BUDGET = 9
GONE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def long_house(make_household):
    """Six residents since January 2025, measured on its money pages as it grows."""
    household = make_household("Casa Lunga", residents=RESIDENTS)
    for membership in household.memberships:
        membership.started_on = date(2025, 1, 1)
    db.session.commit()
    return household


def grow_everything(household, *, size: int) -> None:
    """Every kind of row the money pages read grows with `size`."""
    for n in range(size):  # residents move in
        add_resident(
            household,
            NewResident(display_name=f"Nuova {size}-{n}", pin=f"{2000 + size * 10 + n}"),
            started_on=date(2025, 1, 1),
        )
    people = current_residents(household)
    grow(
        household,
        people,
        contributions=min(size, len(people)),
        paid=size * 2,
        expenses=size * 30,
        payments=size * 10,
    )
    for n in range(size * 2):  # recurring expenses
        recurring = RecurringExpense(
            household_id=household.id,
            description=f"Bolletta {n}",
            amount_cents=3000 + n,
            category=ExpenseCategory.UTILITIES,
            payer_id=people[n % len(people)].id,
            split_kind=SplitKind.EQUAL,
            period=Period.MONTHLY,
            day=1 + n % 28,
            starts_on=date(2026, 1, 1),
        )
        recurring.participants = [RecurringShare(person_id=p.id) for p in people[:3]]
        db.session.add(recurring)
    db.session.flush()
    ids = [e.id for e in db.session.query(Expense.id).filter_by(household_id=household.id)]
    db.session.execute(  # some deleted: they are listed, marked, and count nowhere
        update(Expense).where(Expense.id.in_(ids[::7])).values(deleted_at=GONE)
    )
    db.session.execute(
        update(Payment)
        .where(Payment.household_id == household.id, Payment.id % 5 == 0)
        .values(deleted_at=GONE)
    )
    rebuild_balances([household.id])  # the rows went in straight
    db.session.commit()


def test_the_staff_money_page_queries_do_not_grow_with_any_history(
    client, login, coordinator, long_house, count_queries
):
    login(coordinator)

    def queries() -> tuple[int, str]:
        db.session.expire_all()
        target = url(long_house)  # the test reads the household back, not the page
        with count_queries() as statements:
            response = client.get(target)
        assert response.status_code == 200
        return len(statements), text(response)

    grow_everything(long_house, size=1)
    small, page = queries()
    grow_everything(long_house, size=6)
    large, page = queries()
    assert page.count('class="contribution"') >= 6
    assert "Bolletta 11" in page  # the recurring expenses are listed
    assert small == large <= BUDGET, (small, large)


def test_the_tablet_money_page_queries_do_not_grow_with_any_history(
    enrolled_client, resident_client, long_house, count_queries
):
    anna = current_residents(long_house)[0]
    tablet = resident_client(
        long_house, anna, "1000", client=enrolled_client(long_house, "Tablet di casa")
    )

    def queries() -> tuple[int, str]:
        db.session.expire_all()
        with count_queries() as statements:
            response = tablet.get("/tablet/money")
        assert response.status_code == 200
        return len(statements), text(response)

    grow_everything(long_house, size=1)
    small, page = queries()
    grow_everything(long_house, size=6)
    large, page = queries()
    assert "give-line" in page  # there is a plan to show
    assert small == large <= TABLET_BUDGET, (small, large)


def test_reading_the_balances_is_one_query_whatever_the_history(long_house, count_queries):
    for size in (1, 6):
        grow_everything(long_house, size=size)
        db.session.expire_all()
        db.session.refresh(long_house)
        with count_queries() as statements:
            owed = balances(long_house)
        assert len(statements) == 1
        assert sum(owed.values()) == 0
        with count_queries() as statements:
            suggested_transfers(long_house, owed)
        assert len(statements) == 2  # the settings, the payments since the last change
