"""Staff payment screens: record a payment, correct it, delete it, with its history."""

from __future__ import annotations

from datetime import date

import pytest

from cohousing.extensions import db
from cohousing.money.models import Payment, PaymentChange
from cohousing.money.services import Actor, balances, record_payment
from tests.fixtures.households import text
from tests.fixtures.money import count, url


@pytest.fixture
def paid(money_house, pair):
    """Bruno gave Anna €10 on 20 November (recorded on the tablet)."""
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
    return payment


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


def test_payment_corrected_and_deleted_with_its_history(
    client, login, coordinator, money_house, pair, paid
):
    anna, bruno = pair
    payment = paid
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


def test_a_deleted_payment_can_be_neither_corrected_nor_deleted_again(
    client, login, coordinator, money_house, paid
):
    login(coordinator)
    page_url = url(money_house, f"/payments/{paid.id}")
    assert client.post(f"{page_url}/delete").status_code == 303
    changes = count(PaymentChange)
    fixed = client.post(page_url, data={"amount": "12", "paid_on": "2026-11-20", "note": "x"})
    assert fixed.status_code == 422 and "This payment was deleted." in text(fixed)
    again = client.htmx("post", f"{page_url}/delete")
    assert again.status_code == 422 and "This payment was deleted." in text(again)
    db.session.refresh(paid)
    assert paid.cents == 1000 and paid.note == ""
    assert count(PaymentChange) == changes  # no second "deleted" in the history


def test_managers_correct_and_delete_with_htmx(manager, money_house, paid):
    page_url = url(money_house, f"/payments/{paid.id}")
    fixed = manager.htmx(
        "post", page_url, data={"amount": "11", "paid_on": "2026-11-21", "note": "contanti"}
    )
    assert fixed.status_code == 204 and fixed.headers["HX-Redirect"].endswith(page_url)
    assert (paid.cents, paid.paid_on, paid.note) == (1100, date(2026, 11, 21), "contanti")
    deleted = manager.htmx("post", f"{page_url}/delete")
    assert deleted.status_code == 204 and paid.deleted_at is not None


def test_a_worker_sees_the_payment_but_cannot_change_it(client, login, worker, money_house, paid):
    login(worker)
    page_url = url(money_house, f"/payments/{paid.id}")
    page = text(client.get(page_url))
    assert "Added by Bruno Rossi" in page and "Save the correction" not in page
    assert client.post(page_url, data={"amount": "5", "paid_on": "2026-11-20"}).status_code == 403
    assert client.post(f"{page_url}/delete").status_code == 403
    assert paid.cents == 1000 and paid.deleted_at is None


def test_a_payment_of_another_household_is_404(
    client, login, coordinator, money_house, other_household, paid
):
    login(coordinator)
    other = url(other_household, f"/payments/{paid.id}")
    assert client.get(other).status_code == 404
    assert client.post(f"{other}/delete").status_code == 404
    assert paid.deleted_at is None
