"""The demo family household has house life, usable on the tablet in both languages."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cohousing.community.demo import add_community_demo
from cohousing.community.models import NoticeRead
from cohousing.community.services import (
    board,
    current_agreements,
    current_notices,
    next_meeting,
    open_polls,
    past_meetings,
)
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from tests.fixtures.households import text


def test_demo_family_has_house_life_usable_on_the_tablet(app, resident_client):
    result = app.test_cli_runner().invoke(args=["cohousing", "demo"])
    assert result.exit_code == 0, result.output
    house = db.session.scalar(select(Household).filter_by(name="Casa Girasole"))
    assert len(current_notices(house)) >= 2
    [past] = past_meetings(house)
    assert all(p.minutes for p in past.points) and len(past.present) == 4
    assert len(current_agreements(house)) == 2
    assert next_meeting(house) is not None
    assert len(open_polls(house)) == 1
    taken = [p for p in board(house) if p.taken_by_id]
    assert taken and taken[0].taken_by_id != taken[0].posted_by_id
    assert add_community_demo(house) == []  # runs once

    sara = next(p for p in current_residents(house) if p.display_name == "Sara Conti")
    tablet = resident_client(house, sara, "6093")
    for language in ("en", "it"):
        tablet.post("/language", data={"lang": language})
        for url in (
            "/tablet/house",
            "/tablet/house/meetings",
            "/tablet/house/agreements",
            "/tablet/house/polls",
            "/tablet/house/help",
            "/tablet/today",
        ):
            response = tablet.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in text(response)
    page = text(tablet.get("/tablet/house/agreements"))
    assert "Orari di silenzio" in page and "Uso della lavatrice" in page

    # The board showed Sara the notices new to her, and read nothing by itself; the ids it
    # sends back (htmx on load) mark them read, and the next look shows none as new.
    board_page = text(tablet.get("/tablet/house"))
    shown = re.findall(r'name="notice" value="(\d+)"', board_page)
    assert shown and board_page.count('class="badge new"') == len(shown)
    read = select(func.count()).where(NoticeRead.person_id == sara.id)
    before = db.session.scalar(read)
    assert (
        tablet.htmx("post", "/tablet/house/notices/seen", data={"notice": shown}).status_code == 200
    )
    assert db.session.scalar(read) == before + len(shown)
    assert 'class="badge new"' not in text(tablet.get("/tablet/house"))
