"""Money on the house tablet: who gives whom, "I paid this", two tablets side by side."""

from __future__ import annotations

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.money.models import Payment
from cohousing.money.services import balances, update_settings
from tests.fixtures.households import text
from tests.fixtures.money import count, hidden

# --- who gives whom -----------------------------------------------------------------------


def test_who_gives_whom_in_words_faces_and_my_balance(bruno_tablet, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 2500, [anna, bruno])
    response = bruno_tablet.get("/tablet/money")
    page = text(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "You owe €12.50" in page
    assert "Bruno Rossi gives Anna Bianchi €12.50" in page
    line = page[page.index('class="give-line"') :]
    assert line.index("Bruno Rossi") < line.index("€12.50") < line.index("Anna Bianchi")
    assert f"/tablet/money/pay?to={anna.id}&amp;cents=1250" in page  # "I paid this"


def test_the_receiver_sees_what_they_are_owed_without_a_pay_button(
    anna_tablet, money_house, pair, book
):
    anna, bruno = pair
    book(money_house, anna, 2500, [anna, bruno])
    page = text(anna_tablet.get("/tablet/money"))
    assert "You are owed €12.50" in page and "I paid this" not in page


def test_even_house_says_so(anna_tablet):
    page = text(anna_tablet.get("/tablet/money"))
    assert "You are even" in page and "Nobody needs to give money" in page


def test_today_screen_shows_my_balance_and_the_money_button(bruno_tablet, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 2500, [anna, bruno])
    page = text(bruno_tablet.get("/tablet/today"))
    assert "You owe €12.50" in page and 'href="/tablet/money"' in page


def test_staff_and_signed_out_cannot_open_the_tablet_money(client, login, coordinator):
    assert client.get("/tablet/money").status_code == 303  # to the enrolment page
    login(coordinator)
    assert "/tablet/" in client.get("/tablet/money").headers["Location"]


# --- "I paid this" ---------------------------------------------------------------------


def test_i_paid_this_confirms_then_records_once(bruno_tablet, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 2500, [anna, bruno])
    confirm = text(bruno_tablet.get(f"/tablet/money/pay?to={anna.id}&cents=1250"))
    assert "Did you give Anna Bianchi €12.50?" in confirm
    data = {"to": str(anna.id), "cents": "1250", "submission_id": hidden(confirm, "submission_id")}
    first = bruno_tablet.post("/tablet/money/pay", data=data)
    second = bruno_tablet.post("/tablet/money/pay", data=data)  # a second tap
    assert first.status_code == second.status_code == 303
    assert count(Payment) == 1
    payment = db.session.scalar(select(Payment))
    assert (payment.from_person_id, payment.to_person_id, payment.by_person_id) == (
        bruno.id,
        anna.id,
        bruno.id,
    )
    assert balances(money_house) == {anna.id: 0, bruno.id: 0}
    page = text(bruno_tablet.get("/tablet/money"))
    assert "Done: you gave Anna Bianchi €12.50." in page and "You are even" in page


def test_i_paid_this_with_htmx_redirects(bruno_tablet, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 2500, [anna, bruno])
    data = {"to": str(anna.id), "cents": "1250", "submission_id": "tab-pay"}
    response = bruno_tablet.htmx("post", "/tablet/money/pay", data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tablet/money"
    assert count(Payment) == 1


def test_paying_someone_of_another_household_is_404(bruno_tablet, other_household):
    from cohousing.households.services import current_residents

    (zeno,) = current_residents(other_household)
    assert bruno_tablet.get(f"/tablet/money/pay?to={zeno.id}&cents=100").status_code == 404
    response = bruno_tablet.post("/tablet/money/pay", data={"to": zeno.id, "cents": "100"})
    assert response.status_code == 404 and count(Payment) == 0


def test_an_absurd_payment_is_refused_plainly(bruno_tablet, pair):
    anna, _bruno = pair
    response = bruno_tablet.post("/tablet/money/pay", data={"to": anna.id, "cents": "0"})
    assert response.status_code == 422 and "above zero" in text(response)
    assert count(Payment) == 0


def test_kitty_mode_pays_into_the_pot(bruno_tablet, money_house, pair, book):
    anna, bruno = pair
    update_settings(
        money_house, kitty_mode=True, arrears_threshold_cents=None, arrears_threshold_days=None
    )
    book(money_house, anna, 2500, [anna, bruno])
    page = text(bruno_tablet.get("/tablet/money"))
    assert "Bruno Rossi puts €12.50 in the house pot" in page
    assert (
        bruno_tablet.post(
            "/tablet/money/pay", data={"to": "pot", "cents": "1250", "submission_id": "k"}
        ).status_code
        == 303
    )
    assert db.session.scalar(select(Payment.to_person_id)) is None


# --- two residents, two tablets ----------------------------------------------------------


def test_two_residents_tablets_are_independent(anna_tablet, bruno_tablet, money_house, pair, book):
    """Each fixture is its own device with its own cookies: what one resident does on one
    tablet neither signs the other in nor out, and is booked under the right name."""
    anna, bruno = pair
    assert anna_tablet is not bruno_tablet
    assert anna_tablet.tablet.id != bruno_tablet.tablet.id
    book(money_house, anna, 2500, [anna, bruno])
    assert "You are owed €12.50" in text(anna_tablet.get("/tablet/money"))
    assert "You owe €12.50" in text(bruno_tablet.get("/tablet/money"))
    data = {"to": str(anna.id), "cents": "500", "submission_id": "two-tablets-1"}
    assert bruno_tablet.post("/tablet/money/pay", data=data).status_code == 303
    assert db.session.scalar(select(Payment.by_person_id)) == bruno.id
    assert anna_tablet.post("/tablet/lock").status_code in (303, 204)
    assert anna_tablet.get("/tablet/money").status_code == 303  # Anna's tablet is locked
    page = text(bruno_tablet.get("/tablet/money"))  # Bruno's is not
    assert "You owe €7.50" in page and "Bruno Rossi gives Anna Bianchi €7.50" in page
