"""Secret iCalendar feeds of the rota: one for the household, one per resident.

A feed URL carries a random token; only its SHA-256 is stored, so a copy of the database
cannot open feeds. Revoking one ends it at once (404). The file format is written by the
`icalendar` library; every text value goes through `PlainText` (RFC 5545 escaping, exact),
and every event's UID through `turn_uid` (one turn, one UID, never another turn's).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from icalendar import Calendar, Event, vText
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.chores.models import AssignmentStatus, CalendarFeed, ChoreAssignment
from cohousing.chores.services.rota import HORIZON_DAYS
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.rules import RuleError

PAST_DAYS = 7
TOKEN_BYTES = 24
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # not allowed in TEXT (RFC 5545 3.3.11)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(household: Household, person_id: int | None = None) -> tuple[CalendarFeed, str]:
    """A new feed and its token (shown once). An earlier feed for the same reader is revoked,
    so there is one working URL per household or resident. `person_id` comes from a form:
    someone who does not live here now is refused."""
    if person_id is not None and not is_current_resident(person_id, household):
        raise RuleError(_l("This person does not live here now."), "person_id")
    for old in active_feeds(household, person_id):
        old.revoked_at = clock.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(
        household_id=household.id,
        person_id=person_id,
        token_hash=_hash(token),
        created_at=clock.now(),
    )
    db.session.add(feed)
    db.session.flush()
    record(
        "chores.calendar_created",
        household_id=household.id,
        subject_person_id=person_id,
        detail=f"feed {feed.id}",
    )
    return feed, token


def active_feeds(household: Household, person_id: int | None = None) -> list[CalendarFeed]:
    query = select(CalendarFeed).where(
        CalendarFeed.household_id == household.id, CalendarFeed.revoked_at.is_(None)
    )
    query = query.where(
        CalendarFeed.person_id.is_(None)
        if person_id is None
        else CalendarFeed.person_id == person_id
    )
    return list(db.session.scalars(query.order_by(CalendarFeed.id)))


def all_active_feeds(household: Household) -> dict[int | None, CalendarFeed]:
    """The working feed per reader (None: the household's), for the set-up page."""
    return {
        feed.person_id: feed
        for feed in db.session.scalars(
            select(CalendarFeed)
            .where(CalendarFeed.household_id == household.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id)
        )
    }


def revoke_feed(feed: CalendarFeed) -> None:
    if feed.revoked_at is None:
        feed.revoked_at = clock.now()
        record(
            "chores.calendar_revoked",
            household_id=feed.household_id,
            subject_person_id=feed.person_id,
            detail=f"feed {feed.id}",
        )


def feed_for_token(token: str) -> CalendarFeed | None:
    """The working feed this token opens, or None (unknown, revoked, or garbage)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None)
        )
    )


def feed_assignments(feed: CalendarFeed) -> list[ChoreAssignment]:
    household = db.session.get(Household, feed.household_id)
    today = household.today()
    query = (
        select(ChoreAssignment)
        .options(joinedload(ChoreAssignment.chore), joinedload(ChoreAssignment.person))
        .where(
            ChoreAssignment.household_id == feed.household_id,
            ChoreAssignment.due_on.between(
                today - timedelta(days=PAST_DAYS), today + timedelta(days=HORIZON_DAYS - 1)
            ),
        )
        .order_by(ChoreAssignment.due_on, ChoreAssignment.id)
    )
    if feed.person_id is not None:
        query = query.where(ChoreAssignment.person_id == feed.person_id)
    return list(db.session.scalars(query))


class PlainText(vText):
    """A TEXT value escaped exactly as RFC 5545 (3.3.11) says, whatever property it is on.

    `icalendar` writes unknown properties such as X-WR-CALNAME as they are, unescaped, and
    turns a typed "\\N" into a line break; here a backslash, a semicolon and a comma are
    escaped, a line break becomes "\\n", other control characters (not allowed in TEXT)
    are dropped, so a standard reader gets back exactly the name that was written.
    """

    def to_ical(self) -> bytes:
        text = CONTROL.sub("", str(self).replace("\r\n", "\n").replace("\r", "\n"))
        for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
            text = text.replace(char, escaped)
        return text.encode(self.encoding)


def turn_uid(assignment: ChoreAssignment, host: str) -> str:
    """One turn's UID: the same for the same turn, never the same for another one.

    A turn is one chore on one day (unique in `chore_assignment`), so the UID is made of
    the chore and the day, not of the turn's row id: stopping a chore deletes its future
    turns, and SQLite gives their ids to the next turns planned, of another chore. The
    chore's creation time (to the microsecond) is there as well, so even a chore id that
    came back after a deletion would not bring back another chore's UIDs.
    """
    chore = assignment.chore
    created = chore.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"chore-{chore.id}-{created}-{assignment.due_on:%Y%m%d}@{host}"


def _calendar_name(feed: CalendarFeed, household: Household) -> str:
    if feed.person is not None:
        return gettext(
            "Chores of %(person)s: %(name)s", person=feed.person.display_name, name=household.name
        )
    return gettext("Chores: %(name)s", name=household.name)


def build_ics(feed: CalendarFeed, host: str) -> bytes:
    """All-day events, one per turn; the UID stays the same for the same turn."""
    household = db.session.get(Household, feed.household_id)
    calendar = Calendar()
    calendar.add("prodid", PlainText("-//Cohousing//Chores//EN"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", PlainText(_calendar_name(feed, household)))
    stamp = clock.now()
    for assignment in feed_assignments(feed):
        person = (
            assignment.person.display_name if assignment.person is not None else gettext("nobody")
        )
        event = Event()
        event.add("uid", PlainText(turn_uid(assignment, host)))
        event.add("dtstamp", stamp)
        event.add("dtstart", assignment.due_on)
        event.add("dtend", assignment.due_on + timedelta(days=1))
        event.add("summary", PlainText(f"{assignment.chore.name} — {person}"))
        if assignment.status is AssignmentStatus.DONE:
            event.add("status", "CONFIRMED")
            event.add("description", PlainText(gettext("Done.")))
        elif assignment.status is AssignmentStatus.SKIPPED:
            event.add("status", "CANCELLED")
            event.add("description", PlainText(gettext("Skipped.")))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
