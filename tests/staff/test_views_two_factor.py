"""Two-step sign-in over HTTP: admins must set it up after their password, others may;
codes are throttled like the password and never work twice; recovery codes work once."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.staff.models import RecoveryCode, Role
from tests.fixtures.people import PASSWORD, current_code


def _password(client, account):
    return client.post("/auth/login", data={"email": account.email, "password": PASSWORD})


def _signed_in(client) -> bool:
    """Signed in: a staff page answers (403 for a role it is not for), not a redirect to
    the sign-in (which is also where a half-done sign-in leads)."""
    return client.get("/staff/").status_code in (200, 403)


def _set_up(client, account) -> list[str]:
    """Start, scan (read the key off the page), type the first code: the recovery codes."""
    assert client.post("/auth/two-factor/start").status_code == 303
    page = client.get("/auth/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code
    key = re.search(r'class="setup-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    code = pyotp.TOTP(key).at(clock.now())
    done = client.post("/auth/two-factor/confirm", data={"code": code})
    assert done.status_code == 200, done.data[:400]
    assert done.headers["Cache-Control"] == "no-store"
    return re.findall(r"<code>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})</code>", done.get_data(as_text=True))


def test_an_admin_without_a_second_factor_sets_it_up_before_any_page(client, make_staff):
    admin = make_staff(Role.ADMIN, two_factor=False)
    response = _password(client, admin)
    assert response.status_code == 303 and response.headers["Location"] == "/auth/two-factor"
    assert not _signed_in(client)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    assert "Administrators sign in in two steps" in page
    wrong = client.post("/auth/two-factor/start")
    assert wrong.status_code == 303
    refused = client.post("/auth/two-factor/confirm", data={"code": "000000"})
    assert refused.status_code == 422
    assert "This code is not right" in refused.get_data(as_text=True)
    assert not _signed_in(client)
    codes = _set_up(client, admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _signed_in(client)
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)
    assert admin.has_two_factor


def test_the_code_step_signs_in_once_per_code(app, client, admin):
    response = _password(client, admin)
    assert response.headers["Location"] == "/auth/code"
    assert not _signed_in(client)
    code = current_code(admin)
    assert client.post("/auth/code", data={"code": code}).status_code == 303
    assert _signed_in(client)
    other = app.test_client()  # someone who saw the code over the admin's shoulder
    _password(other, admin)
    replayed = other.post("/auth/code", data={"code": code})
    assert replayed.status_code == 422
    assert "already used" in replayed.get_data(as_text=True)
    assert not _signed_in(other)
    clock.advance(timedelta(seconds=30))
    assert other.post("/auth/code", data={"code": current_code(admin)}).status_code == 303


def test_a_recovery_code_works_once(app, client, make_staff):
    worker = make_staff(Role.WORKER)
    _password(client, worker)
    assert _signed_in(client)  # optional for others: no code asked
    client.get("/auth/two-factor")
    codes = _set_up(client, worker)
    client.post("/auth/logout")
    _password(client, worker)
    assert client.post("/auth/code", data={"code": codes[3].lower()}).status_code == 303
    client.post("/auth/logout")
    _password(client, worker)
    assert client.post("/auth/code", data={"code": codes[3]}).status_code == 422


def test_wrong_codes_are_throttled_like_the_password(client, admin):
    _password(client, admin)
    for _ in range(5):
        assert client.post("/auth/code", data={"code": "123456"}).status_code == 422
    refused = client.post("/auth/code", data={"code": current_code(admin)})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert not _signed_in(client)


def test_the_code_step_needs_a_fresh_password(client, admin):
    gone = client.post("/auth/code", data={"code": current_code(admin)})
    assert gone.status_code == 303 and gone.headers["Location"] == "/auth/login"
    _password(client, admin)
    clock.advance(timedelta(minutes=5, seconds=1))
    late = client.post("/auth/code", data={"code": current_code(admin)})
    assert late.headers["Location"] == "/auth/login"
    assert not _signed_in(client)


def test_a_worker_turns_it_off_with_a_code_an_admin_cannot(client, login, make_staff, admin):
    worker = make_staff(Role.WORKER, two_factor=True)
    login(worker)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    assert "Turn off two-step sign-in" in page
    refused = client.post("/auth/two-factor/off", data={"code": "999999"})
    assert refused.status_code == 422 and "not right" in refused.get_data(as_text=True)
    clock_code = current_code(worker)
    worker.totp_last_step = None
    db.session.commit()
    assert client.post("/auth/two-factor/off", data={"code": clock_code}).status_code == 303
    assert not worker.has_two_factor
    client.post("/auth/logout")
    login(admin)
    assert "must keep" in client.get("/auth/two-factor").get_data(as_text=True)
    assert client.post("/auth/two-factor/off", data={"code": "000000"}).status_code == 403


def test_the_code_page_in_italian(client, admin):
    with client.session_transaction() as session:
        session["lang"] = "it"
    _password(client, admin)
    page = client.get("/auth/code").get_data(as_text=True)
    assert "Accesso in due passaggi" in page
    wrong = client.post("/auth/code", data={"code": "12"})
    assert "Questo codice non è giusto" in wrong.get_data(as_text=True)
