"""Staff admin screens over HTTP: admins only, htmx and plain."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.staff.models import Role, StaffAccount
from tests.fixtures.people import PASSWORD

NEW = {
    "email": "Nuova.Operatrice@Example.org",
    "display_name": "Nina Nuova",
    "role": "worker",
    "preferred_language": "en",
}


def _account(email: str) -> StaffAccount | None:
    return db.session.scalar(select(StaffAccount).where(StaffAccount.email == email.lower()))


def _count() -> int:
    return db.session.scalar(select(func.count(StaffAccount.id)))


def _link_in(html: str) -> str:
    match = re.search(r'id="password-link" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _new_form(client) -> dict:
    page = client.get("/staff/new").get_data(as_text=True)
    token = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page)
    assert token, page
    return {**NEW, "submission_id": token.group(1)}


# --- the list ----------------------------------------------------------------------------


def test_admin_sees_every_account_with_its_state(client, login, admin, worker, make_staff):
    waiting = make_staff(Role.COORDINATOR, name="Wanda Waiting", password=None)
    login(admin)
    response = client.get("/staff/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html
    for account in (admin, worker, waiting):
        assert account.display_name in html
        assert account.email in html
    row = html[html.index(f'id="staff-{waiting.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Coordinator" in row
    assert "Waiting for the link" in row
    assert "Never" in row
    admin_row = html[html.index(f'id="staff-{admin.id}"') :]
    admin_row = admin_row[: admin_row.index("</tr>")]
    assert "Set" in admin_row and "Never" not in admin_row  # signed in just now
    assert "Deactivate" not in admin_row  # not for yourself


def test_list_htmx_gets_the_fragment(client, login, admin):
    login(admin)
    response = client.htmx("get", "/staff/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="staff-list"' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKER])
@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/staff/"), ("get", "/staff/new"), ("post", "/staff/new")],
)
def test_other_roles_are_refused(client, login, make_staff, role, method, url):
    login(make_staff(role))
    before = _count()
    response = client.open(url, method=method.upper(), data=NEW)
    assert response.status_code == 403
    assert "not for your role" in response.get_data(as_text=True)
    assert _count() == before


@pytest.mark.parametrize("action", ["link", "deactivate", "reactivate"])
def test_other_roles_cannot_touch_accounts(client, login, coordinator, worker, action):
    login(coordinator)
    response = client.post(f"/staff/{worker.id}/{action}")
    assert response.status_code == 403
    assert worker.active is True


# --- creating an account -----------------------------------------------------------------


def test_create_shows_a_one_time_link_that_lets_them_choose_a_password(client, login, admin):
    login(admin)
    response = client.post("/staff/new", data=_new_form(client))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "<html" in html and "Nina Nuova" in html
    account = _account(NEW["email"])
    assert account is not None
    assert (account.role, account.preferred_language) == (Role.WORKER, "en")
    assert account.created_by_id == admin.id and account.password_hash is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_staff_id == account.id)
    ).all()
    assert actions == ["staff.created", "staff.password_link_created"]

    link = _link_in(html)
    assert link.startswith("http://localhost/auth/password/")
    client.post("/auth/logout")
    other = client.application.test_client()
    assert "Choose your password" in other.get(link).get_data(as_text=True)
    saved = other.post(
        link, data={"password": "my own long password", "confirm": "my own long password"}
    )
    assert saved.status_code == 303
    assert other.get(link).status_code == 404  # used once
    signed_in = other.post(
        "/auth/login", data={"email": NEW["email"], "password": "my own long password"}
    )
    assert signed_in.status_code == 303


def test_create_with_htmx_swaps_in_the_link(client, login, admin):
    login(admin)
    response = client.htmx("post", "/staff/new", data=_new_form(client))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="staff-form"' in html
    assert "/auth/password/" in _link_in(html)
    assert _account(NEW["email"]) is not None


@pytest.mark.parametrize("htmx", [False, True])
def test_duplicate_email_is_a_message_by_the_field(client, login, admin, worker, htmx):
    login(admin)
    data = {**_new_form(client), "email": worker.email.upper(), "display_name": "Someone Else"}
    before = _count()
    if htmx:
        response = client.htmx("post", "/staff/new", data=data)
    else:
        response = client.post("/staff/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("<html" in html) is not htmx
    assert 'id="email-error"' in html
    assert "An account with this email already exists." in html
    assert 'value="Someone Else"' in html  # what was typed is kept
    assert _count() == before


@pytest.mark.parametrize(
    ("changes", "error_field"),
    [
        ({"email": "not an email"}, "email"),
        ({"display_name": ""}, "display_name"),
        ({"role": "admin"}, "role"),
    ],
)
def test_bad_input_is_refused(client, login, admin, changes, error_field):
    login(admin)
    before = _count()
    response = client.post("/staff/new", data={**_new_form(client), **changes})
    assert response.status_code == 422
    assert f'id="{error_field}-error"' in response.get_data(as_text=True)
    assert _count() == before


def test_a_double_submit_creates_one_account(client, login, admin):
    login(admin)
    data = _new_form(client)
    assert client.post("/staff/new", data=data).status_code == 200
    again = client.post("/staff/new", data=data)
    assert again.status_code == 303 and again.headers["Location"] == "/staff/"
    assert "already created" in client.get("/staff/").get_data(as_text=True)
    assert (
        db.session.scalar(
            select(func.count(StaffAccount.id)).where(StaffAccount.email == NEW["email"].lower())
        )
        == 1
    )


# --- new link, deactivate, reactivate ------------------------------------------------


def test_new_link_for_an_account_with_a_password_resets_it(client, login, admin, worker):
    login(admin)
    response = client.post(f"/staff/{worker.id}/link")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "already has a password" in html
    link = _link_in(html)
    other = client.application.test_client()
    other.post(link, data={"password": "a reset password", "confirm": "a reset password"})
    old = other.post("/auth/login", data={"email": worker.email, "password": PASSWORD})
    assert old.status_code == 422  # refused
    new = other.post("/auth/login", data={"email": worker.email, "password": "a reset password"})
    assert new.status_code == 303


def test_new_link_refused_for_inactive_and_unknown_accounts(client, login, admin, worker):
    login(admin)
    client.post(f"/staff/{worker.id}/deactivate")
    response = client.post(f"/staff/{worker.id}/link", follow_redirects=True)
    assert "Reactivate it first" in response.get_data(as_text=True)
    assert client.post("/staff/999999/link").status_code == 404


def test_deactivate_plain_redirects_and_ends_their_session(client, login, admin, worker, app):
    worker_client = app.test_client()
    login(worker, c=worker_client)
    login(admin)
    response = client.post(f"/staff/{worker.id}/deactivate")
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    assert "can no longer sign in" in client.get("/staff/").get_data(as_text=True)
    assert worker.active is False
    assert worker_client.get("/households/").status_code == 303  # signed out
    refused = worker_client.post("/auth/login", data={"email": worker.email, "password": PASSWORD})
    assert refused.status_code == 422


def test_deactivate_and_reactivate_with_htmx_swap_the_row(client, login, admin, worker):
    login(admin)
    response = client.htmx("post", f"/staff/{worker.id}/deactivate")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.strip().startswith(f'<tr id="staff-{worker.id}"')
    assert "Deactivated" in html and "Reactivate" in html
    response = client.htmx("post", f"/staff/{worker.id}/reactivate")
    assert "Active" in response.get_data(as_text=True)
    assert worker.active is True


def test_admin_cannot_deactivate_themselves(client, login, admin):
    login(admin)
    response = client.post(f"/staff/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    response = client.htmx("post", f"/staff/{admin.id}/deactivate")
    assert response.status_code == 422
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    assert admin.active is True
    assert client.get("/staff/").status_code == 200  # still signed in


def test_deactivate_unknown_account_is_404(client, login, admin):
    login(admin)
    assert client.post("/staff/999999/deactivate").status_code == 404


@pytest.mark.no_db_transaction
def test_after_a_refusal_the_corrected_form_saves_on_a_sqlite_file(tmp_path):
    """The claimed submission is rolled back with the refused attempt (pysqlite savepoints)."""
    from cohousing import create_app
    from cohousing.organisations.services import create_organisation
    from cohousing.staff.services import create_staff
    from config import TestConfig
    from tests.conftest import CSRFClient

    class FileConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/cohousing.sqlite3"

    app = create_app(FileConfig)
    app.test_client_class = CSRFClient
    try:
        with app.app_context():
            db.create_all()
            lucca = create_organisation(name="Comune di Lucca", kind="municipality")
            db.session.flush()
            create_staff(
                email="a@example.org",
                display_name="A",
                role=Role.ORG_ADMIN,
                password=PASSWORD,
                organisation_id=lucca.id,
            )
            create_staff(
                email="w@example.org", display_name="W", role=Role.WORKER, organisation_id=lucca.id
            )
            db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": "a@example.org", "password": PASSWORD})
        data = {**_new_form(client), "email": "w@example.org"}
        assert client.post("/staff/new", data=data).status_code == 422
        fixed = client.post("/staff/new", data={**data, "email": "fixed@example.org"})
        assert fixed.status_code == 200 and "/auth/password/" in _link_in(fixed.get_data(True))
        with app.app_context():
            assert (
                db.session.scalar(
                    select(func.count(StaffAccount.id)).where(
                        StaffAccount.email == "fixed@example.org"
                    )
                )
                == 1
            )
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_new_form_page_and_fragment(client, login, admin):
    login(admin)
    page = client.get("/staff/new")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert 'name="submission_id"' in page.get_data(as_text=True)
    fragment = client.htmx("get", "/staff/new")
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and 'id="staff-form"' in html
    assert "HX-Request" in fragment.headers["Vary"]
