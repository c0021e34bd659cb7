"""Staff sign-in, sign-out, idle expiry, password links and create-admin (throttling:
test_views_throttle.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from cohousing import create_app
from cohousing.extensions import db
from cohousing.people.services import verify_secret
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import password_link_token, set_active, set_password
from cohousing.web.urls import safe_next
from config import ProductionConfig, SettingsError
from tests.fixtures.people import PASSWORD, current_code

WRONG = "not the password"


def _sign_in(client, account, password=PASSWORD, **kwargs):
    return client.post("/auth/login", data={"email": account.email, "password": password}, **kwargs)


def _signed_in(client) -> bool:
    """A staff page answers 200 only when someone is signed in."""
    return client.get("/households/").status_code == 200


# --- signing in ----------------------------------------------------------------------


def test_sign_in_starts_a_new_session_and_goes_home(client, worker, clock):
    with client.session_transaction() as session:
        session["planted"] = "by someone before sign-in"
        session["resident"] = {"id": 1, "tablet": 1, "seen": 0}
    response = _sign_in(client, worker)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "planted" not in session and "resident" not in session
        assert session["_user_id"].startswith(f"{worker.id}:")
    assert worker.last_login_at == clock.now()
    assert _signed_in(client)


def test_email_is_not_case_sensitive(client, worker):
    response = client.post(
        "/auth/login", data={"email": f"  {worker.email.upper()} ", "password": PASSWORD}
    )
    assert response.status_code == 303


@pytest.mark.parametrize("email", ["nobody@example.org", "WORKER"])
def test_wrong_email_or_password_gets_one_plain_message(client, worker, email):
    email = worker.email if email == "WORKER" else email
    response = client.post("/auth/login", data={"email": email, "password": WRONG})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The email or the password is not right." in html
    assert f'value="{email}"' in html  # what was typed is kept
    assert not _signed_in(client)


def test_cookies_are_httponly_and_lax(client, worker):
    response = _sign_in(client, worker)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_production_cookies_are_secure():
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    production = create_app(Production)
    with production.app_context():
        db.create_all()  # the sign-in page lists the sign-in services
    try:
        response = production.test_client().get("/auth/login")
        assert response.status_code == 200
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        with production.app_context():
            db.engine.dispose()


def test_production_refuses_a_missing_or_short_secret():
    class Weak(ProductionConfig):
        SECRET_KEY = "short"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app(Weak)


def test_signed_in_staff_visiting_the_sign_in_page_go_home(client, login, worker):
    login(worker)
    response = client.get("/auth/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_next_takes_staff_back_to_the_page_they_wanted(client, admin):
    login_url = client.get("/staff/new").headers["Location"]
    assert login_url.startswith("/auth/login?next=")
    response = client.post(login_url, data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"] == "/auth/code"  # the admin's second step, then back
    response = client.post("/auth/code", data={"code": current_code(admin)})
    assert response.headers["Location"].startswith("/staff/new")
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "evil", "/ok\r\nX: y", ""],
)
def test_next_never_leaves_the_site(target):
    assert safe_next(target) is None


def test_safe_next_keeps_a_local_path():
    assert safe_next("/households/3?tab=people") == "/households/3?tab=people"


def test_inactive_accounts_cannot_sign_in(client, admin, worker):
    set_active(worker, False, acting_id=admin.id)
    db.session.commit()
    response = _sign_in(client, worker)
    assert response.status_code == 422
    assert "not right" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_account_without_password_cannot_sign_in(client, make_staff):
    waiting = make_staff(Role.WORKER, password=None)
    response = client.post("/auth/login", data={"email": waiting.email, "password": ""})
    assert response.status_code == 422
    assert not _signed_in(client)


# --- sign-out, idle expiry, password change ------------------------------------------


def test_sign_out_is_post_only(client, login, worker):
    login(worker)
    assert client.get("/auth/logout").status_code == 405
    assert _signed_in(client)
    response = client.post("/auth/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert "You are signed out." in client.get("/auth/login").get_data(as_text=True)
    assert not _signed_in(client)


def test_idle_staff_session_expires_after_30_minutes(client, login, worker, clock):
    login(worker)
    clock.advance(timedelta(minutes=29))
    assert _signed_in(client)  # activity moves the deadline
    clock.advance(timedelta(minutes=29))
    assert _signed_in(client)
    clock.advance(timedelta(minutes=30, seconds=1))
    response = client.get("/households/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/auth/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in page
    assert not _signed_in(client)


def test_idle_expiry_with_htmx_sends_hx_redirect(client, login, worker, clock):
    login(worker)
    clock.advance(timedelta(minutes=31))
    response = client.htmx("get", "/households/")
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/auth/login")


def test_changing_the_password_ends_other_sessions(client, app, login, worker):
    login(worker)
    elsewhere = login(worker, c=app.test_client())
    set_password(worker, "a different long password")
    db.session.commit()
    assert not _signed_in(client)
    assert not _signed_in(elsewhere)
    assert _sign_in(client, worker, "a different long password").status_code == 303


# --- the password link -----------------------------------------------------------------


def test_link_page_refuses_short_and_different_passwords(client, make_staff):
    account = make_staff(Role.WORKER, password=None)
    url = f"/auth/password/{password_link_token(account)}"
    short = client.post(url, data={"password": "short", "confirm": "short"})
    assert short.status_code == 422
    assert "Use at least 10 characters." in short.get_data(as_text=True)
    differ = client.post(url, data={"password": "long enough one", "confirm": "long enough two"})
    assert "The passwords differ." in differ.get_data(as_text=True)
    assert account.password_hash is None


def test_link_sets_the_password_once(client, make_staff):
    account = make_staff(Role.WORKER, password=None)
    url = f"/auth/password/{password_link_token(account)}"
    response = client.post(url, data={"password": "long enough one", "confirm": "long enough one"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert verify_secret(account.password_hash, "long enough one")
    again = client.get(url)
    assert again.status_code == 404
    assert "This link no longer works" in again.get_data(as_text=True)


def test_a_tampered_link_is_refused(client, worker):
    token = password_link_token(worker)
    assert client.get(f"/auth/password/{token[:-2]}xx").status_code == 404


# --- create-admin --------------------------------------------------------------------


def _run_create_admin(app, email: str, password: str = "a long admin password"):
    """The password is typed at the prompt, twice (it is never an argument)."""
    return app.test_cli_runner().invoke(
        args=["cohousing", "create-admin", "--email", email, "--name", "Prima Admin"],
        input=f"{password}\n{password}\n",
    )


def test_create_admin_command(app):
    result = _run_create_admin(app, "Prima@Example.org")
    assert result.exit_code == 0, result.output
    assert "Admin Prima@Example.org created." in result.output
    account = db.session.scalar(
        select(StaffAccount).where(StaffAccount.email == "prima@example.org")
    )
    assert account.role is Role.ADMIN and account.active
    assert verify_secret(account.password_hash, "a long admin password")


def test_create_admin_refuses_a_duplicate_email(app, admin):
    with force_locale("en"):
        result = _run_create_admin(app, admin.email.upper())
    assert result.exit_code == 1
    assert "An account with this email already exists." in result.output
    assert (
        db.session.scalar(
            select(func.count(StaffAccount.id)).where(
                func.lower(StaffAccount.email) == admin.email.lower()
            )
        )
        == 1
    )


def test_create_admin_refuses_a_short_password(app):
    result = _run_create_admin(app, "short@example.org", password="short")
    assert result.exit_code == 1
    assert (
        db.session.scalar(select(StaffAccount).where(StaffAccount.email == "short@example.org"))
        is None
    )
