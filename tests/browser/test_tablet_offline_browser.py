"""The house tablet with the network cut (Playwright's offline mode, Chromium):

- a check-in and "I need help" tapped offline wait on the tablet, and once the network is
  back each is recorded exactly once, with the time it was made and "made without PIN";
  help offline shows the emergency number at once;
- a reload offline shows the app's shell with the banner, not a browser error;
- the lock offline drops the resident's cached today screen, and is sent to the server
  before the next page once the network is back; after an online lock the shell still
  opens offline.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.wellbeing.models import CheckIn, Concern
from cohousing.wellbeing.services import update_reminders
from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.browser.test_tablet_browser import enrol_code, house, tablet, type_pin

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]
__all__ = ["house", "tablet"]  # fixtures used here, defined with the tablet's browser tests

CONTROLLED = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
SESSION_KEYS = "() => caches.open('session').then((c) => c.keys()).then((k) => k.length)"


def _enrol_offline_ready(page: Page, new_context, house) -> None:
    page.goto(enrol_code(new_context, house))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    page.wait_for_function(CONTROLLED)


def _rows(live_app, model, **where):
    with live_app.app_context():
        rows = list(db.session.scalars(select(model).filter_by(**where)))
        db.session.remove()
    return rows


def test_check_in_and_help_offline_are_sent_once_with_the_time_they_were_made(
    new_context, tablet: Page, house, clock, live_app, shoot
):
    page = tablet
    with live_app.test_request_context():  # a reminder at midnight: the faces show it
        household = db.session.get(Household, house["id"])
        update_reminders(household, reminder_at=time(0, 0), quiet_from=None, quiet_until=None)
        db.session.commit()
    _enrol_offline_ready(page, new_context, house)
    expect(page.locator(".picker-greeting")).to_contain_text("come stai oggi?")
    expect(page.locator(".face .waiting-chip", has_text="Non ha ancora risposto")).to_have_count(3)
    shoot(page, "tablet-picker-reminders-portrait")
    made = clock.now()
    page.context.set_offline(True)
    page.reload()  # the shell, not a browser error
    expect(page.locator(".face")).to_have_count(3)
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Nessuna connessione")

    page.locator(".face", has_text="Anna Bianchi").click()
    sheet = page.locator("#offline-sheet")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("Anna Bianchi")
    sheet.locator("[data-offline-mood='4']").click()
    expect(sheet.locator("[data-part=checkin-kept]")).to_be_visible()
    sheet.locator("[data-offline-close]").click()
    page.locator(".help-bar a.help-now").click()
    expect(sheet.locator("[data-part=help-kept] a[href='tel:112']")).to_be_visible()
    expect(page.locator("#offline-queue li")).to_have_count(2)
    shoot(page, "tablet-offline-help-portrait")
    sheet.locator("[data-offline-close]").click()
    expect(page.locator("#offline-queue li").first).to_contain_text("in attesa di invio")
    shoot(page, "tablet-offline-banner-portrait")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "tablet-offline-banner-landscape")
    page.set_viewport_size(PORTRAIT)

    # Twenty minutes later the Wi-Fi is back: both are sent, once, dated when they were made.
    clock.advance(timedelta(minutes=20))
    page.clock.fast_forward("20:00")
    page.context.set_offline(False)
    expect(page.locator("[data-queue-box]")).to_be_hidden()
    expect(banner).to_be_hidden()
    page.reload()  # another page start sends nothing again
    page.wait_for_function(CONTROLLED)

    checkins = _rows(live_app, CheckIn, person_id=house["people"]["Anna"])
    assert len(checkins) == 1 and checkins[0].without_pin and checkins[0].mood == 4
    assert abs(checkins[0].created_at - made) < timedelta(minutes=2)
    helps = _rows(live_app, Concern, household_id=house["id"])
    assert len(helps) == 1 and helps[0].without_pin and helps[0].person_id is None
    assert abs(helps[0].created_at - made) < timedelta(minutes=2)


def test_reload_offline_shows_the_shell_and_the_lock_offline_drops_the_cache(
    new_context, tablet: Page, house
):
    page = tablet
    _enrol_offline_ready(page, new_context, house)
    page.locator(".face", has_text="Bruno Rossi").click()
    type_pin(page, "5678")
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    page.wait_for_function(f"() => ({SESSION_KEYS})().then((n) => n === 1)")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_contain_text("Bruno Rossi")  # their own page, kept
    expect(page.locator("#offline-banner")).to_be_visible()

    page.locator("#lock-form button").click()  # "Not you? Switch", offline
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    expect(page.locator(".face")).to_have_count(3)
    assert page.evaluate(SESSION_KEYS) == 0
    page.goto("/tablet/today")
    expect(page.locator(".face")).to_have_count(3)  # the faces, not Bruno's day
    expect(page.locator("h1")).not_to_contain_text("Bruno Rossi")

    # Back online, the next page first sends the lock made offline: the faces, not his day.
    page.context.set_offline(False)
    page.goto("/tablet/")
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    # Online, the lock also answers Clear-Site-Data: the shell still opens offline after it.
    page.locator(".face", has_text="Bruno Rossi").click()
    type_pin(page, "5678")
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    page.locator("#lock-form button").click()
    expect(page).to_have_url(re.compile(r"/tablet/$"))
    page.wait_for_function(CONTROLLED)
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".face")).to_have_count(3)
    expect(page.locator("#offline-banner")).to_be_visible()
