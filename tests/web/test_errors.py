"""Error pages: friendly, in the reader's language, and nothing half-saved."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.security import public
from cohousing.staff.models import Role, StaffAccount
from tests.fixtures.people import PASSWORD

HEADINGS = {
    400: "Something in the request was not right",
    403: "This page is not for your role",
    404: "Page not found",
    405: "This cannot be done this way",
    413: "The file is too large",
    500: "Something went wrong on our side",
}


def _expected(code: int, lang: str) -> str:
    with force_locale(lang):
        return gettext(HEADINGS[code])


def _staff_count() -> int:
    return db.session.scalar(select(func.count(StaffAccount.id)))


@pytest.fixture
def failing_client(fresh_app):
    """A fresh app with routes that fail in each way; exceptions become pages, as live."""
    fresh_app.config["PROPAGATE_EXCEPTIONS"] = False
    broken = Blueprint("broken", __name__)

    @broken.post("/broken/save-then-crash")
    @public
    def save_then_crash():
        db.session.add(
            StaffAccount(email="half@example.org", display_name="Half", role=Role.WORKER)
        )
        db.session.flush()
        raise RuntimeError("a bug after a write")

    @broken.post("/broken/duplicate")
    @public
    def duplicate():
        email = db.session.scalar(select(StaffAccount.email).limit(1))
        db.session.add(StaffAccount(email=email, display_name="Copy", role=Role.WORKER))
        db.session.flush()  # IntegrityError: the session must be rolled back to render
        return "unreachable"

    @broken.get("/broken/<int:code>")
    @public
    def fail_with(code: int):
        abort(code)

    fresh_app.register_blueprint(broken)
    return fresh_app.test_client()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_500_rolls_back_and_shows_the_friendly_page(failing_client, lang):
    before = _staff_count()
    response = failing_client.post("/broken/save-then-crash", headers={"Accept-Language": lang})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert f'<html lang="{lang}">' in html
    assert _expected(500, lang) in html
    assert "RuntimeError" not in html and "Traceback" not in html
    assert _staff_count() == before
    assert (
        db.session.scalar(select(StaffAccount).where(StaffAccount.email == "half@example.org"))
        is None
    )


def test_a_database_error_still_shows_the_page_to_a_signed_in_admin(failing_client, login, admin):
    login(admin, c=failing_client)
    before = _staff_count()
    response = failing_client.post("/broken/duplicate", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert admin.display_name in html  # the page shell still works after the rollback
    assert _staff_count() == before


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 500])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_error_page_in_both_languages(failing_client, code, lang):
    response = failing_client.get(f"/broken/{code}", headers={"Accept-Language": lang})
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert f'<html lang="{lang}">' in html
    assert _expected(code, lang) in html
    assert 'href="/"' in html  # a way back to the start


def test_unknown_page_is_404(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_wrong_method_is_405(client):
    response = client.get("/auth/logout", headers={"Accept-Language": "en"})
    assert response.status_code == 405
    assert "This cannot be done this way" in response.get_data(as_text=True)


def test_too_large_a_request_is_413(client, app):
    too_big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/auth/login",
        data=too_big,
        content_type="application/x-www-form-urlencoded",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "Choose a photo under 5 MB" in response.get_data(as_text=True)


def test_csrf_failure_shows_the_400_page_and_saves_nothing(client_without_csrf, login, admin):
    client_without_csrf.send_csrf = True
    login(admin, c=client_without_csrf)
    client_without_csrf.send_csrf = False
    before = _staff_count()
    response = client_without_csrf.post(
        "/staff/new",
        data={"email": "x@example.org", "display_name": "X", "role": "worker"},
        headers={"Accept-Language": "en"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Something in the request was not right" in html
    assert "reload the page and try again" in html
    assert _staff_count() == before


def test_csrf_failure_on_sign_in_does_not_sign_in(client_without_csrf, worker):
    response = client_without_csrf.post(
        "/auth/login", data={"email": worker.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert client_without_csrf.get("/households/").status_code == 303
