"""Staff in a real browser: a coordinator sets up a household, its worker then follows it.

Covers issue 2's "done when" (three residents and a linked worker, on one page) in Italian,
and the staff pages in English, with axe-core on each one.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from cohousing.extensions import db
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE
from tests.fixtures.people import default_organisation_id

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "una password lunga"


@pytest.fixture
def staff_pair(live_app):
    """A coordinator and a worker in the live database (unique emails per test)."""
    tag = uuid.uuid4().hex[:8]
    with live_app.app_context():
        coordinator = create_staff(
            email=f"coord-{tag}@example.org",
            display_name="Carla Coordinatrice",
            role=Role.COORDINATOR,
            organisation_id=default_organisation_id(),
            password=PASSWORD,
        )
        worker = create_staff(
            email=f"worker-{tag}@example.org",
            display_name=f"Walter {tag}",
            role=Role.WORKER,
            organisation_id=default_organisation_id(),
            password=PASSWORD,
        )
        db.session.commit()
        return coordinator.email, worker.email, worker.display_name, worker.id


def sign_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


def test_coordinator_sets_up_a_household_and_its_worker_follows_it(
    browser, base_url, staff_pair, axe_check, shoot
):
    coordinator_email, worker_email, worker_name, worker_id = staff_pair
    context = browser.new_context(base_url=base_url, viewport=LANDSCAPE, locale="it-IT")
    page = context.new_page()
    sign_in(page, coordinator_email)
    expect(page.locator("html")).to_have_attribute("lang", "it")

    page.goto("/households/new")
    axe_check(page, "new household (it)")
    name = f"Casa Glicine {worker_id}"
    page.fill("input[name=name]", name)
    page.locator("input[name=kind][value=supported_living]").check()
    page.fill("input[name=address]", "Via San Paolino 12, Lucca")
    page.fill("input[name=monthly_rent]", "1.150,00")
    for index, (resident, pin) in enumerate(
        [("Marta Giusti", "2468"), ("Piero Landi", "1357"), ("Rosa Neri", "9753")]
    ):
        page.fill(f"input[name='residents-{index}-display_name']", resident)
        page.fill(f"input[name='residents-{index}-pin']", pin)
    page.locator(f"#worker-{worker_id}").check()
    shoot(page, "staff-new-household-landscape")
    page.locator("form button[type=submit].primary").last.click()

    expect(page.locator("h1")).to_contain_text(name)
    for resident in ("Marta Giusti", "Piero Landi", "Rosa Neri"):
        expect(page.locator("main")).to_contain_text(resident)
    expect(page.locator("main")).to_contain_text(worker_name)
    expect(page.locator("main")).to_contain_text("1.150,00")
    axe_check(page, "household page (it)")
    shoot(page, "staff-household-landscape")
    context.close()

    # The linked worker signs in (in English) and finds the household on their dashboard.
    context = browser.new_context(base_url=base_url, viewport=LANDSCAPE, locale="en-GB")
    page = context.new_page()
    sign_in(page, worker_email)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text(name)
    axe_check(page, "worker dashboard (en)")
    shoot(page, "staff-dashboard-landscape")
    page.goto("/households/")
    expect(page.locator("main")).to_contain_text(name)
    axe_check(page, "households list (en)")
    page.goto("/concerns/")
    axe_check(page, "concerns (en)")
    context.close()
