"""A worker with many households, in a real browser: the "needs attention" list comes first,
urgent ones on top; typing in the search box and ticking a filter narrow it in place (htmx)
with the filters in the address; a line opens the household summary. axe-core finds no
violation of any impact in the list and its filters, at both sizes, in both languages."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import DwellingData, NewResident, create_household
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from cohousing.wellbeing.models import ConcernKind, Urgency
from cohousing.wellbeing.services import raise_concern
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.browser.test_staff_browser import PASSWORD, sign_in
from tests.fixtures.people import default_organisation_id

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

KINDS = list(HouseholdKind)
STREETS = ["Via Fillungo", "Via del Fosso", "Piazza San Michele", "Via Elisa", "Borgo Giannotti"]


@pytest.fixture
def caseload(live_app):
    """A worker following 16 households; every fifth has an urgent concern, every third an
    ordinary one."""
    tag = uuid.uuid4().hex[:6]
    with live_app.app_context():
        worker = create_staff(
            email=f"forty-{tag}@example.org",
            display_name=f"Wanda {tag}",
            role=Role.WORKER,
            password=PASSWORD,
            organisation_id=default_organisation_id(),
        )
        db.session.flush()
        names = []
        for index in range(16):
            household = create_household(
                name=f"Casa {tag} {index:02d}",
                kind=KINDS[index % len(KINDS)],
                dwelling=DwellingData(address=f"{STREETS[index % 5]} {index + 1}, Lucca"),
                residents=[NewResident(display_name=f"Ospite {index}", pin="2468")],
                worker_ids=[worker.id],
                organisation_id=worker.organisation_id,
                locale="it",
            )
            names.append(household.name)
            with live_app.test_request_context():
                if index % 5 == 0:
                    raise_concern(household, ConcernKind.HELP_REQUEST, urgency=Urgency.URGENT)
                elif index % 3 == 0:
                    raise_concern(household, ConcernKind.OTHER, urgency=Urgency.NORMAL)
        db.session.commit()
        return worker.email, tag, names


def _axe_clean(page: Page, where: str) -> None:
    """No violation of any impact inside the filters and the list."""
    from tests.browser.conftest import AXE

    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run({include: [['.attention-filters'], ['#attention']]}))"
        ".violations"
    )
    assert not violations, f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}" for v in violations
    )


def test_the_list_narrows_in_place_and_opens_a_summary(browser, base_url, caseload, shoot):
    email, tag, names = caseload
    context = browser.new_context(base_url=base_url, viewport=LANDSCAPE, locale="en-GB")
    page = context.new_page()
    sign_in(page, email)
    rows = page.locator("#attention tbody tr")
    expect(rows).to_have_count(16)
    expect(rows.first).to_contain_text("Urgent")
    _axe_clean(page, "needs attention (en, landscape)")

    page.fill("#q", f"{tag} 0")  # Casa … 00 to 09
    expect(rows).to_have_count(10)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    page.locator("#concerns").check()
    expect(page).to_have_url(re.compile(r"concerns=1"))
    expect(rows).to_have_count(5)  # 00 and 05 urgent, 03, 06 and 09 ordinary
    page.reload()  # the filters live in the address: the same list without htmx
    expect(rows).to_have_count(5)
    expect(page.locator("#concerns")).to_be_checked()
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text(names[0])
    context.close()

    for viewport, size in ((LANDSCAPE, "landscape"), (PORTRAIT, "portrait")):
        context = browser.new_context(base_url=base_url, viewport=viewport, locale="it-IT")
        page = context.new_page()
        sign_in(page, email)
        expect(page.locator("#attention tbody tr")).to_have_count(16)
        _axe_clean(page, f"needs attention (it, {size})")
        shoot(page, f"staff-needs-attention-{size}")
        context.close()
