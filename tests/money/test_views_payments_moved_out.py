"""Settling up with someone who moved out, on the tablet and on the staff money page.

`carla_owed`: Carla Verdi moved out of `money_house` on 1 November; Anna and Bruno each
owe her €10. The suggestion's button must record the payment (dated today) on both sides.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.money.models import Payment
from cohousing.money.services import balances
from tests.fixtures.households import text
from tests.fixtures.money import TODAY, count, hidden, url

# --- on the tablet ------------------------------------------------------------------------


def test_the_tablet_offers_to_pay_who_moved_out_without_their_photo(
    bruno_tablet, money_house, carla_owed
):
    carla_owed.photo, carla_owed.photo_version = b"\x89PNG", 1
    db.session.commit()
    page = text(bruno_tablet.get("/tablet/money"))
    assert "Bruno Rossi gives Carla Verdi €10.00" in page
    assert f"/tablet/money/pay?to={carla_owed.id}&amp;cents=1000" in page  # "I paid this"
    confirm = bruno_tablet.get(f"/tablet/money/pay?to={carla_owed.id}&cents=1000")
    assert confirm.status_code == 200
    assert "Did you give Carla Verdi €10.00?" in text(confirm)
    for shown in (page, text(confirm)):  # her initials: the tablet shows no moved-out face
        assert f"/photo/{carla_owed.id}" not in shown and ">CV<" in shown


def test_i_paid_this_to_who_moved_out_records_a_payment_of_today(
    bruno_tablet, money_house, pair, carla_owed
):
    anna, bruno = pair
    confirm = text(bruno_tablet.get(f"/tablet/money/pay?to={carla_owed.id}&cents=1000"))
    data = {
        "to": str(carla_owed.id),
        "cents": "1000",
        "submission_id": hidden(confirm, "submission_id"),
    }
    response = bruno_tablet.post("/tablet/money/pay", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/money"
    payment = db.session.scalar(select(Payment))
    assert (payment.from_person_id, payment.to_person_id, payment.paid_on) == (
        bruno.id,
        carla_owed.id,
        TODAY,
    )
    assert balances(money_house) == {anna.id: -1000, bruno.id: 0, carla_owed.id: 1000}
    assert "Done: you gave Carla Verdi €10.00." in text(bruno_tablet.get("/tablet/money"))


def test_i_paid_this_to_who_moved_out_with_htmx(anna_tablet, money_house, pair, carla_owed):
    anna, _bruno = pair
    data = {"to": str(carla_owed.id), "cents": "1000", "submission_id": "tab-carla"}
    response = anna_tablet.htmx("post", "/tablet/money/pay", data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tablet/money"
    assert balances(money_house)[anna.id] == 0 and count(Payment) == 1


def test_who_moved_out_of_another_household_is_404_on_the_tablet(
    bruno_tablet, other_household, carla_owed
):
    (zeno,) = current_residents(other_household)
    other_household.memberships[0].started_on = date(2026, 1, 1)
    move_out(other_household, zeno.id, date(2026, 11, 2))
    db.session.commit()
    assert bruno_tablet.get(f"/tablet/money/pay?to={zeno.id}&cents=100").status_code == 404
    response = bruno_tablet.post(
        "/tablet/money/pay", data={"to": zeno.id, "cents": "100", "submission_id": "z"}
    )
    assert response.status_code == 404 and count(Payment) == 0


def test_staff_cannot_use_the_tablet_pay_screen(client, login, coordinator, carla_owed):
    assert client.get(f"/tablet/money/pay?to={carla_owed.id}&cents=1000").status_code == 303
    login(coordinator)
    response = client.post("/tablet/money/pay", data={"to": carla_owed.id, "cents": "1000"})
    assert "/tablet/" in response.headers["Location"] and count(Payment) == 0


# --- on the staff money page -------------------------------------------------------------


def _new_payment_url(household, payer, payee, cents=1000) -> str:
    return url(household, f"/payments/new?from={payer.id}&to={payee.id}&cents={cents}")


def test_record_it_as_paid_fills_in_who_moved_out_and_saves(
    client, login, coordinator, money_house, pair, carla_owed
):
    anna, bruno = pair
    login(coordinator)
    page = text(client.get(url(money_house)))
    assert "Anna Bianchi gives Carla Verdi €10.00" in page
    assert f"to={carla_owed.id}" in page and "Record it as paid" in page
    form = text(client.get(_new_payment_url(money_house, anna, carla_owed)))
    assert f'<option selected value="{carla_owed.id}">Carla Verdi (moved out)</option>' in form
    data = {
        "submission_id": "pay-carla",
        "from_person": str(anna.id),
        "to_person": str(carla_owed.id),
        "amount": "10",
        "paid_on": TODAY.isoformat(),
    }
    response = client.post(url(money_house, "/payments/new"), data=data)
    assert response.status_code == 303
    assert balances(money_house) == {anna.id: 0, bruno.id: -1000, carla_owed.id: 1000}
    assert "Anna Bianchi gives Carla Verdi" not in text(client.get(url(money_house)))


def test_a_manager_settles_with_who_moved_out_with_htmx(manager, money_house, pair, carla_owed):
    _anna, bruno = pair
    data = {
        "submission_id": "pay-carla-htmx",
        "from_person": str(bruno.id),
        "to_person": str(carla_owed.id),
        "amount": "10",
        "paid_on": TODAY.isoformat(),
    }
    response = manager.htmx("post", url(money_house, "/payments/new"), data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("/money")
    assert balances(money_house)[bruno.id] == 0


def test_a_backdated_payment_with_who_moved_out_is_refused_plainly(
    client, login, coordinator, money_house, pair, carla_owed
):
    anna, _bruno = pair
    login(coordinator)
    data = {
        "submission_id": "pay-late",
        "from_person": str(anna.id),
        "to_person": str(carla_owed.id),
        "amount": "10",
        "paid_on": "2026-11-20",
        "note": "contanti",
    }
    response = client.post(url(money_house, "/payments/new"), data=data)
    assert response.status_code == 422
    assert "a payment can only have today" in text(response).replace("&#39;", "'")
    assert 'value="contanti"' in text(response) and count(Payment) == 0
    data["paid_on"] = "2026-10-20"  # while she lived there: fine
    assert client.post(url(money_house, "/payments/new"), data=data).status_code == 303


def test_a_worker_cannot_record_it(client, login, worker, money_house, pair, carla_owed):
    anna, _bruno = pair
    login(worker)
    assert client.get(_new_payment_url(money_house, anna, carla_owed)).status_code == 403
    data = {"from_person": anna.id, "to_person": carla_owed.id, "amount": "10"}
    data["paid_on"] = TODAY.isoformat()
    assert client.post(url(money_house, "/payments/new"), data=data).status_code == 403
    assert count(Payment) == 0


def test_another_household_is_404_and_its_form_refuses_her(
    client, login, coordinator, other_worker, money_house, other_household, pair, carla_owed
):
    anna, _bruno = pair
    login(other_worker)  # not linked to money_house: its money page does not exist for them
    assert client.get(url(money_house)).status_code == 404
    assert client.get(_new_payment_url(money_house, anna, carla_owed)).status_code == 403
    client.post("/auth/logout")
    login(coordinator)
    (zeno,) = current_residents(other_household)
    data = {
        "submission_id": "pay-elsewhere",
        "from_person": str(zeno.id),
        "to_person": str(carla_owed.id),
        "amount": "10",
        "paid_on": TODAY.isoformat(),
    }
    response = client.htmx("post", url(other_household, "/payments/new"), data=data)
    assert response.status_code == 422 and "live in this household" in text(response)
    assert count(Payment) == 0
