"""The staff money page costs a fixed number of queries, whatever the history.

Expenses, payments, residents with a contribution, contribution rows per resident and
the payments towards them all grow here; the page's queries must not.
"""

from __future__ import annotations

from datetime import date

import pytest

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money.models import (
    Contribution,
    ContributionPayment,
    Expense,
    ExpenseCategory,
    ExpensePayer,
    ExpenseShare,
    Payment,
    SplitKind,
)
from cohousing.money.services import months_back, rebuild_balances
from tests.fixtures.households import text
from tests.fixtures.money import count, url

BUDGET = 15  # with contributions and recurring shares (12 without them); none per row

RESIDENTS = tuple((f"Persona {n}", f"{1000 + n}") for n in range(6))


@pytest.fixture
def big_house(make_household):
    household = make_household("Casa Grande", residents=RESIDENTS)
    for membership in household.memberships:
        membership.started_on = date(2025, 1, 1)
    db.session.commit()
    return household


def grow(household, people, *, contributions: int, paid: int, expenses: int, payments: int):
    """Add rows straight to the tables (fast): `contributions` residents pay monthly, each
    with two contribution rows (a raise in June), and `paid` payments each, one a month
    going back from November."""
    for index in range(expenses):
        payer, other = people[index % len(people)], people[(index + 1) % len(people)]
        expense = Expense(
            household_id=household.id,
            description=f"Spesa {index}",
            amount_cents=200,
            spent_on=date(2026, 1 + index % 10, 1 + index % 27),
            category=ExpenseCategory.GROCERIES,
            split_kind=SplitKind.EQUAL,
            rotation_seq=index,
        )
        expense.payers = [ExpensePayer(person_id=payer.id, cents=200)]
        expense.shares = [
            ExpenseShare(person_id=payer.id, cents=100),
            ExpenseShare(person_id=other.id, cents=100),
        ]
        db.session.add(expense)
    for index in range(payments):
        db.session.add(
            Payment(
                household_id=household.id,
                from_person_id=people[index % len(people)].id,
                to_person_id=people[(index + 1) % len(people)].id,
                cents=50 + index,
                paid_on=date(2026, 1 + index % 10, 2),
            )
        )
    for person in people[:contributions]:
        db.session.add_all(
            [
                Contribution(
                    person_id=person.id,
                    household_id=household.id,
                    monthly_cents=10000,
                    starts_on=date(2025, 6, 1),
                    ends_on=date(2026, 5, 1),
                ),
                Contribution(
                    person_id=person.id,
                    household_id=household.id,
                    monthly_cents=12000,
                    starts_on=date(2026, 6, 1),
                ),
            ]
        )
        for month in range(paid):
            db.session.add(
                ContributionPayment(
                    person_id=person.id,
                    household_id=household.id,
                    month=months_back(date(2026, 11, 25), month % 12),
                    cents=6000,
                    paid_on=date(2026, 11, 1),
                )
            )
    db.session.flush()
    rebuild_balances([household.id])  # rows added straight to the tables
    db.session.commit()


def test_the_money_page_runs_the_same_queries_however_much_history(
    client, login, coordinator, big_house, count_queries
):
    people = current_residents(big_house)
    login(coordinator)

    def queries() -> tuple[int, str]:
        db.session.expire_all()
        target = url(big_house)  # the test reads the household back, not the page
        with count_queries() as statements:
            response = client.get(target)
        assert response.status_code == 200
        return len(statements), text(response)

    empty, _page = queries()
    grow(big_house, people, contributions=1, paid=1, expenses=3, payments=1)
    small, page = queries()
    assert page.count('class="contribution"') == 1
    grow(big_house, people, contributions=6, paid=12, expenses=120, payments=40)
    large, page = queries()
    assert page.count('class="contribution"') == 6  # every resident pays, each on the page
    assert page.count('id="contribution-payment-') > 30  # the payments are listed too
    assert small == large <= BUDGET, (small, large)
    assert empty <= small  # with no contribution the three contribution queries stop at one


def test_the_old_expense_only_budget_still_holds(
    client, login, coordinator, money_house, pair, book, count_queries
):
    anna, bruno = pair
    login(coordinator)
    counts = []
    for n in (3, 60):
        while count(Expense) < n:
            book(money_house, anna, 1000, [anna, bruno], on=date(2026, 1 + n % 10, 1))
        target = url(money_house)
        with count_queries() as statements:
            assert client.get(target).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= BUDGET
