"""Issue 15's "done when": an Italian page shows no untranslated register event, no
dot-decimal number, no time with seconds and no time-zone name. The main pages of staff
and of the tablet are rendered in Italian with the demo's own content, and read as a
person (or a screen reader) would."""

from __future__ import annotations

from sqlalchemy import select

from cohousing.audit.services import ACTION_WORDS
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.staff.models import StaffAccount
from tests.fixtures.main_pages import (
    ITALIAN_RESIDENT,
    PASSWORD,
    STAFF_PAGES,
    TABLET_PAGES,
    build_demo_house,
    english_ways,
    read_page,
    second_step,
)


def test_italian_pages_read_the_italian_way(app, resident_client):
    house = build_demo_house("it")
    for account in db.session.scalars(select(StaffAccount)):
        account.preferred_language = "it"
    db.session.commit()
    staff = {}
    for who, email in (("worker", house.worker), ("admin", house.admin)):
        staff[who] = app.test_client()
        signed_in = staff[who].post("/auth/login", data={"email": email, "password": PASSWORD})
        if signed_in.headers.get("Location") == "/auth/code":
            code = second_step(email, house.admin_totp)
            signed_in = staff[who].post("/auth/code", data={"code": code})
        assert signed_in.status_code == 303
    pages = {}
    for who, template in STAFF_PAGES:
        response = staff[who].get(house.path(template))
        assert response.status_code == 200, template
        pages[template] = response.get_data(as_text=True)
    family = db.session.get(Household, house.family)
    name, pin = ITALIAN_RESIDENT
    from cohousing.people.models import Person

    tablet = resident_client(family, db.session.get(Person, house.people[name]), pin)
    for path in TABLET_PAGES:
        response = tablet.get(path)
        assert response.status_code == 200, path
        pages[path] = response.get_data(as_text=True)

    problems = {}
    for where, html in pages.items():
        assert '<html lang="it"' in html, where
        found = english_ways(read_page(html), ACTION_WORDS)
        if found:
            problems[where] = found
    assert not problems, problems
    # the register does have rows (the demo was made through the services)
    assert "Ha creato la casa" in read_page(pages["/audit/"])


def test_the_scan_sees_what_it_looks_for():
    """The scan is not blind: each English way is found in a page that has it."""
    text = read_page(
        '<p>media 3.9</p><p title="alle 07:11:00">x</p><td>money.viewed</td>'
        "<p>Ora standard dell'Europa centrale</p><script>var a = 1.5;</script>"
    )
    assert english_ways(text, ACTION_WORDS) == ["money.viewed", "3.9", "07:11:00", "Ora standard"]
    assert english_ways(read_page("<p>1.150,00 € · 127.0.0.1 · 3,9</p>"), ACTION_WORDS) == []
