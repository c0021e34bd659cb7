""" "Read aloud" on the tablet: the button (hidden until the script finds speech synthesis)
and its script on today, money and chores; none on staff pages."""

from __future__ import annotations

import pytest

from tests.fixtures.households import text
from tests.fixtures.wellbeing import signed_in


@pytest.mark.parametrize("path", ["/tablet/today", "/tablet/money", "/tablet/chores"])
def test_the_three_screens_have_the_button_and_its_script(resident_client, household, path):
    client, _anna = signed_in(resident_client, household)
    page = text(client.get(path))
    assert 'class="button read-aloud" data-read-aloud="#main"' in page
    assert "Read aloud" in page and "hidden>" in page.partition("read-aloud")[2][:200]
    assert "/static/js/read-aloud.js" in page
    assert "<script>" not in page  # no inline script: the CSP forbids it


def test_the_button_speaks_the_households_language(resident_client, household):
    household.locale = "it"
    client, _anna = signed_in(resident_client, household)
    page = text(client.get("/tablet/today"))
    assert '<html lang="it">' in page and "Leggi ad alta voce" in page


def test_staff_pages_have_no_read_aloud(client, login, coordinator, household):
    login(coordinator)
    assert "read-aloud" not in text(client.get(f"/households/{household.id}"))
