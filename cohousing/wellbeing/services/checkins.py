"""Check-ins: one a day for each resident, a later one replacing it; the days shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.web.parsing import clean_text
from cohousing.wellbeing.models import CheckIn

MAX_NOTE = 2000

MOODS = {
    1: _l("Very bad"),
    2: _l("Bad"),
    3: _l("Okay"),
    4: _l("Good"),
    5: _l("Very good"),
}

TAGS = {
    "slept_badly": _l("I slept badly"),
    "in_pain": _l("I am in pain"),
    "lonely": _l("I feel lonely"),
    "worried": _l("I am worried"),
    "tired": _l("I am tired"),
    "good_day": _l("I had a good day"),
    "saw_someone": _l("I saw friends or family"),
}


def clean_tags(tags: list[str] | None) -> str:
    return ",".join(code for code in TAGS if code in set(tags or ()))


def record_checkin(
    household: Household,
    person_id: int,
    mood: int,
    tags: list[str] | None = None,
    note: str | None = None,
    *,
    keep_extras: bool = False,
    made_at: datetime | None = None,
    without_pin: bool = False,
) -> CheckIn:
    """Today's check-in for a resident: one per day, a later one replaces it.

    `keep_extras` keeps today's tags and note (one tap on a face changes only the mood).
    Two taps at once still make one row: the second insert loses on the unique key and
    updates instead. `made_at` is when a queued (offline) tap was made: its day is that
    moment's local day. A check-in `without_pin` never replaces one made with the PIN (a
    housemate's tap must not hide what the resident said), nor one made after it.
    """
    if mood not in MOODS:
        raise RuleError(_l("Choose one of the five faces."), "mood")
    note = clean_text(note or "").strip()
    if len(note) > MAX_NOTE:
        raise RuleError(_l("The note is too long: up to 2,000 characters."), "note")
    at = made_at or clock.now()
    on = clock.local(at, household.timezone).date()
    if not is_current_resident(person_id, household, on):
        raise LookupError("not a resident of this household")
    existing = todays_checkin(person_id, on)
    if existing is None:
        fresh = CheckIn(
            person_id=person_id,
            household_id=household.id,
            local_date=on,
            mood=mood,
            tags=clean_tags(tags),
            note=note,
            without_pin=without_pin,
            created_at=at,
            updated_at=at,
        )
        try:
            with db.session.begin_nested():
                db.session.add(fresh)
            _audit(household, person_id, without_pin)
            return fresh
        except IntegrityError:
            existing = todays_checkin(person_id, on)
    if without_pin and (not existing.without_pin or existing.updated_at > at):
        return existing  # the resident's own (or a later) check-in of that day stands
    existing.mood = mood
    existing.without_pin = without_pin
    if not keep_extras:
        existing.tags = clean_tags(tags)
        existing.note = note
    existing.updated_at = at
    _audit(household, person_id, without_pin)
    return existing


def _audit(household: Household, person_id: int, without_pin: bool) -> None:
    if without_pin:
        record(
            "wellbeing.checked_in_without_pin",
            household_id=household.id,
            subject_person_id=person_id,
        )
    else:
        record("wellbeing.checked_in", household_id=household.id, subject_person_id=person_id)


def todays_checkin(person_id: int, on: date) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).filter_by(person_id=person_id, local_date=on))


def todays_checkin_for(household: Household, resident: Person | None) -> CheckIn | None:
    """The resident's check-in of the household's today, for the tablet's today screen
    (template variable `checkin_today`); None when nobody is signed in."""
    if resident is None:
        return None
    return todays_checkin(resident.id, household.today())


def checkins_since(person_id: int, since: date) -> list[CheckIn]:
    return list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.person_id == person_id, CheckIn.local_date >= since)
            .order_by(CheckIn.local_date)
        )
    )


@dataclass(frozen=True)
class Day:
    on: date
    mood: int | None


def last_days(person_id: int, today: date, days: int = 30) -> list[Day]:
    """One entry per day, oldest first, with the mood or None: for the picture."""
    first = today - timedelta(days=days - 1)
    moods = {c.local_date: c.mood for c in checkins_since(person_id, first)}
    return [
        Day(first + timedelta(days=n), moods.get(first + timedelta(days=n))) for n in range(days)
    ]
