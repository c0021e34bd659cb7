"""A person's own data and erasure in a real browser, in Italian and in English.

The resident opens "My information" on the tablet after the PIN and downloads the JSON
file; the coordinator opens everything held about a resident, downloads it, then erases
the resident, confirming on the page that names what goes. axe-core checks each page.
"""

from __future__ import annotations

import itertools
import json
import re

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
from cohousing.wellbeing.services import record_checkin
from tests.browser.screens import LANDSCAPE
from tests.fixtures.people import default_organisation_id

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "correct horse battery"
_n = itertools.count(1)
WORDS = {
    "it": {
        "mine": "I miei dati",
        "everything": "Tutto ciò che è conservato su questa persona",
        "json": "Scarica tutto (file JSON)",
        "erase": "Cancella su richiesta",
        "goes": "Cosa verrà cancellato",
        "confirm": "Ho letto cosa verrà cancellato",
        "done": "La persona è stata cancellata.",
        "former": "Ex abitante",
        "english": None,
    },
    "en": {
        "mine": "My information",
        "everything": "Everything held about them",
        "json": "Download all (JSON file)",
        "erase": "Erase on request",
        "goes": "What will be deleted",
        "confirm": "I have read what will be deleted",
        "done": "The person was erased.",
        "former": "Former resident",
        "english": "English",
    },
}


@pytest.fixture
def house(live_app, request):
    lang = request.param
    n = next(_n)
    with live_app.test_request_context():
        coordinator = create_staff(
            email=f"privacy-coord{n}-{lang}@example.org",
            display_name="Carla Coordinatrice",
            role=Role.COORDINATOR,
            organisation_id=default_organisation_id(),
            password=PASSWORD,
            preferred_language=lang,
        )
        household = create_household(
            name=f"Casa Privata {n}",
            kind=HouseholdKind.ELDERLY,
            dwelling=DwellingData(address="Via Elisa 3, Lucca"),
            residents=[
                NewResident(display_name="Anna Bianchi", pin="1234"),
                NewResident(display_name="Bruno Rossi", pin="5678"),
            ],
            worker_ids=[],
            organisation_id=default_organisation_id(),
            locale=lang,
        )
        anna = current_residents(household)[0]
        record_checkin(household, anna.id, 4, note="Anna-browser-note")
        db.session.commit()
        return {"id": household.id, "email": coordinator.email, "anna": anna.id, "lang": lang}


def _staff(new_context, house) -> Page:
    page = new_context(locale="it-IT" if house["lang"] == "it" else "en-GB").new_page()
    page.set_viewport_size(LANDSCAPE)
    page.goto("/auth/login")
    page.fill("input[name=email]", house["email"])
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return page


def _enrolled_tablet(new_context, house) -> Page:
    staff = _staff(new_context, house)
    staff.goto(f"/tablet/households/{house['id']}/enrol")
    staff.fill("input[name=name]", "Tablet in cucina")
    staff.locator("form button[type=submit]").last.click()
    link = staff.locator("[data-enrol-link]").get_attribute("href")
    staff.context.close()
    tablet = new_context(locale="it-IT").new_page()
    tablet.goto(link)
    tablet.locator("form button[type=submit]").last.click()
    expect(tablet).to_have_url(re.compile(r"/tablet/$"))
    return tablet


@pytest.mark.parametrize("house", ["it", "en"], indirect=True)
def test_the_resident_reads_and_downloads_her_information(new_context, house, axe_check, shoot):
    words = WORDS[house["lang"]]
    page = _enrolled_tablet(new_context, house)
    page.locator(".face", has_text="Anna Bianchi").click()
    for digit in "1234":
        page.locator(f"#keypad [data-key='{digit}']").click()
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    page.get_by_role("link", name=words["mine"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/tablet/my-information$"))
    expect(page.locator("h1")).to_have_text(words["mine"])
    expect(page.locator("body")).to_contain_text("Anna-browser-note")
    axe_check(page, f"my information {house['lang']}")
    shoot(page, f"privacy-mine-{house['lang']}")
    with page.expect_download() as download:
        page.get_by_role("link", name=words["json"]).click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["person_id"] == house["anna"]
    assert data["sections"]["checkin"][0]["note"] == "Anna-browser-note"


@pytest.mark.parametrize("house", ["it", "en"], indirect=True)
def test_the_coordinator_exports_then_erases_a_resident(new_context, house, axe_check, shoot):
    words = WORDS[house["lang"]]
    page = _staff(new_context, house)
    page.goto(f"/households/{house['id']}/residents/{house['anna']}/edit")
    page.get_by_role("link", name=words["everything"]).click()
    expect(page.locator("body")).to_contain_text("Anna-browser-note")
    axe_check(page, f"export {house['lang']}")
    with page.expect_download() as download:
        page.get_by_role("link", name=words["json"]).click()
    assert json.loads(download.value.path().read_text(encoding="utf-8"))["sections"]["checkin"]
    page.go_back()
    page.goto(f"/households/{house['id']}/residents/{house['anna']}/edit")
    page.get_by_role("link", name=words["erase"]).click()
    expect(page.locator("h2").first).to_have_text(words["goes"])
    axe_check(page, f"erase {house['lang']}")
    shoot(page, f"privacy-erase-{house['lang']}")
    page.locator("form button[type=submit]").last.click()  # without the box: refused
    expect(page.locator(".field .error")).to_be_visible()
    page.get_by_label(re.compile(words["confirm"])).check()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(rf"/households/{house['id']}$"))
    expect(page.locator(".flash-success")).to_contain_text(words["done"])
    expect(page.locator("main")).not_to_contain_text("Anna Bianchi")
