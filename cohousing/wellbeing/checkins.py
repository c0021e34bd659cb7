"""Check-ins, sharing choices and household settings: the rules, without HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.kinds import HouseholdTemplate, on_household_created
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import is_current_resident
from cohousing.people.models import Person
from cohousing.wellbeing.models import (
    SHARE_ORDER,
    CheckIn,
    ShareLevel,
    WellbeingProfile,
    WellbeingSettings,
)

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

SHARE_LABELS = {
    ShareLevel.MOOD: _l("Your mood only"),
    ShareLevel.MOOD_TAGS: _l("Your mood and the words you choose"),
    ShareLevel.MOOD_TAGS_NOTE: _l("Your mood, the words and your note"),
}

# Low mood is a rule worth having where workers follow people closely; families opt in.
LOW_MOOD_DEFAULT = {
    HouseholdKind.FAMILY: False,
    HouseholdKind.ELDERLY: True,
    HouseholdKind.SUPPORTED_LIVING: True,
    HouseholdKind.HOUSING_FIRST: True,
}


class WellbeingError(ValueError):
    """A request that breaks a wellbeing rule; `field` names the form field to blame."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


# --- household settings ----------------------------------------------------------------


def _settings_from_template(household: Household, template: HouseholdTemplate):
    return WellbeingSettings(
        household_id=household.id,
        missed_days_alert=template.checkin.missed_days_alert,
        low_mood_enabled=LOW_MOOD_DEFAULT.get(household.kind, True),
        default_share=ShareLevel(template.checkin.share),
    )


@on_household_created
def create_settings(household: Household, template: HouseholdTemplate) -> None:
    """Every new household starts with its kind's check-in rules."""
    db.session.flush()  # the household needs its id
    db.session.add(_settings_from_template(household, template))


def get_settings(household: Household) -> WellbeingSettings:
    """The household's settings; made from its template if it predates this area."""
    from cohousing.households.kinds import TEMPLATES

    found = db.session.scalar(select(WellbeingSettings).filter_by(household_id=household.id))
    if found is not None:
        return found
    settings = _settings_from_template(household, TEMPLATES[household.kind])
    try:
        with db.session.begin_nested():
            db.session.add(settings)
    except IntegrityError:  # another process made them first
        return db.session.scalar(select(WellbeingSettings).filter_by(household_id=household.id))
    return settings


@dataclass(frozen=True)
class HelpNumber:
    name: str
    number: str


def parse_help_numbers(text: str) -> list[HelpNumber]:
    """One "name: number" a line; a line without a colon is a bare number."""
    numbers = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, sep, number = line.rpartition(":")
        numbers.append(HelpNumber(name.strip() if sep else "", number.strip()))
    return numbers


def update_settings(
    household: Household,
    *,
    missed_days_alert: int | None,
    low_mood_enabled: bool,
    help_numbers: str,
) -> WellbeingSettings:
    if missed_days_alert is not None and not 1 <= missed_days_alert <= 30:
        raise WellbeingError(_l("Choose between 1 and 30 days."), "missed_days")
    lines = [line.strip() for line in help_numbers.splitlines() if line.strip()]
    if len(lines) > 10 or any(len(line) > 100 for line in lines):
        raise WellbeingError(_l("Up to 10 numbers, one a line, short."), "help_numbers")
    settings = get_settings(household)
    settings.missed_days_alert = missed_days_alert
    settings.low_mood_enabled = low_mood_enabled
    settings.help_numbers = "\n".join(lines)
    settings.updated_at = clock.now()
    record("wellbeing.settings_changed", household_id=household.id)
    return settings


# --- sharing choice --------------------------------------------------------------------


def current_share(person: Person, household: Household) -> ShareLevel:
    latest = db.session.scalar(
        select(WellbeingProfile.share)
        .where(WellbeingProfile.person_id == person.id)
        .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        .limit(1)
    )
    return latest if latest is not None else get_settings(household).default_share


def share_history(person: Person) -> list[WellbeingProfile]:
    return list(
        db.session.scalars(
            select(WellbeingProfile)
            .where(WellbeingProfile.person_id == person.id)
            .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        )
    )


def set_share(
    person: Person,
    household: Household,
    share: ShareLevel,
    *,
    by_person: Person | None = None,
    by_staff_id: int | None = None,
) -> WellbeingProfile | None:
    """Change what workers see. A resident alone may only narrow it; a worker with the
    resident present may widen it. Returns None when nothing changes."""
    current = current_share(person, household)
    if share == current:
        return None
    widening = SHARE_ORDER.index(share) > SHARE_ORDER.index(current)
    if widening and by_staff_id is None:
        raise WellbeingError(_l("To share more, choose it together with your worker."), "share")
    row = WellbeingProfile(
        person_id=person.id,
        share=share,
        changed_by_person_id=by_person.id if by_person else None,
        changed_by_staff_id=by_staff_id,
        changed_at=clock.now(),
    )
    db.session.add(row)
    record("wellbeing.sharing_changed", household_id=household.id, subject_person_id=person.id)
    return row


def visible_fields(share: ShareLevel) -> tuple[bool, bool]:
    """(tags, note) that workers see at this level; the mood is always seen."""
    return share in (ShareLevel.MOOD_TAGS, ShareLevel.MOOD_TAGS_NOTE), (
        share is ShareLevel.MOOD_TAGS_NOTE
    )


# --- check-ins -------------------------------------------------------------------------


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
) -> CheckIn:
    """Today's check-in for a resident: one per day, a later one replaces it.

    `keep_extras` keeps today's tags and note (one tap on a face changes only the mood).
    Two taps at once still make one row: the second insert loses on the unique key and
    updates instead.
    """
    if mood not in MOODS:
        raise WellbeingError(_l("Choose one of the five faces."), "mood")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise WellbeingError(_l("The note is too long: up to 2,000 characters."), "note")
    on = household.today()
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
        )
        try:
            with db.session.begin_nested():
                db.session.add(fresh)
            record("wellbeing.checked_in", household_id=household.id, subject_person_id=person_id)
            return fresh
        except IntegrityError:
            existing = todays_checkin(person_id, on)
    existing.mood = mood
    if not keep_extras:
        existing.tags = clean_tags(tags)
        existing.note = note
    existing.updated_at = clock.now()
    record("wellbeing.checked_in", household_id=household.id, subject_person_id=person_id)
    return existing


def todays_checkin(person_id: int, on: date) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).filter_by(person_id=person_id, local_date=on))


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
