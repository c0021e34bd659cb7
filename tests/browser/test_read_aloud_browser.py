""" "Read aloud" on the tablet's today, money and chores screens, in a real browser.

The browser's speech synthesis is replaced by a recorder (headless Chromium has no
voices), so the test hears what would be said and in which language.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_tablet_browser import enrol_code, house, type_pin  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

RECORDER = """
window.__spoken = [];
const fake = {
  speaking: false,
  getVoices: () => [{ lang: "it-IT", name: "Italiano" }, { lang: "en-GB", name: "English" }],
  speak(u) { this.speaking = true; window.__spoken.push({ text: u.text, lang: u.lang }); },
  cancel() { this.speaking = false; window.__cancelled = (window.__cancelled || 0) + 1; },
};
Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
"""


def signed_in_tablet(new_context, house, script: str) -> Page:  # noqa: F811
    context = new_context(locale="it-IT")
    context.add_init_script(script)
    page = context.new_page()
    page.goto(enrol_code(new_context, house))
    page.locator("form button[type=submit]").last.click()
    page.locator(".face", has_text="Anna Bianchi").click()
    type_pin(page, "1234")
    page.locator("#keypad .key-ok").click()
    expect(page).to_have_url(re.compile(r"/tablet/today$"))
    return page


def test_read_aloud_reads_each_screen_in_the_households_language(
    new_context,
    house,  # noqa: F811
    axe_check,
    sizes_check,
    shoot,
):
    page = signed_in_tablet(new_context, house, RECORDER)
    for path, words in (
        ("/tablet/today", "Ciao, Anna Bianchi"),
        ("/tablet/money", "Soldi"),
        ("/tablet/chores", "Le faccende"),
    ):
        page.goto(path)
        button = page.get_by_role("button", name="Leggi ad alta voce")
        expect(button).to_be_visible()
        sizes_check(page, ".read-aloud")
        button.click()
        spoken = page.evaluate("window.__spoken.at(-1)")
        assert spoken["lang"] == "it" and words.lower() in spoken["text"].lower(), spoken
        assert "Leggi ad alta voce" not in spoken["text"]  # the button does not read itself
        expect(page.get_by_role("button", name="Smetti di leggere")).to_have_attribute(
            "aria-pressed", "true"
        )
        if path == "/tablet/today":
            shoot(page, "tablet-read-aloud")
            axe_check(page, "today read aloud it")
        page.get_by_role("button", name="Smetti di leggere").click()
        assert page.evaluate("window.__cancelled") >= 1


def test_no_button_where_the_browser_cannot_speak(new_context, house):  # noqa: F811
    page = signed_in_tablet(new_context, house, NO_SPEECH)
    expect(page.locator(".read-aloud")).to_be_hidden()
    page.goto("/tablet/money")
    expect(page.locator(".read-aloud")).to_be_hidden()
