"""The demo family household has house life, usable on the tablet in both languages."""

from __future__ import annotations

from sqlalchemy import select

from cohousing.community.demo import add_community_demo
from cohousing.community.helping import board
from cohousing.community.meetings import current_agreements, next_meeting, past_meetings
from cohousing.community.notices import current_notices
from cohousing.community.polls import open_polls
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
