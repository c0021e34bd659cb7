"""axe-core on every main page, at both tablet sizes and in both languages: no violation
of any impact. The pages carry the demo's own content (tests/fixtures/main_pages.py).

One browser context per size and language for staff (the worker, then the admin) and one
for the tablet, which starts from a tablet enrolled once for the whole module.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from cohousing.extensions import db
from tests.browser.conftest import AXE
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.fixtures.main_pages import (
    ENGLISH_RESIDENT,
    ITALIAN_RESIDENT,
    PASSWORD,
    STAFF_PAGES,
    TABLET_PAGES,
    build_demo_house,
    enrolment_code,
    second_step,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

SIZES = {"portrait": PORTRAIT, "landscape": LANDSCAPE}
BROWSER_LOCALES = {"it": "it-IT", "en": "en-GB"}


@pytest.fixture(scope="module")
def demo_house(live_app):
    with live_app.test_request_context():
        house = build_demo_house(uuid.uuid4().hex[:8])
        code = enrolment_code(house)
        db.session.commit()
    return house, code


@pytest.fixture(scope="module")
def enrolled_tablet(browser, base_url, demo_house) -> dict:
    """The cookies of a tablet enrolled once, for every tablet context of the module."""
    _house, code = demo_house
    context = browser.new_context(base_url=base_url, locale="it-IT")
    page = context.new_page()
    page.goto(f"/tablet/enrol?code={code}")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    state = context.storage_state()
    context.close()
    return state


def no_violations(page: Page, where: str) -> None:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run()).violations")
    assert not violations, f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in violations
    )


def sign_in(page: Page, live_app, house, email: str, language: str) -> None:
    """Signed in in `language`, chosen on the sign-in page (kept on the account), with the
    code step for the organisation admin."""
    page.goto("/auth/login")
    page.locator(f".language-switch button[value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/auth/code"):
        with live_app.app_context():
            page.fill("input[name=code]", second_step(email, house.admin_totp))
        page.locator("form:has(input[name=code]) button[type=submit]").click()
        page.wait_for_load_state()


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_every_main_page_has_no_axe_violation(
    browser, base_url, live_app, demo_house, enrolled_tablet, size, language, shoot
):
    house, _code = demo_house
    where = f"{size}, {language}"
    for who in ("worker", "admin"):
        context = browser.new_context(
            base_url=base_url, viewport=SIZES[size], locale=BROWSER_LOCALES[language]
        )
        page = context.new_page()
        sign_in(page, live_app, house, getattr(house, who), language)
        for account, template in STAFF_PAGES:
            if account != who:
                continue
            page.goto(house.path(template))
            expect(page.locator("html")).to_have_attribute("lang", language)
            no_violations(page, f"{template} ({where})")
            if template == "/audit/" and language == "it":
                page.evaluate("document.getElementById('audit-rows').scrollIntoView()")
                shoot(page, f"staff-register-it-{size}")
        context.close()

    context = browser.new_context(
        base_url=base_url,
        viewport=SIZES[size],
        locale=BROWSER_LOCALES[language],
        storage_state=enrolled_tablet,
    )
    page = context.new_page()
    page.goto("/tablet/")
    if language == "en":
        page.locator(".language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    no_violations(page, f"picker ({where})")
    name, pin = ITALIAN_RESIDENT if language == "it" else ENGLISH_RESIDENT
    page.locator(".face", has_text=name).click()
    expect(page.locator("#pin")).to_be_visible()
    no_violations(page, f"keypad ({where})")
    for digit in pin:
        page.locator(f"#keypad [data-key='{digit}']").click()
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    for path in TABLET_PAGES:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        no_violations(page, f"{path} ({where})")
    context.close()
