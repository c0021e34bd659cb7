"""Two-step sign-in in a real browser: a new admin signs in, is sent to set it up, scans
(reads the key off the page, as the app would from the QR code), keeps the recovery codes,
and next time types a code after the password. In Italian, with axe-core on each screen."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect

from cohousing.extensions import db
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE, PORTRAIT

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "una password lunga"


def _password(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


def test_a_new_admin_sets_up_two_step_sign_in_and_uses_it(
    browser, base_url, live_app, clock, axe_check, shoot
):
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    with live_app.app_context():
        create_staff(email=email, display_name="Ada Admin", role=Role.ADMIN, password=PASSWORD)
        db.session.commit()
    context = browser.new_context(base_url=base_url, viewport=LANDSCAPE, locale="it-IT")
    page = context.new_page()
    _password(page, email)
    expect(page).to_have_url(f"{base_url}/auth/two-factor")
    page.get_by_role("button", name="Configura l'accesso in due passaggi").click()
    expect(page.locator(".setup-qr svg")).to_be_visible()
    axe_check(page, "two-step set-up (it)")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "staff-two-factor-setup")
    page.set_viewport_size(PORTRAIT)
    shoot(page, "staff-two-factor-setup-portrait")
    page.set_viewport_size(LANDSCAPE)
    key = page.locator(".setup-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(key)
    page.fill("input[name=code]", totp.at(clock.now()))
    page.get_by_role("button", name="Attiva l'accesso in due passaggi").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    axe_check(page, "recovery codes (it)")
    page.get_by_role("link", name="Li ho salvati: continua").click()
    expect(page.locator(".who")).to_have_text("Ada Admin")

    page.get_by_role("button", name="Esci").click()
    clock.advance(timedelta(seconds=30))  # a new code: the first one cannot be used again
    _password(page, email)
    expect(page).to_have_url(f"{base_url}/auth/code")
    axe_check(page, "code step (it)")
    page.fill("input[name=code]", totp.at(clock.now()))
    page.get_by_role("button", name="Continua").click()
    expect(page.locator(".who")).to_have_text("Ada Admin")
    context.close()
