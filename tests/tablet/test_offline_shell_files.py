"""The offline shell keeps every file a tablet page loads: a script or style added to the
tablet's base template without a line in SHELL_FILES would be missing when the Wi-Fi drops."""

from __future__ import annotations

import re

from cohousing.tablet.views.offline import SHELL_FILES
from tests.fixtures.households import text
from tests.fixtures.wellbeing import signed_in

STATIC = re.compile(r'(?:src|href)="/static/([^"?]+?)(?:\?[^"]*)?"')


def _static_files(page: str) -> set[str]:
    return {name for name in STATIC.findall(page) if not name.startswith("photos/")}


def test_every_file_of_the_picker_and_today_is_in_the_shell(
    enrolled_client, resident_client, household
):
    loaded = _static_files(text(enrolled_client(household).get("/tablet/")))
    client, _anna = signed_in(resident_client, household)
    loaded |= _static_files(text(client.get("/tablet/today")))
    assert loaded, "the pattern found no static file: the test would pass for nothing"
    assert loaded - set(SHELL_FILES) == set()
