"""Tablet screens over HTTP: enrolment, picker, keypad, today, lock, and bad input."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.tablet.models import Tablet
from cohousing.tablet.services import start_enrolment

COOKIE = "cohousing_tablet"


@pytest.fixture
def anna(household):
    return next(p for p in current_residents(household) if p.display_name == "Anna Bianchi")


@pytest.fixture
def bruno(household):
    return next(p for p in current_residents(household) if p.display_name == "Bruno Rossi")


@pytest.fixture
def zeno(other_household):
    return current_residents(other_household)[0]


@pytest.fixture
def code(app, household):
    with app.test_request_context():
        value = start_enrolment(household, "Cucina", None)
        db.session.commit()
    return value


def tablets() -> int:
    return db.session.scalar(select(func.count(Tablet.id)))


def set_cookie_header(response) -> str:
    return " ".join(v for v in response.headers.getlist("Set-Cookie") if v.startswith(COOKIE))


# --- enrolment -------------------------------------------------------------------------


def test_enrol_page_is_a_form_with_a_big_code_input(client):
    response = client.get("/tablet/enrol")
    assert response.status_code == 200
    assert b'name="code"' in response.data and b'autocomplete="off"' in response.data


def test_qr_link_prefills_the_code_but_a_get_does_not_enrol(client, code):
    response = client.get(f"/tablet/enrol?code={code.lower()}")
    assert response.status_code == 200
    assert f'value="{code[:4]}-{code[4:]}"'.encode() in response.data
    assert tablets() == 0 and not set_cookie_header(response)


def test_right_code_enrols_and_sets_a_safe_long_lived_cookie(client, code, household):
    response = client.post("/tablet/enrol", data={"code": f"{code[:4].lower()} {code[4:]}"})
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/"
    cookie = set_cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=315360000" in cookie
    assert "Secure" not in cookie  # only in production, behind TLS
    tablet = db.session.scalar(select(Tablet))
    assert tablet.household_id == household.id and tablet.name == "Cucina"
    picker = client.get("/tablet/")
    assert picker.status_code == 200 and b"Anna Bianchi" in picker.data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ACDE-FH34", b"This code is not valid"),
        ("ABC", b"The code has 8 letters and numbers"),
        ("", b"Type the code shown"),
    ],
)
def test_wrong_code_is_a_message_and_no_cookie(client, code, typed, message):
    response = client.post("/tablet/enrol", data={"code": typed})
    assert response.status_code == 422
    assert message in response.data
    assert not set_cookie_header(response) and tablets() == 0
    assert client.get("/tablet/").headers["Location"] == "/tablet/enrol"


def test_expired_code_is_a_message_and_no_cookie(client, code, clock):
    clock.advance(timedelta(minutes=15, seconds=1))
    response = client.post("/tablet/enrol", data={"code": code})
    assert response.status_code == 422 and b"This code has expired" in response.data
    assert not set_cookie_header(response) and tablets() == 0


def test_a_used_code_does_not_enrol_a_second_tablet(client, app, code):
    assert client.post("/tablet/enrol", data={"code": code}).status_code == 303
    second = app.test_client()
    response = second.post("/tablet/enrol", data={"code": code})
    assert response.status_code == 422 and not set_cookie_header(response)
    assert tablets() == 1


def test_enrol_without_csrf_is_refused(client_without_csrf, code):
    response = client_without_csrf.post("/tablet/enrol", data={"code": code})
    assert response.status_code == 400 and tablets() == 0


# --- the device cookie -----------------------------------------------------------------


def test_no_cookie_goes_to_enrol(client):
    assert client.get("/tablet/").headers["Location"] == "/tablet/enrol"
    assert client.get("/tablet/today").headers["Location"] == "/tablet/enrol"


def test_tampered_cookie_is_not_enrolled_and_is_deleted(enrolled_client, household):
    client = enrolled_client(household)
    token = client.get_cookie(COOKIE).value
    client.set_cookie(COOKIE, token[:-3] + "xyz")
    response = client.get("/tablet/")
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/enrol"
    assert "Expires=Thu, 01 Jan 1970" in set_cookie_header(response)
    assert client.get_cookie(COOKIE) is None


def test_revoked_tablet_is_not_enrolled_at_its_next_request(
    enrolled_client, resident_client, household, anna
):
    client = resident_client(household, anna, "1234")
    assert client.get("/tablet/today").status_code == 200
    client.tablet.revoked_at = client.tablet.enrolled_at
    db.session.commit()
    response = client.get("/tablet/today")
    assert response.headers["Location"] == "/tablet/enrol"
    assert "Expires=Thu, 01 Jan 1970" in set_cookie_header(response)
    page = client.get("/tablet/enrol")
    assert b"not enrolled any more" in page.data
    assert client.get("/tablet/today").headers["Location"] == "/tablet/enrol"


# --- picker and keypad -----------------------------------------------------------------


def test_picker_lists_only_current_residents_of_its_household(
    enrolled_client, household, other_household, bruno, zeno
):
    move_out(household, bruno.id, household.today())
    db.session.commit()
    response = enrolled_client(household).get("/tablet/")
    assert b"Anna Bianchi" in response.data
    assert b"Bruno Rossi" not in response.data and zeno.display_name.encode() not in response.data
    assert b"/tablet/pin/" in response.data


def test_keypad_shows_the_person_and_a_numeric_pin_field(enrolled_client, household, anna):
    response = enrolled_client(household).get(f"/tablet/pin/{anna.id}")
    assert response.status_code == 200
    html = response.data.decode()
    assert "Anna Bianchi" in html and 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert "Delete" in html and "OK" in html


def test_keypad_for_another_households_resident_is_404(enrolled_client, household, zeno):
    client = enrolled_client(household)
    assert client.get(f"/tablet/pin/{zeno.id}").status_code == 404
    assert client.post(f"/tablet/pin/{zeno.id}", data={"pin": "4321"}).status_code == 404
    assert client.get("/tablet/pin/999999").status_code == 404
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"  # no session
    db.session.refresh(zeno)
    assert zeno.pin_failures == 0


def test_resident_of_a_cannot_sign_in_on_bs_tablet(enrolled_client, other_household, anna):
    client = enrolled_client(other_household)
    assert client.post(f"/tablet/pin/{anna.id}", data={"pin": "1234"}).status_code == 404
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


@pytest.mark.parametrize("pin", ["12a4", "abcd", "123", "1234567", ""])
def test_pin_in_the_wrong_shape_is_a_message_not_a_try(enrolled_client, household, anna, pin):
    client = enrolled_client(household)
    response = client.post(f"/tablet/pin/{anna.id}", data={"pin": pin})
    assert response.status_code == 422
    assert b"A PIN has 4 to 6 numbers" in response.data or b"Type your PIN, then" in response.data
    db.session.refresh(anna)
    assert anna.pin_failures == 0


def test_wrong_pin_plain_and_htmx(enrolled_client, household, anna):
    client = enrolled_client(household)
    plain = client.post(f"/tablet/pin/{anna.id}", data={"pin": "0000"})
    assert plain.status_code == 422 and b"<html" in plain.data
    assert b"That PIN is not right. 4 tries left." in plain.data
    fragment = client.htmx("post", f"/tablet/pin/{anna.id}", data={"pin": "0000"})
    assert fragment.status_code == 422 and b"<html" not in fragment.data
    assert b'id="keypad"' in fragment.data and b"3 tries left" in fragment.data
    assert b"0000" not in fragment.data  # the PIN is never echoed back
    db.session.refresh(anna)
    assert anna.pin_failures == 2


def test_right_pin_plain_redirects_and_htmx_redirects_by_header(enrolled_client, household, anna):
    plain = enrolled_client(household).post(f"/tablet/pin/{anna.id}", data={"pin": "1234"})
    assert plain.status_code == 303 and plain.headers["Location"] == "/tablet/today"
    client = enrolled_client(household)
    htmx = client.htmx("post", f"/tablet/pin/{anna.id}", data={"pin": "1234"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/tablet/today"
    assert b"Anna Bianchi" in client.get("/tablet/today").data


def test_locked_resident_message_badge_and_others_unaffected(
    enrolled_client, resident_client, household, anna, bruno
):
    client = enrolled_client(household)
    for _ in range(4):
        client.post(f"/tablet/pin/{anna.id}", data={"pin": "0000"})
    response = client.post(f"/tablet/pin/{anna.id}", data={"pin": "0000"})
    # 09:00 UTC is 10:00 in Rome; locked for one minute.
    assert re.search(rb"Locked for safety. Try again at 10:01\W*AM.", response.data)
    assert b'name="pin"' not in response.data
    right = client.post(f"/tablet/pin/{anna.id}", data={"pin": "1234"})
    assert right.status_code == 422 and b"Locked for safety" in right.data
    picker = client.get("/tablet/").data.decode()
    anna_card = picker.split("Anna Bianchi")[1].split("</a>")[0]
    bruno_card = picker.split("Bruno Rossi")[1].split("</a>")[0]
    assert "lock-badge" in anna_card and "lock-badge" not in bruno_card
    resident_client(household, bruno, "5678", client=client)
    assert b"Bruno Rossi" in client.get("/tablet/today").data


def test_lock_time_is_in_the_households_time_zone(enrolled_client, household, anna):
    household.timezone = "America/New_York"
    db.session.commit()
    client = enrolled_client(household)
    for _ in range(5):
        response = client.post(f"/tablet/pin/{anna.id}", data={"pin": "0000"})
    assert re.search(rb"Try again at 4:01\W*AM", response.data)


# --- the resident's today screen, the lock and idle expiry -----------------------------


def test_today_shows_the_resident_switch_and_honest_sections(resident_client, household, anna):
    client = resident_client(household, anna, "1234")
    response = client.get("/tablet/today")
    html = response.data.decode()
    assert response.status_code == 200 and "Hello, Anna Bianchi" in html
    assert "Not you? Switch" in html and 'action="/tablet/lock"' in html
    # The day's sections, check-in and help first.
    headings = [
        "How are you today?",
        "I need help",
        "My chores today",
        "Money: who gives whom",
    ]
    positions = [html.find(h) for h in headings]
    assert all(p > 0 for p in positions) and positions == sorted(positions), positions
    assert 'data-idle-seconds="60"' in html and 'id="still-there"' in html
    assert response.headers["Cache-Control"] == "no-store"
    assert 'rel="manifest"' in html and "js/tablet.js" in html


def test_switch_signs_out_and_goes_back_to_the_faces(resident_client, household, anna):
    client = resident_client(household, anna, "1234")
    response = client.post("/tablet/lock")
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/"
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"
    htmx = resident_client(household, anna, "1234", client=client).post(
        "/tablet/lock", headers={"HX-Request": "true"}
    )
    assert htmx.headers["HX-Redirect"] == "/tablet/"


def test_server_expires_an_idle_resident_session(resident_client, household, anna, clock):
    client = resident_client(household, anna, "1234")
    clock.advance(timedelta(seconds=70))
    assert client.get("/tablet/today").status_code == 200  # within 60 s + 15 s: still open
    clock.advance(timedelta(seconds=70))
    assert client.post("/tablet/awake").status_code == 204  # the page pinged: still open
    clock.advance(timedelta(seconds=76))
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_idle_time_is_per_household(resident_client, household, anna, clock):
    household.tablet_idle_seconds = 20
    db.session.commit()
    client = resident_client(household, anna, "1234")
    clock.advance(timedelta(seconds=36))
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_a_resident_who_moved_out_is_signed_out(resident_client, household, anna, clock):
    client = resident_client(household, anna, "1234")
    move_out(household, anna.id, household.today())
    db.session.commit()
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_resident_cannot_open_staff_pages(resident_client, household, anna):
    client = resident_client(household, anna, "1234")
    response = client.get("/households/")
    assert response.status_code in (302, 303, 403)
    assert "/auth/login" in response.headers.get("Location", "/auth/login")
    assert b"Casa Serena" not in response.data
    assert client.get(f"/tablet/households/{household.id}/enrol").status_code in (302, 303)


def test_resident_switches_their_own_language(resident_client, household, anna):
    client = resident_client(household, anna, "1234")
    client.post("/language", data={"lang": "en", "next": "/tablet/today"})
    db.session.refresh(anna)
    assert anna.preferred_language == "en"
    assert b'lang="en"' in client.get("/tablet/today").data


def test_staff_signed_in_on_a_tablet_get_no_resident_page(
    enrolled_client, login, coordinator, household, anna
):
    client = enrolled_client(household)
    login(coordinator, c=client)
    picker = client.get("/tablet/")
    assert b"A staff member is signed in on this browser" in picker.data
    response = client.post(f"/tablet/pin/{anna.id}", data={"pin": "1234"})
    assert response.status_code == 422 and b"Sign out first" in response.data
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_staff_signing_in_ends_a_residents_session(
    resident_client, login, coordinator, household, anna
):
    client = resident_client(household, anna, "1234")
    login(coordinator, c=client)
    assert client.get("/tablet/today").headers["Location"] == "/tablet/"


def test_manifest_lets_the_tablet_run_full_screen(client):
    response = client.get("/tablet/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = response.get_json()
    assert data["display"] == "fullscreen" and data["start_url"] == "/tablet/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        response = client.get(icon["src"])
        try:
            assert response.status_code == 200 and response.mimetype == "image/png"
            size = Image.open(BytesIO(response.get_data())).size
        finally:
            response.close()
        assert f"{size[0]}x{size[1]}" == icon["sizes"]


def test_ids_too_big_for_the_database_are_404_not_500(enrolled_client, household):
    client = enrolled_client(household)
    assert client.get("/tablet/pin/99999999999999999999").status_code == 404
    assert client.post("/tablet/pin/99999999999999999999", data={"pin": "1234"}).status_code == 404


def test_enrolling_again_ends_the_browsers_previous_tablet(enrolled_client, household, code):
    client = enrolled_client(household)
    old = client.tablet
    assert client.post("/tablet/enrol", data={"code": code}).status_code == 303
    db.session.refresh(old)
    assert old.revoked_at is not None and tablets() == 2
    assert client.get("/tablet/").status_code == 200  # the new identity works
