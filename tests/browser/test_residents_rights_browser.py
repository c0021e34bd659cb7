"""The residents' rights in a real browser (Chromium, tablet at 800x1280):

- someone who forgot their PIN asks for help from the faces screen, without a PIN, in
  Italian and in English, and the workers' concern says it came without a PIN;
- a house visit is read by every housemate, a visit about one resident only by them: the
  worker sees who will read it before saving, and it changes with the subject (htmx).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.wellbeing.models import Concern
from tests.browser.screens import PORTRAIT
from tests.browser.test_tablet_browser import enrol_code, house, staff_page, tablet, type_pin

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]
__all__ = ["house", "tablet"]  # fixtures used here, defined with the tablet's browser tests


def _enrol(page: Page, new_context, house) -> None:
    page.goto(enrol_code(new_context, house))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))


def _sign_in(page: Page, name: str, pin: str) -> None:
    page.goto("/tablet/")
    page.locator(".face", has_text=name).click()
    type_pin(page, pin)
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))


def test_help_from_the_faces_screen_without_a_pin(
    new_context, tablet: Page, house, live_app, shoot, axe_check, sizes_check
):
    page = tablet
    _enrol(page, new_context, house)
    assert page.viewport_size == PORTRAIT
    help_now = page.locator(".help-bar .help-now")
    expect(help_now).to_be_in_viewport()  # findable at once, above the faces
    expect(help_now).to_have_text("Ho bisogno di aiuto")
    expect(page.locator(".help-bar .emergency")).to_have_attribute("href", "tel:112")
    sizes_check(page, ".help-bar")
    shoot(page, "tablet-picker-help-portrait")

    help_now.click()
    expect(page.locator("h1")).to_have_text("Chi ha bisogno di aiuto?")
    expect(page.locator(".help-who .face")).to_have_count(4)  # three faces and the house
    axe_check(page, "help without a PIN it")
    sizes_check(page, ".help-who, .help-page .actions")
    shoot(page, "tablet-help-no-pin-portrait")
    page.locator(".help-who .face", has_text="Bruno Rossi").click()
    expect(page).to_have_url(re.compile(r"/tablet/help/asked$"))
    expect(page.locator("h1")).to_have_text("I tuoi operatori sono stati avvisati.")
    expect(page.locator(".big-number a")).to_have_attribute("href", "tel:112")
    axe_check(page, "help asked it")

    # The same in English, for "someone in the house".
    page.goto("/tablet/")
    page.get_by_role("button", name="English").click()
    page.locator(".help-bar .help-now").click()
    expect(page.locator("h1")).to_have_text("Who needs help?")
    page.locator(".help-who .face", has_text="Someone in the house").click()
    expect(page.locator("h1")).to_have_text("Your workers have been told.")
    axe_check(page, "help asked en")

    with live_app.app_context():
        concerns = db.session.scalars(
            select(Concern).where(Concern.household_id == house["id"]).order_by(Concern.id)
        ).all()
        assert [(c.without_pin, c.person_id) for c in concerns] == [
            (True, house["people"]["Bruno"]),
            (True, None),
        ]
        first = concerns[0].id
    staff = staff_page(new_context, house)
    staff.goto(f"/concerns/{first}")
    expect(staff.locator(".concern-card")).to_contain_text("without a PIN")
    staff.context.close()


def test_a_house_visit_is_read_by_housemates_a_residents_visit_only_by_them(
    new_context, tablet: Page, house, shoot, axe_check
):
    staff = staff_page(new_context, house)
    staff.goto(f"/households/{house['id']}/visits/new")
    readers = staff.locator("#visit-readers")
    expect(readers).to_contain_text("everyone who lives in the house")
    expect(staff.locator("#person-areas")).to_have_count(0)
    staff.fill("textarea[name=common_spaces_note]", "The kitchen is tidy")
    staff.get_by_role("button", name="Save the visit").click()
    expect(staff.locator(".flash-success")).to_contain_text("The visit is saved.")

    staff.goto(f"/households/{house['id']}/visits/new")
    staff.get_by_role("button", name="Save the visit").click()  # untouched: refused
    expect(staff.locator("div.form-errors")).to_contain_text("Nothing to save yet")
    staff.goto(f"/households/{house['id']}/visits/new")
    expect(staff.locator("select[name=person_id]")).to_be_visible()
    staff.wait_for_load_state("networkidle")  # htmx has wired the form
    staff.select_option("select[name=person_id]", label="Anna Bianchi")  # htmx swaps the form
    expect(staff.locator("#visit-readers")).to_contain_text("only Anna Bianchi")
    expect(staff.locator("#person-areas")).to_be_visible()
    staff.fill("textarea[name=physical_health_note]", "Knee pain since Monday")
    staff.locator("#visit-readers").scroll_into_view_if_needed()
    shoot(staff, "visit-form-about-one-resident")
    axe_check(staff, "visit form about one resident")
    staff.get_by_role("button", name="Save the visit").click()
    expect(staff.locator(".flash-success")).to_contain_text("The visit is saved.")
    staff.context.close()

    page = tablet
    _enrol(page, new_context, house)
    _sign_in(page, "Bruno Rossi", "5678")
    page.goto("/tablet/workers-wrote")
    expect(page.locator("main")).to_contain_text("The kitchen is tidy")
    expect(page.locator("main")).not_to_contain_text("Knee pain")
    page.get_by_role("button", name=re.compile("Switch|Cambia")).click()
    _sign_in(page, "Anna Bianchi", "1234")
    page.goto("/tablet/workers-wrote")
    expect(page.locator("main")).to_contain_text("Knee pain since Monday")
    expect(page.locator("main")).to_contain_text("The kitchen is tidy")
    shoot(page, "tablet-workers-wrote-portrait")
    axe_check(page, "workers wrote it")


def test_a_worker_proposes_and_only_the_resident_widens_what_is_shared(
    new_context, tablet: Page, house, shoot, axe_check, sizes_check
):
    staff = staff_page(new_context, house)
    staff.goto(f"/households/{house['id']}/wellbeing")
    card = staff.locator("section.panel", has_text="Giulia Neri")
    card.locator("summary").click()
    card.locator("input[value=mood_tags_note]").check()
    card.get_by_role("button", name="Propose it").click()
    expect(staff.locator(".flash-success")).to_contain_text("Proposed to Giulia Neri")
    staff.context.close()

    page = tablet
    _enrol(page, new_context, house)
    _sign_in(page, "Giulia Neri", "2468")
    page.get_by_role("link", name="Guarda e decidi").click()
    proposal = page.locator("#proposal")
    expect(proposal).to_contain_text("Non cambia niente se non dici di sì.")
    shoot(page, "tablet-sharing-proposal-portrait")  # the link's #proposal, below the bar
    axe_check(page, "sharing proposal it")
    sizes_check(page, "#proposal")
    proposal.get_by_role("button", name="Sì, condividi questo").click()
    expect(page.locator(".flash-success")).to_contain_text("quello che hai accettato")
    expect(page.locator("#proposal")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Hai accettato:")
