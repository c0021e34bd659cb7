"""Staff sessions end when they end: sign-out refuses copies of the cookie, a working day is
the most a session lasts however busy, a new password or a deactivation ends them all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.staff.models import StaffSession
from cohousing.staff.services import set_active, set_password

ENDED = "Your session has ended. Please sign in again."


def copy_of(app, client):
    twin = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    twin.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    return twin


def signed_in(client) -> bool:
    response = client.get("/households/")
    if response.status_code == 200:
        return True
    assert response.headers["Location"].startswith("/auth/login")
    return False


def sessions_of(account) -> int:
    return db.session.scalar(
        select(func.count(StaffSession.id)).where(StaffSession.account_id == account.id)
    )


def test_after_sign_out_a_copied_cookie_is_refused(app, client, login, worker):
    login(worker)
    copy = copy_of(app, client)
    assert signed_in(copy)  # a real copy of the session
    client.post("/auth/logout")
    assert not signed_in(copy)
    page = copy.get("/auth/login").get_data(as_text=True)
    assert ENDED in page
    assert not signed_in(copy)
    assert sessions_of(worker) == 0


def test_signing_out_on_one_browser_leaves_the_others(app, client, login, worker):
    login(worker)
    laptop = login(worker, c=app.test_client())
    assert sessions_of(worker) == 2
    client.post("/auth/logout")
    assert signed_in(laptop) and not signed_in(client)
    assert sessions_of(worker) == 1


def test_a_session_lasts_a_working_day_however_busy(app, client, login, worker, clock):
    lifetime = app.config["STAFF_SESSION_LIFETIME"]
    assert lifetime == timedelta(hours=10)
    login(worker)
    copy = copy_of(app, client)
    step = timedelta(minutes=20)  # always under the 30 idle minutes
    for _ in range(int(lifetime / step) - 1):
        clock.advance(step)
        assert signed_in(client)
    clock.advance(step)  # ten hours since signing in
    response = client.get("/households/")
    assert response.headers["Location"].startswith("/auth/login")
    assert ENDED in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not signed_in(copy)
    login(worker)  # signing in again starts a new day
    assert signed_in(client)


def test_a_new_sign_in_clears_the_accounts_sessions_past_their_lifetime(
    app, client, login, worker, clock
):
    login(worker)
    clock.advance(timedelta(hours=11))
    login(worker, c=app.test_client())
    assert sessions_of(worker) == 1


def test_a_new_password_or_a_deactivation_ends_every_session(app, client, login, worker, admin):
    login(worker)
    login(worker, c=app.test_client())
    set_password(worker, "a different long password")
    db.session.commit()
    assert sessions_of(worker) == 0
    login(worker, "a different long password")
    set_active(worker, False, acting_id=admin.id)
    db.session.commit()
    assert sessions_of(worker) == 0 and not signed_in(client)


def test_the_session_id_is_in_the_cookie_and_only_its_digest_in_the_database(client, login, worker):
    login(worker)
    with client.session_transaction() as session:
        account_id, _fingerprint, session_id = session["_user_id"].split(":")
    assert int(account_id) == worker.id and len(session_id) >= 40
    (row,) = db.session.scalars(select(StaffSession).where(StaffSession.account_id == worker.id))
    assert session_id not in row.token_hash and len(row.token_hash) == 64
