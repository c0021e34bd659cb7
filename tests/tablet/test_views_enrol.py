"""Enrolling a tablet over HTTP, and its device cookie: right, wrong, used, expired codes,
tampered and revoked cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import archive_household
from cohousing.tablet.models import Tablet
from cohousing.tablet.services import start_enrolment

COOKIE = "cohousing_tablet"


def tablets() -> int:
    return db.session.scalar(select(func.count(Tablet.id)))


def set_cookie_header(response) -> str:
    return " ".join(v for v in response.headers.getlist("Set-Cookie") if v.startswith(COOKIE))


@pytest.fixture
def code(app, household):
    with app.test_request_context():
        value = start_enrolment(household, "Cucina", None)
        db.session.commit()
    return value


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
    enrolled_client, resident_client, household, anna_bianchi
):
    client = resident_client(household, anna_bianchi, "1234")
    assert client.get("/tablet/today").status_code == 200
    client.tablet.revoked_at = client.tablet.enrolled_at
    db.session.commit()
    response = client.get("/tablet/today")
    assert response.headers["Location"] == "/tablet/enrol"
    assert "Expires=Thu, 01 Jan 1970" in set_cookie_header(response)
    page = client.get("/tablet/enrol")
    assert b"not enrolled any more" in page.data
    assert client.get("/tablet/today").headers["Location"] == "/tablet/enrol"


# --- last seen: written by the tablet's POSTs only --------------------------------------


def _last_seen(tablet):
    db.session.expire_all()
    return db.session.get(Tablet, tablet.id).last_seen_at


def test_a_get_writes_nothing_and_a_post_notes_the_tablet_used(
    enrolled_client, resident_client, household, anna_bianchi, clock
):
    client = enrolled_client(household)
    enrolled_at = _last_seen(client.tablet)
    clock.advance(timedelta(minutes=6))
    for url in ("/tablet/", f"/tablet/pin/{anna_bianchi.id}", "/tablet/manifest.webmanifest"):
        assert client.get(url).status_code == 200
    assert _last_seen(client.tablet) == enrolled_at  # GETs: nothing written
    resident_client(household, anna_bianchi, "1234", client=client)  # the keypad's POST
    signed_in = clock.now()
    assert _last_seen(client.tablet) == signed_in
    for _ in range(7):  # the page's heartbeat, while the resident reads
        clock.advance(timedelta(seconds=50))
        assert client.post("/tablet/awake").status_code == 204
        assert client.get("/tablet/today").status_code == 200
        if clock.now() - signed_in <= timedelta(minutes=5):
            assert _last_seen(client.tablet) == signed_in  # at most every 5 minutes
    assert _last_seen(client.tablet) == clock.now()


def test_a_refused_post_still_notes_the_tablet_used(enrolled_client, household, clock):
    client = enrolled_client(household)
    clock.advance(timedelta(hours=1))
    assert client.post("/tablet/enrol", data={"code": "ACDE-FH34"}).status_code == 422
    assert _last_seen(client.tablet) == clock.now()


def test_an_archived_households_tablet_is_not_noted(enrolled_client, household, clock):
    client = enrolled_client(household)
    enrolled_at = _last_seen(client.tablet)
    archive_household(household)
    db.session.commit()
    clock.advance(timedelta(hours=1))
    assert client.post("/tablet/lock").status_code == 303
    assert _last_seen(client.tablet) == enrolled_at


@pytest.mark.parametrize(
    "typed",
    ["ACDE\x00FH34", "\x00" * 8, "²³⁴⁵⁶⁷⁸⁹", "①②③④⑤⑥⑦⑧", "A" * 400, "\u0663\u0664\u0667\u0669ACDE"],
)
def test_codes_an_attacker_makes_up_are_a_message_and_enrol_nothing(client, code, typed):
    response = client.post("/tablet/enrol", data={"code": typed})
    assert response.status_code == 422
    assert b"The code has 8 letters and numbers" in response.data or (
        b"This code is not valid" in response.data
    )
    assert tablets() == 0 and not set_cookie_header(response)
    page = client.get("/tablet/enrol", query_string={"code": typed})
    assert page.status_code == 200 and tablets() == 0


def test_a_code_with_a_nul_in_it_still_enrols_when_its_letters_are_right(client, code):
    """Control characters are dropped before the code is read: the code is what counts."""
    response = client.post("/tablet/enrol", data={"code": f"{code[:4]}\x00{code[4:]}"})
    assert response.status_code == 303 and tablets() == 1


def test_enrolling_again_ends_the_browsers_previous_tablet(enrolled_client, household, code):
    client = enrolled_client(household)
    old = client.tablet
    assert client.post("/tablet/enrol", data={"code": code}).status_code == 303
    db.session.refresh(old)
    assert old.revoked_at is not None and tablets() == 2
    assert client.get("/tablet/").status_code == 200  # the new identity works


def test_a_code_of_a_household_archived_since_enrols_nothing(client, code, household):
    archive_household(household)
    db.session.commit()
    response = client.post("/tablet/enrol", data={"code": code})
    assert response.status_code == 422
    assert b"This household is archived" in response.data
    assert tablets() == 0 and not set_cookie_header(response)
