"""Signing in through the real test OpenID provider in Chromium: the button on the
sign-in page, the provider, back, Continue, signed in; sign-out offers the provider's
logout. The provider's https certificate is the tests' own (trusted by the app)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cohousing.extensions import db
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.fixtures.oidc import add_region
from tests.fixtures.people import default_organisation_id
from tests.oidc.provider_server import USERS

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]


def test_a_coordinator_signs_in_with_the_regions_provider(
    browser, base_url, live_app, oidc_server, axe_check, shoot
):
    oidc_server.set(user="bruno", redirect_uris=[f"{base_url}/auth/provider/callback"])
    name = "ARPA Toscana"  # the only provider of the live app
    with live_app.app_context():
        with live_app.test_request_context():
            create_staff(
                email=USERS["bruno"]["email"],
                display_name="Bruno Operatore",
                role=Role.WORKER,
                organisation_id=default_organisation_id(),
            )
            db.session.commit()
        add_region(live_app, oidc_server)
    context = browser.new_context(
        base_url=base_url, viewport=LANDSCAPE, locale="it-IT", ignore_https_errors=True
    )
    page = context.new_page()
    page.goto("/auth/login")
    axe_check(page, "sign-in with a provider button (it)")
    shoot(page, "staff-sign-in-provider")
    page.set_viewport_size(PORTRAIT)
    shoot(page, "staff-sign-in-provider-portrait")
    page.set_viewport_size(LANDSCAPE)
    page.get_by_role("link", name=f"Accedi con {name}").click()
    expect(page).to_have_url(f"{base_url}/auth/provider/continue")
    expect(page.locator("main")).to_contain_text("Bruno Operatore")
    page.get_by_role("button", name="Continua").click()
    expect(page.locator(".who")).to_contain_text("Bruno Operatore")
    page.get_by_role("button", name="Esci").click()
    expect(page.get_by_role("link", name=f"Esci da {name}")).to_be_visible()
    context.close()
