"""An organisation admin makes an API token in a real browser, in Italian, and the token
reads the organisation's households; the API's reading page works offline under its CSP
(any policy error fails the test: see conftest)."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import DwellingData, NewResident, create_household
from cohousing.organisations.models import OrganisationKind
from cohousing.organisations.services import create_organisation
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.fixtures.main_pages import second_step
from tests.fixtures.people import enable_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "correct horse battery"
_n = itertools.count(1)


@pytest.fixture
def organisation_admin(live_app):
    n = next(_n)
    with live_app.test_request_context():
        organisation = create_organisation(
            name=f"Comune di Capannori {n}", kind=OrganisationKind.MUNICIPALITY
        )
        admin = create_staff(
            email=f"api-admin{n}@example.org",
            display_name="Ada Amministratrice",
            role=Role.ORG_ADMIN,
            organisation_id=organisation.id,
            password=PASSWORD,
            preferred_language="it",
        )
        enable_two_factor(admin)  # an organisation admin must have it
        create_household(
            name=f"Casa Api {n}",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(address="Via Romana 4, Capannori"),
            residents=[NewResident(display_name="Anna Bianchi", pin="1234")],
            worker_ids=[],
            organisation_id=organisation.id,
            locale="it",
        )
        db.session.commit()
        return {"email": admin.email, "household": f"Casa Api {n}", "totp": admin.totp_secret}


def test_admin_creates_a_token_that_reads_the_households(
    new_context, live_app, organisation_admin, axe_check, shoot
):
    page = new_context(locale="it-IT").new_page()
    page.set_viewport_size(LANDSCAPE)
    page.goto("/auth/login")
    page.fill("input[name=email]", organisation_admin["email"])
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    with live_app.app_context():
        page.fill(
            "input[name=code]", second_step(organisation_admin["email"], organisation_admin["totp"])
        )
    page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.locator("h1")).to_have_text("Token API")
    page.get_by_label("Nome").fill("Cartella sociale regionale")
    page.get_by_label(re.compile("^Nuclei, alloggi")).check()
    page.get_by_label(re.compile("^Visite")).check()
    page.get_by_label("Valido fino al").fill("2099-01-01")
    page.get_by_role("button", name="Crea il token").click()
    expect(page.locator(".field .error")).to_contain_text("Un token vale al massimo un anno.")
    expect(page.get_by_label("Nome")).to_have_value("Cartella sociale regionale")
    page.get_by_label("Valido fino al").fill(_in_a_month())
    page.get_by_role("button", name="Crea il token").click()
    secret = page.locator("#new-token-secret").input_value()
    assert secret.startswith("cohousing_")
    axe_check(page, "API tokens")
    shoot(page, "api-tokens-it")
    page.set_viewport_size(PORTRAIT)
    shoot(page, "api-tokens-it-portrait")
    answer = page.request.get("/api/v1/households", headers={"Authorization": f"Bearer {secret}"})
    assert [h["name"] for h in answer.json()["items"]] == [organisation_admin["household"]]
    page.reload()
    expect(page.locator("#token-list")).to_contain_text("Cartella sociale regionale")
    expect(page.locator("#token-list")).not_to_contain_text(secret)


def test_the_reading_page_shows_the_document(new_context, shoot):
    page = new_context(locale="it-IT").new_page()
    page.set_viewport_size(LANDSCAPE)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Cohousing")
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/v1/")
    shoot(page, "api-docs")


def _in_a_month() -> str:
    from datetime import date, timedelta

    return (date.today() + timedelta(days=30)).isoformat()
