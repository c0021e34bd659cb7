"""The picker and the PIN keypad over HTTP: who is shown, wrong PINs, lock-outs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import move_out
from cohousing.tablet.models import Tablet

COOKIE = "cohousing_tablet"


def tablets() -> int:
    return db.session.scalar(select(func.count(Tablet.id)))


def set_cookie_header(response) -> str:
    return " ".join(v for v in response.headers.getlist("Set-Cookie") if v.startswith(COOKIE))


# --- picker and keypad -----------------------------------------------------------------


def test_picker_lists_only_current_residents_of_its_household(
    enrolled_client, household, other_household, bruno_rossi, zeno_verdi
):
    move_out(household, bruno_rossi.id, household.today())
    db.session.commit()
    response = enrolled_client(household).get("/tablet/")
    faces = response.get_data(as_text=True).partition('<ul class="faces"')[2].partition("</ul>")[0]
    assert "Anna Bianchi" in faces
    assert "Bruno Rossi" not in faces and zeno_verdi.display_name not in faces
    assert b"/tablet/pin/" in response.data


def test_keypad_shows_the_person_and_a_numeric_pin_field(enrolled_client, household, anna_bianchi):
    response = enrolled_client(household).get(f"/tablet/pin/{anna_bianchi.id}")
    assert response.status_code == 200
    html = response.data.decode()
    assert "Anna Bianchi" in html and 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert "Delete" in html and "OK" in html


def test_keypad_for_another_households_resident_is_404(enrolled_client, household, zeno_verdi):
    client = enrolled_client(household)
    assert client.get(f"/tablet/pin/{zeno_verdi.id}").status_code == 404
    assert client.post(f"/tablet/pin/{zeno_verdi.id}", data={"pin": "4321"}).status_code == 404
    assert client.get("/tablet/pin/999999").status_code == 404
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"  # no session
    db.session.refresh(zeno_verdi)
    assert zeno_verdi.pin_failures == 0


def test_resident_of_a_cannot_sign_in_on_bs_tablet(enrolled_client, other_household, anna_bianchi):
    client = enrolled_client(other_household)
    assert client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "1234"}).status_code == 404
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


@pytest.mark.parametrize("pin", ["12a4", "abcd", "123", "1234567", ""])
def test_pin_in_the_wrong_shape_is_a_message_not_a_try(
    enrolled_client, household, anna_bianchi, pin
):
    client = enrolled_client(household)
    response = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": pin})
    assert response.status_code == 422
    assert b"A PIN has 4 to 6 numbers" in response.data or b"Type your PIN, then" in response.data
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.pin_failures == 0


def test_wrong_pin_plain_and_htmx(enrolled_client, household, anna_bianchi):
    client = enrolled_client(household)
    plain = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    assert plain.status_code == 422 and b"<html" in plain.data
    assert b"That PIN is not right. 4 tries left." in plain.data
    fragment = client.htmx("post", f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    assert fragment.status_code == 422 and b"<html" not in fragment.data
    assert b'id="keypad"' in fragment.data and b"3 tries left" in fragment.data
    assert b"0000" not in fragment.data  # the PIN is never echoed back
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.pin_failures == 2


def test_right_pin_plain_redirects_and_htmx_redirects_by_header(
    enrolled_client, household, anna_bianchi
):
    plain = enrolled_client(household).post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "1234"})
    assert plain.status_code == 303 and plain.headers["Location"] == "/tablet/today"
    client = enrolled_client(household)
    htmx = client.htmx("post", f"/tablet/pin/{anna_bianchi.id}", data={"pin": "1234"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/tablet/today"
    assert b"Anna Bianchi" in client.get("/tablet/today").data


def test_locked_resident_message_badge_and_others_unaffected(
    enrolled_client, resident_client, household, anna_bianchi, bruno_rossi
):
    client = enrolled_client(household)
    for _ in range(4):
        client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    response = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    # 09:00 UTC is 10:00 in Rome; locked for one minute.
    assert b"Locked for safety. Try again in 1 minute." in response.data
    assert b'name="pin"' not in response.data
    right = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "1234"})
    assert right.status_code == 422 and b"Locked for safety" in right.data
    picker = client.get("/tablet/").data.decode()
    anna_card = picker.split("Anna Bianchi")[1].split("</a>")[0]
    bruno_card = picker.split("Bruno Rossi")[1].split("</a>")[0]
    assert "lock-badge" in anna_card and "lock-badge" not in bruno_card
    resident_client(household, bruno_rossi, "5678", client=client)
    assert b"Bruno Rossi" in client.get("/tablet/today").data


def test_the_second_lock_says_in_2_minutes_in_the_households_language(
    enrolled_client, household, anna_bianchi, clock
):
    household.locale = "it"
    anna_bianchi.pin_locks = 1  # locked once already today: this time for 2 minutes
    anna_bianchi.pin_last_failure_at = clock.now()
    db.session.commit()
    client = enrolled_client(household)
    for _ in range(5):
        response = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    assert "Riprova tra 2 minuti." in response.get_data(as_text=True)
    clock.advance(timedelta(seconds=61))
    page = client.get(f"/tablet/pin/{anna_bianchi.id}").get_data(as_text=True)
    assert "Riprova tra 1 minuto." in page and not re.search(r"\d:\d\d", page)


def test_ids_too_big_for_the_database_are_404_not_500(enrolled_client, household):
    client = enrolled_client(household)
    assert client.get("/tablet/pin/99999999999999999999").status_code == 404
    assert client.post("/tablet/pin/99999999999999999999", data={"pin": "1234"}).status_code == 404
    assert client.get("/tablet/pin/0").status_code == 404


@pytest.mark.parametrize("person_id", ["²", "①", "¹²³⁴", "1.5", "-1", "%00"])
def test_ids_an_attacker_makes_up_are_404(enrolled_client, household, person_id):
    client = enrolled_client(household)
    assert client.get(f"/tablet/pin/{person_id}").status_code == 404
    assert client.post(f"/tablet/pin/{person_id}", data={"pin": "1234"}).status_code == 404


@pytest.mark.parametrize(
    "pin", ["²³⁴⁵", "①②③④", "\u0661\u0662\u0663\u0664", "\x00\x00\x00\x00", "9" * 400]
)
def test_pins_an_attacker_makes_up_are_a_message_not_a_try(
    enrolled_client, household, anna_bianchi, pin
):
    client = enrolled_client(household)
    response = client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": pin})
    assert response.status_code == 422
    assert b"A PIN has 4 to 6 numbers" in response.data or b"Type your PIN, then" in response.data
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.pin_failures == 0
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"
