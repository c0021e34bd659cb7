"""Made-up values in every money form, field name and query string: the field's message
(422) or 404, never a 500, and nothing saved — on SQLite and PostgreSQL.

"²", "①" and "¹²³⁴" pass `str.isdigit()` and then break `int()`; a 400-digit number
overflows a float comparison; 2^63 overflows SQLite; year 9999 overflows a date; NUL is
refused by PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money.models import (
    Contribution,
    ContributionPayment,
    Expense,
    ExpenseCategory,
    MoneySettings,
    Payment,
    Period,
    RecurringExpense,
)
from cohousing.money.services import SYSTEM, Split, create_recurring, record_payment
from tests.fixtures.households import tag, text
from tests.fixtures.money import count, expense_form, url

HUGE = "9" * 400
BIG_ID = str(2**63)
NOT_DIGITS = ("²", "①", "¹²³⁴")
FAR_DATE = "9999-01-01"


@pytest.fixture
def staff(client, login, coordinator):
    return login(coordinator)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        *[({"amount": v}, "Use only digits") for v in NOT_DIGITS],
        ({"amount": HUGE}, "This amount is too long."),
        ({"amount": "\x00"}, "Use only digits"),
        ({"spent_on": FAR_DATE}, "Enter a date as the calendar shows it."),
        ({"spent_on": "²"}, "Enter a date as the calendar shows it."),
        ({"payer": BIG_ID}, "Choose who paid."),
        ({"payer": "①"}, "Choose who paid."),
        ({"split_kind": "shares", "part-A": "²"}, "Shares are whole numbers"),
        ({"split_kind": "shares", "part-A": HUGE}, "Shares are whole numbers"),
        ({"split_kind": "exact", "part-A": HUGE}, "This amount is too long."),
        ({"split_kind": "²"}, "Not a valid choice"),
    ],
)
def test_expense_fields(staff, money_house, pair, changes, message):
    anna, bruno = pair
    changes = {k.replace("part-A", f"part-{anna.id}"): v for k, v in changes.items()}
    data = expense_form(anna, bruno, **changes)
    response = staff.post(url(money_house, "/expenses/new"), data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert count(Expense) == 0


@pytest.mark.parametrize("suffix", [*NOT_DIGITS, BIG_ID, HUGE, "", "-1", "0"])
def test_expense_field_names_that_name_nobody(staff, money_house, pair, suffix):
    """`in-²`, `part-²`, `paid-²` name no person: they count for nobody."""
    anna, bruno = pair
    data = expense_form(anna, bruno, payer="several", split_kind="shares")
    del data[f"in-{anna.id}"], data[f"in-{bruno.id}"]
    data.update({f"in-{suffix}": "1", f"part-{suffix}": "2", f"paid-{suffix}": "30"})
    response = staff.post(url(money_house, "/expenses/new"), data=data)
    assert response.status_code == 422
    page = text(response)
    assert "Write how much each person paid." in page
    assert f'name="in-{suffix}"' not in page
    assert count(Expense) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"from_person": BIG_ID}, "Choose people who live in this household."),
        ({"to_person": "①"}, "Choose people who live in this household."),
        ({"amount": HUGE}, "This amount is too long."),
        ({"amount": "¹²³⁴"}, "Use only digits"),
        ({"paid_on": FAR_DATE}, "Enter a date as the calendar shows it."),
    ],
)
def test_payment_fields(staff, money_house, pair, changes, message):
    anna, bruno = pair
    data = {
        "submission_id": "p-1",
        "from_person": str(bruno.id),
        "to_person": str(anna.id),
        "amount": "15",
        "paid_on": "2026-11-25",
        **changes,
    }
    response = staff.htmx("post", url(money_house, "/payments/new"), data=data)
    assert response.status_code == 422 and message in text(response)
    assert count(Payment) == 0


def test_a_nul_in_a_note_is_dropped_not_refused_by_the_database(staff, money_house, pair):
    anna, bruno = pair
    data = {
        "submission_id": "p-nul",
        "from_person": str(bruno.id),
        "to_person": str(anna.id),
        "amount": "15",
        "paid_on": "2026-11-25",
        "note": "conta\x00nti",
    }
    assert staff.post(url(money_house, "/payments/new"), data=data).status_code == 303
    assert db.session.scalars(select(Payment.note)).all() == ["contanti"]


@pytest.mark.parametrize("cents", [*NOT_DIGITS, HUGE, BIG_ID, "-5"])
def test_payment_query_string(staff, money_house, cents):
    query = f"?from={BIG_ID}&to=²&cents={cents}"
    response = staff.get(url(money_house, f"/payments/new{query}"))
    assert response.status_code == 200
    assert 'value=""' in tag(text(response), "amount")  # nothing made of it


def test_payment_correction_fields(staff, money_house, pair):
    anna, bruno = pair
    today = money_house.today()
    payment = record_payment(
        money_house, payer=bruno.id, payee=anna.id, cents=1000, paid_on=today, by=SYSTEM
    )
    page_url = url(money_house, f"/payments/{payment.id}")
    for data in ({"amount": HUGE, "paid_on": "2026-11-20"}, {"amount": "12", "paid_on": FAR_DATE}):
        response = staff.post(page_url, data=data)
        assert response.status_code == 422
    assert payment.cents == 1000


@pytest.mark.parametrize("days", [*NOT_DIGITS, HUGE, BIG_ID, "0", "367"])
def test_settings_days(staff, money_house, days):
    response = staff.post(url(money_house, "/settings"), data={"arrears_days": days})
    assert response.status_code == 422 and "Choose between 1 and 366 days." in text(response)
    assert count(MoneySettings) == 0


def recurring_form(anna, bruno, **changes) -> dict:
    return {
        "submission_id": "r-1",
        "description": "Affitto",
        "amount": "900",
        "category": "rent",
        "payer": str(anna.id),
        "period": "monthly",
        "day": "1",
        "starts_on": "2026-12-01",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        *[({"day": v}, "Choose a day between 1 and 31.") for v in (*NOT_DIGITS, HUGE)],
        ({"starts_on": FAR_DATE}, "Enter a date as the calendar shows it."),
        ({"ends_on": FAR_DATE}, "Enter a date as the calendar shows it."),
        ({"payer": BIG_ID}, "Choose people who live in this household."),
        ({"amount": HUGE}, "This amount is too long."),
    ],
)
def test_recurring_fields(staff, money_house, pair, changes, message):
    anna, bruno = pair
    data = recurring_form(anna, bruno, **changes)
    response = staff.post(url(money_house, "/recurring/new"), data=data)
    assert response.status_code == 422 and message in text(response)
    assert count(RecurringExpense) == 0


def test_recurring_field_names_that_name_nobody(staff, money_house, pair):
    anna, bruno = pair
    data = recurring_form(anna, bruno)
    del data[f"in-{anna.id}"], data[f"in-{bruno.id}"]
    data.update({"in-²": "1", f"in-{BIG_ID}": "1"})
    response = staff.post(url(money_house, "/recurring/new"), data=data)
    assert response.status_code == 422 and "Choose at least one person" in text(response)
    assert count(RecurringExpense) == 0


def test_stop_recurring_date(staff, money_house, pair):
    anna, bruno = pair
    recurring = create_recurring(
        money_house,
        description="Affitto",
        amount_cents=90000,
        category=ExpenseCategory.RENT,
        payer_id=anna.id,
        split=Split.equal([anna.id, bruno.id]),
        period=Period.MONTHLY,
        day=1,
        starts_on=money_house.today(),
        ends_on=None,
        by=SYSTEM,
    )
    stop = url(money_house, f"/recurring/{recurring.id}/stop")
    for value in (FAR_DATE, "²", "\x00"):
        response = staff.post(stop, data={"last_day": value})
        assert response.status_code == 422
    assert recurring.ends_on is None


@pytest.mark.parametrize(
    ("path", "changes", "message"),
    [
        ("/contributions/new", {"person": BIG_ID}, "Choose people who live in this household."),
        ("/contributions/new", {"due_day": "¹²³⁴"}, "Choose a day between 1 and 28."),
        ("/contributions/new", {"due_day": HUGE}, "Choose a day between 1 and 28."),
        ("/contributions/new", {"ends_on": FAR_DATE}, "Enter a date as the calendar shows it."),
        ("/contributions/paid", {"person": "②"}, "Choose people who live in this household."),
        ("/contributions/paid", {"month": FAR_DATE}, "Enter a date as the calendar shows it."),
        ("/contributions/paid", {"paid_on": "²"}, "Enter a date as the calendar shows it."),
    ],
)
def test_contribution_fields(staff, money_house, pair, path, changes, message):
    anna, _bruno = pair
    data = {
        "submission_id": "c-1",
        "person": str(anna.id),
        "amount": "150",
        "due_day": "5",
        "starts_on": "2026-09-01",
        "month": "2026-11-01",
        "paid_on": "2026-11-04",
        **changes,
    }
    response = staff.post(url(money_house, path), data=data)
    assert response.status_code == 422 and message in text(response)
    assert count(Contribution) == 0 and count(ContributionPayment) == 0


@pytest.mark.parametrize("value", [*NOT_DIGITS, BIG_ID, HUGE])
def test_contribution_paid_query_string(staff, money_house, value):
    response = staff.get(url(money_house, f"/contributions/paid?person={value}"))
    assert response.status_code == 200 and 'name="person"' in text(response)


@pytest.mark.parametrize("value", [*NOT_DIGITS, BIG_ID, HUGE, "pot", ""])
def test_tablet_pay_to_nobody_is_404(anna_tablet, value):
    assert anna_tablet.get(f"/tablet/money/pay?to={value}&cents=100").status_code == 404
    response = anna_tablet.post("/tablet/money/pay", data={"to": value, "cents": "100"})
    assert response.status_code == 404 and count(Payment) == 0


@pytest.mark.parametrize("cents", [*NOT_DIGITS, HUGE, BIG_ID, "-100", "\x00"])
def test_tablet_pay_cents(anna_tablet, pair, cents):
    bruno = pair[1]
    assert anna_tablet.get(f"/tablet/money/pay?to={bruno.id}&cents={cents}").status_code == 200
    response = anna_tablet.post("/tablet/money/pay", data={"to": str(bruno.id), "cents": cents})
    assert response.status_code == 422
    assert "above zero" in text(response) or "too large" in text(response)
    assert count(Payment) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        *[({"amount": v}, "Use only digits") for v in NOT_DIGITS],
        ({"amount": HUGE}, "This amount is too long."),
        ({"payer": BIG_ID}, "Choose people who live in this household."),
        ({"payer": "①"}, "Choose people who live in this household."),
        ({"part-A": "²"}, "Shares are whole numbers"),
    ],
)
def test_tablet_add_fields(anna_tablet, pair, changes, message):
    anna, bruno = pair
    changes = {k.replace("part-A", f"part-{anna.id}"): v for k, v in changes.items()}
    data = {
        "submission_id": "t-1",
        "amount": "9",
        "payer": str(anna.id),
        "split_seen": "1",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
        "go": "save",
        **changes,
    }
    response = anna_tablet.post("/tablet/money/add", data=data)
    assert response.status_code == 422 and message in text(response)
    assert count(Expense) == 0


def test_tablet_add_field_names_that_name_nobody(anna_tablet, pair):
    anna, _bruno = pair
    data = {
        "submission_id": "t-2",
        "amount": "9",
        "payer": str(anna.id),
        "split_seen": "1",
        "in-²": "1",
        "part-²": "2",
        f"in-{BIG_ID}": "1",
        "go": "save",
    }
    response = anna_tablet.post("/tablet/money/add", data=data)
    assert response.status_code == 422 and "Choose at least one person" in text(response)
    assert count(Expense) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/expenses/{id}",
        "/expenses/{id}/edit",
        "/payments/{id}",
        "/recurring/{id}/stop",
    ],
)
def test_huge_ids_in_the_url_are_404(staff, money_house, path):
    assert staff.get(url(money_house, path.format(id=BIG_ID))).status_code == 404
    deleted = staff.post(url(money_house, f"/contributions/payments/{BIG_ID}/delete"))
    assert deleted.status_code == 404


def test_a_resident_of_another_household_is_no_payee_either(anna_tablet, other_household):
    (zeno,) = current_residents(other_household)
    assert anna_tablet.get(f"/tablet/money/pay?to={zeno.id}&cents=100").status_code == 404


def test_tablet_text_loses_nul_characters(anna_tablet, pair):
    """The tablet's forms are not WTForms forms: their text is cleaned by the views."""
    anna, bruno = pair
    pay = {"to": str(bruno.id), "cents": "100", "submission_id": "abc\x00def"}
    assert anna_tablet.post("/tablet/money/pay", data=pay).status_code == 303
    data = {
        "submission_id": "t-\x00",
        "amount": "9",
        "payer": str(anna.id),
        "split_seen": "1",
        f"in-{anna.id}": "1",
        "description": "Pa\x00ne",
        "go": "save",
    }
    assert anna_tablet.post("/tablet/money/add", data=data).status_code == 303
    assert db.session.scalars(select(Expense.description)).all() == ["Pane"]
    assert count(Payment) == 1
