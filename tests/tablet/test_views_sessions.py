"""A resident's session ends when it ends: after "Not you? Switch", the lock or the auto-lock
a copy of the old session cookie opens nothing, and the heartbeat cannot revive it."""

from __future__ import annotations

from datetime import timedelta

from cohousing.extensions import db
from cohousing.tablet.services import IDLE_SLACK_SECONDS, RESIDENT_SESSION_KEY

PICKER = "/tablet/"


def copy_of(app, client):
    """Another browser holding exactly the cookies `client` holds now (device and session)."""
    twin = app.test_client()
    for name in (app.config["SESSION_COOKIE_NAME"], app.config["DEVICE_COOKIE_NAME"]):
        cookie = client.get_cookie(name)
        if cookie is not None:
            twin.set_cookie(name, cookie.value)
    return twin


def opens_today(client) -> bool:
    response = client.get("/tablet/today")
    if response.status_code == 200:
        return True
    assert response.headers["Location"] == PICKER
    return False


def heartbeat_refused(client) -> bool:
    response = client.post("/tablet/awake", headers={"HX-Request": "true"})
    if response.status_code == 204 and "HX-Redirect" not in response.headers:
        return False
    assert response.headers["HX-Redirect"] == PICKER
    return True


def test_a_copy_works_while_the_session_lasts(app, resident_client, household, anna_bianchi):
    """The copy is a real copy: before the lock it is the same session."""
    client = resident_client(household, anna_bianchi, "1234")
    copy = copy_of(app, client)
    assert opens_today(copy) and opens_today(client)


def test_after_the_lock_a_copied_cookie_opens_nothing(
    app, resident_client, household, anna_bianchi
):
    client = resident_client(household, anna_bianchi, "1234")
    copy = copy_of(app, client)
    assert client.post("/tablet/lock").headers["Location"] == PICKER
    assert not opens_today(copy)
    assert heartbeat_refused(copy)
    assert not opens_today(copy)  # the heartbeat revived nothing
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.tablet_session_hash is None


def test_after_switch_the_previous_residents_copy_is_refused(
    app, resident_client, household, anna_bianchi, bruno_rossi
):
    client = resident_client(household, anna_bianchi, "1234")
    annas_copy = copy_of(app, client)
    client.post("/tablet/lock")  # "Not you? Switch"
    resident_client(household, bruno_rossi, "5678", client=client)
    assert "Hello, Bruno Rossi" in client.get("/tablet/today").get_data(as_text=True)
    assert not opens_today(annas_copy)
    assert heartbeat_refused(annas_copy)


def test_a_new_sign_in_ends_the_residents_earlier_session(
    app, resident_client, household, anna_bianchi
):
    client = resident_client(household, anna_bianchi, "1234")
    earlier = copy_of(app, client)
    resident_client(household, anna_bianchi, "1234", client=client)  # signed in again
    assert opens_today(client)
    assert not opens_today(earlier)


def test_after_the_idle_time_neither_the_tablet_nor_a_copy_opens_today(
    app, resident_client, household, anna_bianchi, clock
):
    client = resident_client(household, anna_bianchi, "1234")
    copy = copy_of(app, client)
    clock.advance(timedelta(seconds=household.tablet_idle_seconds + IDLE_SLACK_SECONDS + 1))
    assert not opens_today(client)
    assert not opens_today(copy)
    assert heartbeat_refused(copy)
    clock.advance(timedelta(seconds=5))
    assert not opens_today(copy)


def test_the_auto_lock_ends_a_copy_kept_busy_meanwhile(
    app, resident_client, household, anna_bianchi, clock
):
    """The tablet slept past its idle time; waking, its auto-lock posts the lock. A copy
    that kept pinging all along is refused from then on."""
    client = resident_client(household, anna_bianchi, "1234")
    copy = copy_of(app, client)
    for _ in range(3):
        clock.advance(timedelta(seconds=40))
        assert not heartbeat_refused(copy)
    assert not opens_today(client)  # the tablet itself is past its idle time
    assert client.post("/tablet/lock").headers["Location"] == PICKER  # the auto-lock
    assert not opens_today(copy)
    assert heartbeat_refused(copy)


def test_the_idle_check_on_a_get_writes_nothing(
    app, resident_client, household, anna_bianchi, clock
):
    client = resident_client(household, anna_bianchi, "1234")
    db.session.refresh(anna_bianchi)
    signed_in_hash = anna_bianchi.tablet_session_hash
    clock.advance(timedelta(minutes=5))
    assert not opens_today(client)  # a GET: no write (the guard would refuse one)
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.tablet_session_hash == signed_in_hash
    client.post("/tablet/lock")
    db.session.refresh(anna_bianchi)
    assert anna_bianchi.tablet_session_hash is None


def test_a_session_without_its_id_is_nobody(enrolled_client, household, anna_bianchi, clock):
    """A cookie from before session ids (or a forged one, were the key known) is refused."""
    client = enrolled_client(household)
    with client.session_transaction() as session:
        session[RESIDENT_SESSION_KEY] = {
            "id": anna_bianchi.id,
            "tablet": client.tablet.id,
            "seen": clock.now().timestamp(),
        }
    assert not opens_today(client)
    with client.session_transaction() as session:
        assert RESIDENT_SESSION_KEY not in session
