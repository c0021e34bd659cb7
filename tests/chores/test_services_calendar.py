"""The iCalendar feed as a standard reader sees it (no HTTP): escaping and UIDs.

The feed is written with `icalendar` and read back here with `vobject`, an independent
parser, so an escaping mistake of the writer is not hidden by the same library's reader.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import vobject
from sqlalchemy import select

from cohousing.chores.models import Chore, ChoreAssignment
from cohousing.chores.services import (
    ChoreData,
    build_ics,
    create_chore,
    create_feed,
    set_chore_active,
    skip,
)
from cohousing.chores.services.calendar import turn_uid
from cohousing.extensions import db
from tests.fixtures.chores import DAILY, TODAY, active_chore

HOUSE = "Casa Città; prova, 1"
CHORE = r"Piatti; pentole, forno \ vetri \N e 'bagno\nord'"
PERSON = "Rossi, Bruno; detto \\Bru\\"


def read(feed) -> vobject.base.Component:
    """The feed parsed by vobject (a strict reader: it refuses a malformed line)."""
    data = build_ics(feed, "casa.example.org").decode()
    assert all(len(line.encode()) <= 75 for line in data.split("\r\n"))  # folded
    return vobject.readOne(data)


def summaries(calendar) -> list[str]:
    return [event.summary.value for event in calendar.vevent_list]


def test_every_text_comes_back_exactly_as_written(chore_house, residents):
    _anna, bruno = residents
    chore_house.name = HOUSE
    bruno.display_name = PERSON
    create_chore(chore_house, ChoreData(CHORE, DAILY, 1))
    db.session.flush()
    whole = read(create_feed(chore_house)[0])
    assert whole.x_wr_calname.value == f"Chores: {HOUSE}"  # was cut at the comma
    assert whole.prodid.value == "-//Cohousing//Chores//EN"
    names = {s.rsplit(" — ", 1)[0] for s in summaries(whole)}
    assert names == {"Clean the kitchen", "Take out the rubbish", CHORE}
    bruno_feed = read(create_feed(chore_house, bruno.id)[0])
    assert bruno_feed.x_wr_calname.value == f"Chores of {PERSON}: {HOUSE}"
    assert bruno_feed.vevent_list
    assert all(s.endswith(f" — {PERSON}") for s in summaries(bruno_feed))


def test_descriptions_of_done_and_skipped_turns_are_plain_text(chore_house, residents):
    anna, _bruno = residents
    turn = db.session.scalar(
        select(ChoreAssignment).where(
            ChoreAssignment.household_id == chore_house.id, ChoreAssignment.due_on == TODAY
        )
    )
    skip(turn, anna, "Rotto; domani, forse")
    calendar = read(create_feed(chore_house)[0])
    (skipped,) = [
        e for e in calendar.vevent_list if e.uid.value == turn_uid(turn, "casa.example.org")
    ]
    assert skipped.status.value == "CANCELLED"
    assert skipped.description.value == "Skipped."
    assert skipped.dtstart.value == TODAY


def _uids(calendar) -> dict[str, tuple[str, date]]:
    """UID -> (chore name, day) of every event in the feed."""
    return {
        e.uid.value: (e.summary.value.rsplit(" — ", 1)[0], e.dtstart.value)
        for e in calendar.vevent_list
    }


def test_a_uid_never_comes_back_for_another_turn(chore_house, clock):
    """Stopping the newest chore deletes its future turns; on SQLite their row ids are given
    to the next turns planned. The UIDs must not follow the ids."""
    feed, _token = create_feed(chore_house)
    before = _uids(read(feed))
    assert len(before) == len(read(feed).vevent_list)  # one UID per turn
    set_chore_active(active_chore("Take out the rubbish"), False)
    create_chore(chore_house, ChoreData("Water the plants", DAILY, 1))
    clock.advance(timedelta(days=1))
    create_chore(chore_house, ChoreData("Sweep the stairs", DAILY, 1))
    db.session.flush()
    after = _uids(read(feed))
    assert {name for name, _day in after.values()} >= {"Water the plants", "Sweep the stairs"}
    for uid in before.keys() & after.keys():
        assert after[uid] == before[uid], uid  # the same UID is the same chore on the same day
    still_shown = {  # the kitchen's turns keep their UIDs (one day fell out of the past week)
        uid
        for uid, (name, day) in before.items()
        if name == "Clean the kitchen" and day >= TODAY - timedelta(days=6)
    }
    assert still_shown and still_shown <= after.keys()


def test_the_uid_is_the_chore_and_the_day_not_the_row():
    """Two chores that got the same id one after the other (a row deleted, its id reused)
    differ by their creation time; one chore's turns differ by their day."""
    first = Chore(id=7, created_at=datetime(2026, 3, 1, 8, 0, 0, 1, tzinfo=UTC))
    again = Chore(id=7, created_at=datetime(2026, 3, 1, 8, 0, 0, 2, tzinfo=UTC))
    day = date(2026, 11, 25)
    uid = turn_uid(ChoreAssignment(id=1, chore=first, due_on=day), "h")
    assert uid == "chore-7-20260301T080000000001Z-20261125@h"
    assert turn_uid(ChoreAssignment(id=2, chore=first, due_on=day), "h") == uid  # not the row
    assert turn_uid(ChoreAssignment(id=1, chore=again, due_on=day), "h") != uid
    assert turn_uid(ChoreAssignment(id=1, chore=first, due_on=day + timedelta(1)), "h") != uid
