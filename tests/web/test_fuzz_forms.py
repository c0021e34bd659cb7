"""Hostile values at every form of the app: a field's message or a 404, never a 500.

The forms are found the way a person finds them: every page of the URL map is opened (as
a coordinator for staff pages, as a resident on the house tablet for tablet pages) and
every `<form method="post">` on it is read, with its action and field names. Hypothesis
then fills those fields, and field names with an id in them (`part-12`), with values an
attacker would type: superscript and circled digits, 400-digit numbers, 2^63, year 9999,
NUL characters. Any answer of 500 (or an exception) fails the test, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.scope import url_for_rule

HOSTILE = (
    "²",
    "①",
    "¹²³⁴",
    "٣",  # an Arabic-Indic digit
    "9" * 400,
    str(2**63),
    str(2**31),
    "-" + str(2**63),
    "0",
    "-1",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "abc\x00def",
    "\x00",
    "",
    " ",
    "<script>alert(1)</script>",
    "=1+1",
    "x" * 5000,
)
ID_IN_NAME = re.compile(r"^(?P<prefix>[a-z_]+-)\d+$")


class _Forms(HTMLParser):
    """Every POST form of a page: its action and the names of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._current = []
            self.forms.append((attributes.get("action") or "", self._current))
        elif tag in ("input", "select", "textarea", "button") and self._current is not None:
            name = attributes.get("name")
            if name and name not in ("csrf_token",):
                self._current.append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _page_forms(client, url: str) -> list[tuple[str, list[str]]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.content_type:
        return []
    parser = _Forms()
    parser.feed(response.get_data(as_text=True))
    return [(action or url, names) for action, names in parser.forms if action.startswith("/")]


@pytest.fixture
def every_form(app, records_of_a, login, coordinator, household, resident_client):
    """(client, action, field names) for every POST form on every page of household A."""
    staff = app.test_client()
    login(coordinator, c=staff)
    anna = household.memberships[0].person
    tablet = resident_client(household, anna, "1234")
    found: dict[str, tuple[object, set[str]]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = url_for_rule(rule, records_of_a)
        if not url and rule.arguments:
            continue
        client = tablet if rule.rule.startswith("/tablet") else staff
        for action, names in _page_forms(client, url):
            if action.startswith(("/auth/logout", "/tablet/lock")):
                continue  # they end the session the other forms need
            _, known = found.setdefault(action, (client, set()))
            known.update(names)
    assert len(found) > 30  # the crawl really reaches the forms
    return [(client, action, sorted(names)) for action, (client, names) in found.items()]


def _field_name(name: str, draw) -> str:
    """A field name as sent, or with its id replaced by a hostile one (`part-²`)."""
    match = ID_IN_NAME.match(name)
    if match and draw(st.booleans()):
        return match["prefix"] + draw(st.sampled_from(HOSTILE[:8]))
    return name


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_500_to_hostile_values(every_form, data):
    for client, action, names in every_form:
        form = {
            _field_name(name, data.draw): data.draw(st.sampled_from(HOSTILE), label=name)
            for name in names
        }
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.post(action, data=form, headers=headers)
            assert response.status_code < 500, (action, form, response.status_code)
