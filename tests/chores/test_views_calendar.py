"""The iCalendar feeds: made and stopped by staff and by residents, read back as iCalendar."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import vobject
from icalendar import Calendar
from sqlalchemy import select

from cohousing.chores.models import CalendarFeed, ChoreAssignment
from cohousing.chores.services import create_feed, feed_for_token
from cohousing.chores.services.calendar import turn_uid
from cohousing.extensions import db
from cohousing.rules import RuleError
from tests.fixtures.chores import TODAY
from tests.fixtures.households import text


def feed_path(page: str) -> str:
    match = re.search(r'value="http://localhost(/calendar/[^"]+\.ics)"', page)
    assert match, page[:2000]
    return match.group(1)


def events(response) -> list:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return list(Calendar.from_ical(response.data).walk("VEVENT"))


def test_the_household_feed_lists_every_turn_as_all_day_events(
    chores_coordinator, client, chore_house
):
    response = chores_coordinator.post(f"/households/{chore_house.id}/chores/calendar")
    path = feed_path(text(response))
    found = events(client.get(path))
    turns = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.household_id == chore_house.id,
            ChoreAssignment.due_on.between(TODAY - timedelta(days=7), TODAY + timedelta(days=13)),
        )
    ).all()
    assert len(found) == len(turns) == 28
    by_uid = {str(e["UID"]): e for e in found}
    turn = turns[0]
    event = by_uid[turn_uid(turn, "localhost")]
    assert str(event["SUMMARY"]) == f"{turn.chore.name} — {turn.person.display_name}"
    assert event.decoded("DTSTART") == turn.due_on  # a date: an all-day event
    assert event.decoded("DTEND") == turn.due_on + timedelta(days=1)
    again = {str(e["UID"]) for e in events(client.get(path))}
    assert again == set(by_uid)  # stable UIDs


def test_a_standard_reader_gets_the_exact_names_back(chores_coordinator, client, chore_house):
    chore_house.name = "Casa Città; prova, 1"
    db.session.commit()
    response = chores_coordinator.post(f"/households/{chore_house.id}/chores/calendar")
    feed = client.get(feed_path(text(response)))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    calendar = vobject.readOne(feed.data.decode())
    assert calendar.x_wr_calname.value == "Chores: Casa Città; prova, 1"
    uids = [event.uid.value for event in calendar.vevent_list]
    assert len(uids) == len(set(uids)) == 28
    assert all(uid.startswith("chore-") and uid.endswith("@localhost") for uid in uids)


def test_a_resident_feed_has_only_their_turns(chores_coordinator, client, chore_house, residents):
    anna = residents[0]
    response = chores_coordinator.post(
        f"/households/{chore_house.id}/chores/calendar", data={"person_id": anna.id}
    )
    found = events(client.get(feed_path(text(response))))
    assert found and all(str(e["SUMMARY"]).endswith("— Anna Bianchi") for e in found)
    mine = db.session.scalars(
        select(ChoreAssignment).where(ChoreAssignment.person_id == anna.id)
    ).all()
    assert len(found) == len(mine)


def test_a_revoked_or_replaced_link_is_404(chores_coordinator, client, chore_house):
    first = feed_path(
        text(chores_coordinator.post(f"/households/{chore_house.id}/chores/calendar"))
    )
    second = feed_path(
        text(chores_coordinator.post(f"/households/{chore_house.id}/chores/calendar"))
    )
    assert client.get(first).status_code == 404  # a new link replaces the old one
    assert client.get(second).status_code == 200
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None)))
    page = text(chores_coordinator.get(f"/households/{chore_house.id}/chores"))
    assert "Link working since" in page
    response = chores_coordinator.post(
        f"/households/{chore_house.id}/chores/calendar/{feed.id}/revoke"
    )
    assert response.status_code == 303
    assert client.get(second).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_token_is_stored_hashed(chore_house):
    feed, token = create_feed(chore_house)
    db.session.commit()
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    assert feed_for_token(token).id == feed.id
    assert feed_for_token("x" * 500) is None


def test_a_feed_is_only_for_someone_who_lives_here(chore_house, other_household):
    zeno = other_household.memberships[0].person
    with pytest.raises(RuleError) as refused:
        create_feed(chore_house, zeno.id)
    assert refused.value.field == "person_id"
    assert db.session.scalar(select(CalendarFeed.id)) is None


def test_workers_cannot_make_links_and_other_households_are_404(
    client, login, worker, other_worker, chore_house
):
    login(worker)
    assert client.post(f"/households/{chore_house.id}/chores/calendar").status_code == 403
    client.post("/auth/logout")
    other = client.application.test_client()
    login(other_worker, c=other)
    assert other.get(f"/households/{chore_house.id}/chores").status_code == 404
    assert db.session.scalar(select(CalendarFeed.id)) is None


def test_a_person_of_another_household_cannot_get_a_link_here(
    chores_coordinator, chore_house, other_household
):
    zeno = other_household.memberships[0].person
    response = chores_coordinator.post(
        f"/households/{chore_house.id}/chores/calendar", data={"person_id": zeno.id}
    )
    assert response.status_code == 404


def test_a_resident_makes_and_stops_their_own_link(anna_chores_tablet, client, residents):
    response = anna_chores_tablet.post("/tablet/chores/calendar", data={"action": "make"})
    path = feed_path(text(response))
    found = events(client.get(path))
    assert found and all(str(e["SUMMARY"]).endswith("— Anna Bianchi") for e in found)
    anna_chores_tablet.post("/tablet/chores/calendar", data={"action": "stop"})
    assert client.get(path).status_code == 404
