"""Money pages for staff: payments, settings, recurring, contributions, scale, arrears."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.money.models import Expense, Payment
from cohousing.money.services import balances
from cohousing.staff.models import Role
from tests.fixtures.households import text
from tests.test_money_views import count, expense_form, url

# --- payments ----------------------------------------------------------------------------


def test_record_a_payment_plain_and_htmx_once(client, login, coordinator, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 3000, [anna, bruno])
    login(coordinator)
    form = text(
        client.get(url(money_house, f"/payments/new?from={bruno.id}&to={anna.id}&cents=1500"))
    )
    assert 'value="15.00"' in form
    data = {
        "submission_id": "pay-1",
        "from_person": bruno.id,
        "to_person": anna.id,
        "amount": "15",
        "paid_on": "2026-11-25",
    }
    assert client.post(url(money_house, "/payments/new"), data=data).status_code == 303
    again = client.htmx("post", url(money_house, "/payments/new"), data=data)
    assert again.status_code == 204 and again.headers["HX-Redirect"].endswith("/money")
    assert count(Payment) == 1
    assert balances(money_house) == {anna.id: 0, bruno.id: 0}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "0"}, "above zero"),
        ({"amount": "200000"}, "too large"),
        ({"to_person": "FROM"}, "someone else"),
        ({"to_person": "999999"}, "live in this household"),
        ({"paid_on": "2027-03-01"}, "too far in the future"),
    ],
)
def test_bad_payment_is_refused_and_nothing_saved(
    client, login, coordinator, money_house, pair, changes, message
):
    anna, bruno = pair
    login(coordinator)
    data = {
        "submission_id": "pay-2",
        "from_person": str(bruno.id),
        "to_person": str(anna.id),
        "amount": "15",
        "paid_on": "2026-11-25",
        "note": "contanti",
    }
    data.update({k: (str(bruno.id) if v == "FROM" else v) for k, v in changes.items()})
    response = client.htmx("post", url(money_house, "/payments/new"), data=data)
    assert response.status_code == 422
    assert message in text(response) and 'value="contanti"' in text(response)
    assert count(Payment) == 0


# --- settings, recurring, contributions --------------------------------------------------


def test_kitty_mode_and_arrears_settings(client, login, coordinator, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 3000, [anna, bruno])
    login(coordinator)
    response = client.post(
        url(money_house, "/settings"),
        data={"kitty_mode": "y", "arrears_threshold": "50", "arrears_days": "10"},
    )
    assert response.status_code == 303
    page = text(client.get(url(money_house)))
    assert "Bruno Rossi puts" in page and "in the house pot" in page
    bad = client.post(url(money_house, "/settings"), data={"arrears_days": "999"})
    assert bad.status_code == 422 and "366" in text(bad)


def test_recurring_rent_created_and_ended(client, login, coordinator, money_house, pair):
    from cohousing.money.models import RecurringExpense

    anna, bruno = pair
    login(coordinator)
    data = {
        "description": "Affitto",
        "amount": "900",
        "category": "rent",
        "payer": anna.id,
        "period": "monthly",
        "day": "1",
        "starts_on": "2026-12-01",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
    }
    data["submission_id"] = "rec-1"
    assert client.post(url(money_house, "/recurring/new"), data=data).status_code == 303
    assert client.post(url(money_house, "/recurring/new"), data=data).status_code == 303
    recurring = db.session.scalar(select(RecurringExpense))  # two taps: one rent
    assert recurring.amount_cents == 90000 and len(recurring.participants) == 2
    assert "Affitto" in text(client.get(url(money_house)))
    stop = url(money_house, f"/recurring/{recurring.id}/stop")
    assert client.post(stop, data={"last_day": "2027-06-30"}).status_code == 303
    assert recurring.ends_on == date(2027, 6, 30)
    bad = client.post(
        url(money_house, "/recurring/new"), data={**data, "amount": "0", "submission_id": "r2"}
    )
    assert bad.status_code == 422 and count(RecurringExpense) == 1


def test_contribution_paid_and_overdue_months_on_the_page(
    client, login, coordinator, money_house, pair
):
    anna, _bruno = pair
    login(coordinator)
    data = {"person": anna.id, "amount": "150", "due_day": "5", "starts_on": "2026-09-01"}
    assert client.post(url(money_house, "/contributions/new"), data=data).status_code == 303
    paid = {"person": anna.id, "month": "2026-09-01", "amount": "150", "paid_on": "2026-09-04"}
    assert client.post(url(money_house, "/contributions/paid"), data=paid).status_code == 303
    page = text(client.get(url(money_house)))
    section = page[page.index(f'id="contribution-{anna.id}"') :]
    assert "paid" in section and "overdue, " in section
    assert "Overdue: €300.00" in section


def test_italian_staff_type_and_read_italian_amounts(client, login, make_staff, money_house, pair):
    anna, bruno = pair
    login(make_staff(Role.COORDINATOR, language="it"))
    data = expense_form(anna, bruno, amount="1.234,50")
    assert client.post(url(money_house, "/expenses/new"), data=data).status_code == 303
    assert db.session.scalar(select(Expense.amount_cents)) == 123450
    page = text(client.get(url(money_house)))
    assert "1.234,50\xa0€" in page and "617,25" in page


# --- scale -----------------------------------------------------------------------------


def test_money_page_runs_the_same_queries_for_3_or_100_expenses(
    client, login, coordinator, money_house, pair, book, count_queries
):
    anna, bruno = pair
    login(coordinator)

    def queries_for(n: int) -> int:
        while count(Expense) < n:
            book(
                money_house,
                anna,
                1000 + count(Expense),
                [anna, bruno],
                on=date(2026, 1 + count(Expense) % 10, 1),
            )
        with count_queries() as statements:
            assert client.get(url(money_house)).status_code == 200
        return len(statements)

    assert queries_for(3) == queries_for(100) > 0


# --- arrears become a concern (the daily schedules job) -----------------------------------


def test_arrears_over_the_threshold_raise_one_concern(app, money_house, pair):
    from cohousing.money.contributions import set_contribution, update_settings
    from cohousing.wellbeing.models import Concern, ConcernKind

    anna, bruno = pair
    set_contribution(money_house, anna.id, monthly_cents=15000, starts_on=date(2026, 9, 1))
    set_contribution(money_house, bruno.id, monthly_cents=15000, starts_on=date(2026, 11, 1))
    update_settings(
        money_house, kitty_mode=False, arrears_threshold_cents=30000, arrears_threshold_days=None
    )
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cohousing", "run-schedules"])
    assert "Raised 1 arrears concern(s)." in first.output, first.output
    concern = db.session.scalar(select(Concern))
    assert concern.kind is ConcernKind.ARREARS and concern.person_id == anna.id
    assert "€450.00" in concern.note  # Bruno owes only €150: under the threshold
    again = runner.invoke(args=["cohousing", "run-schedules"])
    assert "Raised 0 arrears concern(s)." in again.output
    assert count(Concern) == 1


def test_payment_corrected_and_deleted_with_its_history(
    client, login, coordinator, money_house, pair
):
    from cohousing.money.services import Actor, record_payment

    anna, bruno = pair
    payment = record_payment(
        money_house,
        payer=bruno.id,
        payee=anna.id,
        cents=1000,
        paid_on=date(2026, 11, 20),
        by=Actor(person_id=bruno.id),
    )
    db.session.commit()
    login(coordinator)
    page_url = url(money_house, f"/payments/{payment.id}")
    bad = client.post(page_url, data={"amount": "0", "paid_on": "2026-11-20", "note": "x"})
    assert bad.status_code == 422 and "above zero" in text(bad) and payment.cents == 1000
    fixed = client.post(page_url, data={"amount": "12", "paid_on": "2026-11-20", "note": "x"})
    assert fixed.status_code == 303 and payment.cents == 1200
    assert client.post(url(money_house, f"/payments/{payment.id}/delete")).status_code == 303
    assert balances(money_house) == {anna.id: 0, bruno.id: 0}
    detail = text(client.get(page_url))
    assert "Added by Bruno Rossi" in detail and "Changed by Carla Coordinatrice" in detail
    assert "€10.00 → €12.00" in detail and "Deleted by Carla Coordinatrice" in detail
    assert "Deleted" in text(client.get(url(money_house)))
    assert (
        client.get(f"/households/{money_house.id + 999}/money/payments/{payment.id}").status_code
        == 404
    )
