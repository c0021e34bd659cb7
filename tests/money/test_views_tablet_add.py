"""A shared expense on the tablet in three steps, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.money.models import Expense, SplitKind
from cohousing.money.services import balances
from tests.fixtures.households import text
from tests.fixtures.money import count, hidden

# --- a shared expense in three steps ------------------------------------------------


def test_three_steps_without_javascript_split_equally_by_default(anna_tablet, money_house, pair):
    anna, bruno = pair
    step1 = text(anna_tablet.get("/tablet/money/add"))
    assert "Step 1 of 3" in step1 and "data-money-keypad" in step1
    token = hidden(step1, "submission_id")
    step2 = anna_tablet.post(
        "/tablet/money/add", data={"submission_id": token, "amount": "12,50", "go": "payer"}
    )
    page2 = text(step2)
    assert step2.status_code == 200 and "Who paid €12.50?" in page2
    assert re.search(rf'name="payer" value="{anna.id}" checked', page2)  # me by default
    step3 = text(
        anna_tablet.post(
            "/tablet/money/add",
            data={"submission_id": token, "amount": "12,50", "payer": str(bruno.id), "go": "split"},
        )
    )
    assert "Bruno Rossi paid €12.50. Who shares it?" in step3
    assert f'name="in-{anna.id}" value="1" checked' in step3
    assert "More options" in step3
    saved = anna_tablet.post(
        "/tablet/money/add",
        data={
            "submission_id": token,
            "amount": "12,50",
            "payer": str(bruno.id),
            "split_seen": "1",
            f"in-{anna.id}": "1",
            f"in-{bruno.id}": "1",
            f"part-{anna.id}": "1",
            f"part-{bruno.id}": "1",
            "description": "",
            "category": "household",
            "go": "save",
        },
    )
    assert saved.status_code == 303 and saved.headers["Location"] == "/tablet/money"
    expense = db.session.scalar(select(Expense))
    assert expense.description == "Shared expense" and expense.split_kind is SplitKind.EQUAL
    assert expense.by_person_id == anna.id and expense.category.value == "household"
    assert balances(money_house) == {anna.id: -625, bruno.id: 625}
    assert "Saved: Shared expense, €12.50." in text(anna_tablet.get("/tablet/money"))


def test_more_options_choose_people_and_shares_with_htmx(anna_tablet, money_house, pair):
    anna, bruno = pair
    data = {
        "submission_id": "t-2",
        "amount": "30",
        "payer": str(anna.id),
        "split_seen": "1",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
        f"part-{anna.id}": "2",
        f"part-{bruno.id}": "1",
        "description": "Pizza",
        "category": "groceries",
        "go": "save",
    }
    response = anna_tablet.htmx("post", "/tablet/money/add", data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tablet/money"
    again = anna_tablet.htmx("post", "/tablet/money/add", data=data)  # two taps on save
    assert again.status_code == 204
    (expense,) = db.session.scalars(select(Expense)).all()
    assert expense.split_kind is SplitKind.SHARES
    assert {s.person_id: s.cents for s in expense.shares} == {anna.id: 2000, bruno.id: 1000}


def test_untick_someone_and_only_the_others_share(anna_tablet, money_house, pair):
    anna, bruno = pair
    data = {
        "submission_id": "t-3",
        "amount": "9",
        "payer": str(anna.id),
        "split_seen": "1",
        f"in-{bruno.id}": "1",
        f"part-{anna.id}": "1",
        f"part-{bruno.id}": "1",
        "go": "save",
    }
    assert anna_tablet.post("/tablet/money/add", data=data).status_code == 303
    assert balances(money_house) == {anna.id: 900, bruno.id: -900}


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "above zero"), ("-3", "above zero"), ("150000", "too large"), ("", "Enter an amount")],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_amount_stays_on_the_keypad_with_a_message(anna_tablet, amount, message, htmx):
    data = {"submission_id": "t-4", "amount": amount, "go": "payer"}
    if htmx:
        response = anna_tablet.htmx("post", "/tablet/money/add", data=data)
    else:
        response = anna_tablet.post("/tablet/money/add", data=data)
    page = text(response)
    assert response.status_code == 422
    assert "Step 1 of 3" in page and message in page and f'value="{amount}"' in page
    assert ("<html" in page) is not htmx


def test_nobody_chosen_to_share_is_refused_at_the_last_step(anna_tablet, pair):
    anna, _bruno = pair
    data = {
        "submission_id": "t-5",
        "amount": "9",
        "payer": str(anna.id),
        "split_seen": "1",
        "description": "Detersivo",
        "go": "save",
    }
    response = anna_tablet.post("/tablet/money/add", data=data)
    assert response.status_code == 422
    assert "Choose at least one person" in text(response)
    assert 'value="Detersivo"' in text(response) and count(Expense) == 0


def test_payer_of_another_household_is_refused(anna_tablet, other_household):
    from cohousing.households.services import current_residents

    (zeno,) = current_residents(other_household)
    data = {"submission_id": "t-6", "amount": "9", "payer": str(zeno.id), "go": "save"}
    response = anna_tablet.post("/tablet/money/add", data=data)
    assert response.status_code == 422 and "live in this household" in text(response)
    assert count(Expense) == 0


def test_italian_resident_types_a_decimal_comma(resident_client, money_house, pair):
    anna, bruno = pair
    anna.preferred_language = "it"
    db.session.commit()
    client = resident_client(money_house, anna, "1234")
    step1 = text(client.get("/tablet/money/add"))
    assert 'data-money-key="decimal">,</button>' in step1
    data = {
        "submission_id": "t-7",
        "amount": "1.234,50",
        "payer": str(anna.id),
        "go": "save",
        "split_seen": "1",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
    }
    assert client.post("/tablet/money/add", data=data).status_code == 303
    assert db.session.scalar(select(Expense.amount_cents)) == 123450
