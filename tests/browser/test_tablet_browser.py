"""The shared tablet in a real browser: enrol, pick, PIN, lock-out, auto-lock, revoke.

Tablet pages are checked with axe-core in Italian and English at 800x1280 and 1280x800.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import (
    DwellingData,
    NewResident,
    create_household,
    current_residents,
)
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.fixtures.people import default_organisation_id

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "correct horse battery"
_n = itertools.count(1)


@pytest.fixture
def house(live_app):
    """A fresh household (Anna 1234, Bruno 5678, Carla 2468) and a coordinator, committed."""
    n = next(_n)
    with live_app.test_request_context():
        coordinator = create_staff(
            email=f"coord{n}@example.org",
            display_name="Carla Coordinatrice",
            role=Role.COORDINATOR,
            organisation_id=default_organisation_id(),
            password=PASSWORD,
            preferred_language="en",
        )
        household = create_household(
            name="Casa dei Tigli",
            kind=HouseholdKind.ELDERLY,
            dwelling=DwellingData(address="Via Elisa 3, Lucca"),
            residents=[
                NewResident(display_name="Anna Bianchi", pin="1234"),
                NewResident(display_name="Bruno Rossi", pin="5678"),
                NewResident(display_name="Giulia Neri", pin="2468"),
            ],
            worker_ids=[],
            organisation_id=default_organisation_id(),
        )
        db.session.commit()
        ids = {p.display_name.split()[0]: p.id for p in current_residents(household)}
        result = {"id": household.id, "email": coordinator.email, "people": ids}
    return result


def staff_login(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def staff_page(new_context, house) -> Page:
    """The coordinator, signed in on a laptop-sized browser of their own."""
    page = new_context().new_page()
    page.set_viewport_size(LANDSCAPE)
    staff_login(page, house["email"])
    return page


def enrol_code(new_context, house, shoot=None) -> str:
    """The coordinator asks for a code; returns the QR code's link."""
    page = staff_page(new_context, house)
    page.goto(f"/tablet/households/{house['id']}/enrol")
    page.fill("input[name=name]", "Tablet in cucina")
    page.get_by_role("button", name="Show the code").click()
    expect(page.locator(".big-code code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    link = page.locator("[data-enrol-link]").get_attribute("href")
    if shoot:
        shoot(page, "tablet-code-coordinator")
    page.context.close()
    return link


def type_pin(page: Page, pin: str) -> None:
    for digit in pin:
        page.locator(f"#keypad [data-key='{digit}']").click()


@pytest.fixture
def tablet(new_context) -> Page:
    """A tablet-sized browser (portrait); its clock can be moved with page.clock."""
    context = new_context(locale="it-IT")
    context.clock.install()
    page = context.new_page()
    assert page.viewport_size == PORTRAIT
    return page


def test_enrol_pick_lock_out_sign_in_auto_lock_and_revoke(
    new_context, tablet: Page, house, clock, shoot, axe_check, sizes_check
):
    page = tablet
    _enrol_and_pick(page, enrol_code(new_context, house, shoot), shoot, axe_check, sizes_check)
    _lock_out_then_sign_in(page, clock, shoot, axe_check, sizes_check)
    _auto_lock(page, shoot, sizes_check)
    _revoke(page, new_context, house)


def _enrol_and_pick(page, link, shoot, axe_check, sizes_check):
    # 1. The QR link pre-fills the code; one tap enrols the tablet.
    page.goto(link)
    expect(page.locator("input[name=code]")).to_have_value(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    shoot(page, "tablet-enrol-portrait")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    expect(page.locator(".face")).to_have_count(3)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    shoot(page, "tablet-picker-portrait")
    axe_check(page, "picker it")
    sizes_check(page)

    # 2. Tap a face: the keypad.
    page.locator(".face", has_text="Anna Bianchi").click()
    expect(page.locator("#pin")).to_be_visible()
    expect(page.locator("#pin")).to_have_attribute("inputmode", re.compile("numeric|none"))
    shoot(page, "tablet-keypad-portrait")
    axe_check(page, "keypad it")
    sizes_check(page)


def _lock_out_then_sign_in(page, clock, shoot, axe_check, sizes_check):
    # 3. Wrong PIN until locked (htmx swaps the keypad; the count goes down).
    for left in (4, 3, 2, 1):
        type_pin(page, "9999")
        page.locator("#keypad .key-ok").click()
        expect(page.locator(".keypad-message")).to_contain_text(str(left))
    shoot(page, "tablet-keypad-wrong-portrait")
    type_pin(page, "9999")
    page.locator("#keypad .key-ok").click()
    expect(page.locator(".keypad-message.locked")).to_be_visible()
    expect(page.locator("#pin")).to_have_count(0)
    shoot(page, "tablet-keypad-locked-portrait")

    # The picker shows the lock on Anna's face only.
    page.locator(".keypad-who a.button").click()
    expect(page.locator(".face", has_text="Anna Bianchi").locator(".lock-badge")).to_be_visible()
    expect(page.locator(".face", has_text="Bruno Rossi").locator(".lock-badge")).to_have_count(0)

    # 4. A minute later (server clock) the right PIN, typed on a keyboard, opens "today".
    clock.advance(timedelta(minutes=1, seconds=1))
    page.locator(".face", has_text="Anna Bianchi").click()
    page.locator("#pin").click()
    page.keyboard.type("1234")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    expect(page.locator("h1")).to_contain_text("Anna Bianchi")
    expect(page.locator("#lock-form button")).to_be_visible()  # "Not you? Switch"
    axe_check(page, "today it")
    sizes_check(page, ".tablet-bar, .today-head, .today-card.soon")
    shoot(page, "tablet-today-portrait")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "tablet-today-landscape")
    axe_check(page, "today it landscape")


def _auto_lock(page, shoot, sizes_check):
    # 5. Auto-lock: "Still there?" 10 s before the idle time; "Yes" keeps the session...
    page.clock.fast_forward(51_000)
    dialog = page.locator("#still-there")
    expect(dialog).to_be_visible()
    shoot(page, "tablet-still-there-landscape")
    sizes_check(page, "#still-there")
    page.locator("#still-there [data-awake]").click()  # "Yes, I'm here"
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    # ...and then nobody answers: back to the faces, signed out on the server too.
    page.clock.fast_forward(51_000)
    expect(dialog).to_be_visible()
    page.clock.fast_forward(11_000)
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    page.goto("/tablet/today")
    expect(page).to_have_url(re.compile(r"/tablet/$"))


def _revoke(page, new_context, house):
    # 6. The coordinator revokes the tablet: its next request says "not enrolled".
    staff = staff_page(new_context, house)
    staff.goto(f"/tablet/households/{house['id']}/enrol")
    staff.on("dialog", lambda d: d.accept())
    staff.locator("#household-tablets").get_by_role("button", name="Revoke").click()
    expect(staff.locator("#household-tablets .badge.neutral")).to_be_visible()
    staff.context.close()
    page.reload()
    expect(page).to_have_url(re.compile(r"/tablet/enrol$"))
    expect(page.locator(".flash-warning")).to_be_visible()  # "not enrolled any more"


def test_two_taps_and_a_pin_in_english_landscape(
    new_context, tablet: Page, house, shoot, axe_check, sizes_check
):
    page = tablet
    page.set_viewport_size(LANDSCAPE)
    page.goto(enrol_code(new_context, house))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))  # the faces, not the enrol page still
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Who are you")
    shoot(page, "tablet-picker-landscape")
    axe_check(page, "picker en")
    sizes_check(page)
    page.locator(".face", has_text="Giulia Neri").click()  # tap 1
    shoot(page, "tablet-keypad-landscape")
    axe_check(page, "keypad en")
    sizes_check(page)
    page.locator("#pin").fill("24a8")  # a physical keyboard can send letters: not a try
    page.locator("#keypad .key-ok").click()
    expect(page.locator("#keypad .error")).to_contain_text("no letters")
    page.locator("#pin").fill("")
    type_pin(page, "2468")
    page.locator("#keypad .key-ok").click()  # tap 2
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    expect(page.locator("h1")).to_contain_text("Giulia Neri")
    page.get_by_role("button", name="English").click()  # the resident's own language
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page, "today en")
    page.get_by_role("button", name="Not you? Switch").click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    expect(page.locator(".face")).to_have_count(3)
    # A keypad left open goes back to the faces by itself.
    page.locator(".face", has_text="Bruno Rossi").click()
    expect(page.locator("#pin")).to_be_visible()
    page.clock.fast_forward(61_000)
    expect(page).to_have_url(re.compile(r"/tablet/$"))
