"""The session cookie is sent again only when the session changed. A tablet's or a visitor's
session, rewritten on every response, let a slower request running beside a change send
back the cookie from before it: a language tapped on the tablet came back in Italian.
Strong session protection still guards a staff sign-in."""

from __future__ import annotations


def session_cookies(app, response) -> list[str]:
    name = app.config["SESSION_COOKIE_NAME"] + "="
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name)]


def test_a_tablet_picker_sends_no_cookie_once_the_session_is_made(app, enrolled_client, household):
    tablet = enrolled_client(household)
    tablet.get("/tablet/")
    again = tablet.get("/tablet/")
    assert again.status_code == 200
    assert session_cookies(app, again) == []
    assert not any("remember_token=" in c for c in again.headers.getlist("Set-Cookie"))


def test_a_language_chosen_on_the_tablet_outlives_a_request_from_before_it(
    app, enrolled_client, household
):
    """The service worker keeps the picker with a request that may start before the tap and
    end after it: its answer must not carry the old session back."""
    tablet = enrolled_client(household)
    tablet.get("/tablet/")
    before = tablet.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    tablet.post("/language", data={"language": "en", "next": "/tablet/"})
    late = app.test_client()
    device = app.config["DEVICE_COOKIE_NAME"]
    late.set_cookie(device, tablet.get_cookie(device).value)
    late.set_cookie(app.config["SESSION_COOKIE_NAME"], before)
    assert session_cookies(app, late.get("/tablet/")) == []  # nothing to undo the choice with
    page = tablet.get("/tablet/")
    assert b'lang="en"' in page.data


def test_the_sign_in_page_sends_no_cookie_once_the_session_is_made(app, client):
    client.get("/auth/login")
    assert session_cookies(app, client.get("/auth/login")) == []


def test_a_staff_sign_in_from_another_browser_is_still_refused(app, client, login, worker):
    login(worker)
    assert client.get("/households/").status_code == 200
    elsewhere = app.test_client()
    elsewhere.environ_base["HTTP_USER_AGENT"] = "Another browser/1.0"
    name = app.config["SESSION_COOKIE_NAME"]
    elsewhere.set_cookie(name, client.get_cookie(name).value)
    response = elsewhere.get("/households/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/auth/login")


def test_a_busy_staff_session_is_sent_again_once_a_minute(app, client, login, worker):
    """Still in use is noted at most every minute: the pages (and the concern badge polled
    beside them) do not resend the cookie on every answer."""
    from datetime import timedelta

    from cohousing.database import clock

    login(worker)
    client.get("/households/")
    assert session_cookies(app, client.get("/households/")) == []
    with clock.frozen_at(clock.now() + timedelta(seconds=61)):
        assert len(session_cookies(app, client.get("/households/"))) == 1
