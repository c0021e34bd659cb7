"""The tablet's two everyday writes cost a fixed number of statements, the same for a
household of two or of six: all the shares of an expense in one INSERT, the submission
claimed by one INSERT, the kept summary refreshed only in the part the write changed, and
the resident's membership read once, when the request learns who is signed in.

Counted without SAVEPOINT and RELEASE (the tests' own transaction adds some)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money.models import ExpenseShare

CHECKIN_BUDGET = 10
EXPENSE_BUDGET = 15


def house_of(make_household, size: int):
    residents = tuple((f"Persona {n}", f"{2000 + n}") for n in range(size))
    household = make_household(f"Casa da {size}", residents=residents)
    return household, current_residents(household)


def signed_in(resident_client, household, person):
    index = next(i for i, p in enumerate(current_residents(household)) if p.id == person.id)
    return resident_client(household, person, f"{2000 + index}")


def expense_form(people) -> dict[str, str]:
    fields = {
        "submission_id": uuid.uuid4().hex,
        "amount": "12",
        "payer": str(people[0].id),
        "split_seen": "1",
        "description": "Spesa",
        "category": "groceries",
        "go": "save",
    }
    for person in people:
        fields[f"in-{person.id}"] = "1"
        fields[f"part-{person.id}"] = "1"
    return fields


def statements_of(count_queries, send) -> list[str]:
    with count_queries() as statements:
        response = send()
    assert response.status_code == 303, response.data[:300]
    return statements


@pytest.mark.parametrize("size", [2, 6])
def test_a_check_in_costs_the_same_in_any_household(
    make_household, resident_client, count_queries, size
):
    household, people = house_of(make_household, size)
    tablet = signed_in(resident_client, household, people[0])
    first = statements_of(
        count_queries, lambda: tablet.post("/tablet/wellbeing/checkin", data={"mood": "2"})
    )
    again = statements_of(
        count_queries, lambda: tablet.post("/tablet/wellbeing/checkin", data={"mood": "4"})
    )
    assert len(first) <= CHECKIN_BUDGET and len(again) <= CHECKIN_BUDGET, first
    assert not [s for s in first if s.lstrip().upper().startswith("SELECT MEMBERSHIP.ID")]


@pytest.mark.parametrize("size", [2, 6])
def test_adding_an_expense_costs_the_same_in_any_household(
    make_household, resident_client, count_queries, size
):
    household, people = house_of(make_household, size)
    tablet = signed_in(resident_client, household, people[0])
    tablet.get("/tablet/money/add")
    statements = statements_of(
        count_queries, lambda: tablet.post("/tablet/money/add", data=expense_form(people))
    )
    assert len(statements) <= EXPENSE_BUDGET, "\n".join(statements)
    share_inserts = [s for s in statements if s.startswith("INSERT INTO expense_share")]
    assert len(share_inserts) == 1
    assert db.session.scalar(select(func.count()).select_from(ExpenseShare)) == size
    summary = [s for s in statements if "contribution" in s]
    assert summary == []  # an expense moves the debts, not the contributions due
