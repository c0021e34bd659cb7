"""Logging visits: the rules, without HTTP. Views call `log_visit`; the request commits.

A visit is logged after it happened, so its moment is never in the future; the next visit
comes after it and, where the household expects a rhythm, within that rhythm. A visit is
about one resident or about the house: a house visit has only the house's areas (every
housemate reads it on the tablet), the per-person areas exist only on a resident's visit
(only they read it). A visit with nothing in it is refused; "nobody was home" is its own
kind, with nothing observed, and it does not count as a visit (`schedule`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents, is_current_resident
from cohousing.people.models import Person
from cohousing.rules import WHOLE_FORM, RuleError
from cohousing.staff.models import StaffAccount
from cohousing.visits.models import (
    AREAS,
    Visit,
    VisitKind,
    VisitObservation,
    areas_for,
)
from cohousing.visits.services.schedule import visit_interval

MAX_NOTE = 2000
MAX_ACTIONS = 4000
MAX_MINUTES = 1440  # a visit lasts at most a day
MAX_RATING = 5  # ratings go from 1 (very worrying) to 5 (going very well)
MAX_STAFF_PRESENT = 300
LOOK_BACK = timedelta(days=366)
FUTURE_SLACK = timedelta(minutes=10)  # a clock a little ahead is not a mistake
MINUTES_RANGE = _l("Write the minutes, from 1 to 1440.")
RATING_RANGE = _l("Choose a rating from 1 to 5.")
LIVES_HERE = _l("Choose someone who lives in this household.")
ONLY_ABOUT_ONE = _l(
    "Only on a visit about one resident: choose whom the visit is about, or empty this."
)
NOBODY_HOME = _l("Nobody was home: there is nothing to rate or note here.")
EMPTY_VISIT = _l(
    "Nothing to save yet: rate or note at least one area, or write what you agreed. "
    'If nobody was home, choose "Nobody was home".'
)


@dataclass
class VisitData:
    kind: VisitKind
    visited_at: datetime  # aware
    person_id: int | None = None
    duration_minutes: int | None = None
    staff_present: str = ""
    agreed_actions: str = ""
    next_visit_on: date | None = None
    observations: dict[str, tuple[int | None, str]] = field(default_factory=dict)


def _check(household: Household, data: VisitData) -> dict[str, object]:
    """Every broken rule, by field: the moment, the next visit, the words, the ratings."""
    errors = _check_dates(household, data)
    if data.duration_minutes is not None and not 1 <= data.duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = MINUTES_RANGE
    if data.person_id is not None and not is_current_resident(data.person_id, household):
        errors["person_id"] = LIVES_HERE
    if len(data.staff_present) > MAX_STAFF_PRESENT:
        errors["staff_present"] = _l("Up to 300 characters.")
    if len(data.agreed_actions) > MAX_ACTIONS:
        errors["agreed_actions"] = _l("Up to 4,000 characters.")
    errors.update(_check_observations(data))
    return errors


def _has_content(rating: int | None, note: str) -> bool:
    return rating is not None or bool(note.strip())


def _check_observations(data: VisitData) -> dict[str, object]:
    """Ratings in range, notes not too long, only the areas this visit has; nothing at all
    is refused (an untouched form), and a visit where nobody was home has nothing."""
    errors: dict[str, object] = {}
    allowed = areas_for(data.person_id)
    nobody_home = data.kind is VisitKind.NO_ANSWER
    filled = False
    for area, (rating, note) in data.observations.items():
        if area not in AREAS:
            continue
        if rating is not None and not 1 <= rating <= MAX_RATING:
            errors[f"{area}_rating"] = RATING_RANGE
        if len(note) > MAX_NOTE:
            errors[f"{area}_note"] = _l("Up to 2,000 characters.")
        if not _has_content(rating, note):
            continue
        filled = True
        wrong = NOBODY_HOME if nobody_home else ONLY_ABOUT_ONE if area not in allowed else None
        if wrong is not None:
            if rating is not None:
                errors.setdefault(f"{area}_rating", wrong)
            if note.strip():
                errors.setdefault(f"{area}_note", wrong)
    if not nobody_home and not filled and not data.agreed_actions.strip():
        errors[WHOLE_FORM] = EMPTY_VISIT
    return errors


def _check_dates(household: Household, data: VisitData) -> dict[str, object]:
    """The visit happened (not in the future, within a year); the next one comes after it,
    within the household's rhythm."""
    errors: dict[str, object] = {}
    now = clock.now()
    if data.visited_at > now + FUTURE_SLACK:
        errors["visited_at"] = _l(
            "A visit is logged after it happens: this moment is in the future."
        )
    elif data.visited_at < now - LOOK_BACK:
        errors["visited_at"] = _l("This is more than a year ago: check the date.")
    if data.next_visit_on is None:
        return errors
    visit_day = clock.local(data.visited_at, household.timezone).date()
    every = visit_interval(household)
    if data.next_visit_on <= visit_day:
        errors["next_visit_on"] = _l("The next visit must come after this one.")
    elif every and data.next_visit_on > visit_day + timedelta(days=every):
        errors["next_visit_on"] = _l(
            "This household expects a visit every %(num)s days: choose a date up to "
            "%(num)s days after this visit.",
            num=every,
        )
    elif data.next_visit_on > visit_day + LOOK_BACK:
        errors["next_visit_on"] = _l("Choose a date within a year.")
    return errors


def log_visit(
    household: Household,
    data: VisitData,
    *,
    staff: StaffAccount | None,
    submission_id: str | None = None,
) -> Visit:
    """Save a visit with its observations, all or nothing; a RuleError names every field
    that is not sound (`visited_at` is the day and time of the form)."""
    errors = _check(household, data)
    if errors:
        raise RuleError(errors=errors)
    claimed = idempotency.claim(submission_id)
    visit = Visit(
        household_id=household.id,
        person_id=data.person_id,
        kind=data.kind,
        visited_at=data.visited_at,
        duration_minutes=data.duration_minutes,
        staff_present=data.staff_present.strip(),
        agreed_actions=data.agreed_actions.strip(),
        next_visit_on=data.next_visit_on,
        recorded_by_id=staff.id if staff else None,
        created_at=clock.now(),
    )
    for area in areas_for(data.person_id):
        rating, note = data.observations.get(area, (None, ""))
        if _has_content(rating, note):
            visit.observations.append(VisitObservation(area=area, rating=rating, note=note.strip()))
    db.session.add(visit)
    db.session.flush()
    record(
        "visit.logged",
        household_id=household.id,
        subject_person_id=data.person_id,
        detail=f"visit #{visit.id} {data.kind.value}",
    )
    if claimed is not None:
        claimed.led_to(str(visit.id))
    return visit


def visits_of(household: Household, limit: int = 50) -> list[Visit]:
    """The household's visits, newest first, with who recorded them (one query each)."""
    return list(
        db.session.scalars(
            select(Visit)
            .options(selectinload(Visit.person), selectinload(Visit.recorded_by))
            .where(Visit.household_id == household.id)
            .order_by(Visit.visited_at.desc(), Visit.id.desc())
            .limit(limit)
        )
    )


def visits_about(person_id: int, household_id: int, limit: int = 20) -> list[tuple[Visit, list]]:
    """What a resident reads on the tablet: the visits about them, with every area, and the
    visits about the house, with the house's areas only (an older house visit may hold
    per-person notes: they stay with the staff). Newest first, as (visit, observations)."""
    visits = db.session.scalars(
        select(Visit)
        .options(selectinload(Visit.observations), selectinload(Visit.recorded_by))
        .where(
            Visit.household_id == household_id,
            (Visit.person_id == person_id) | Visit.person_id.is_(None),
        )
        .order_by(Visit.visited_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return [
        (visit, [o for o in visit.observations if o.area in areas_for(visit.person_id)])
        for visit in visits
    ]


def readers_of(household: Household, person_id: int | None) -> list[Person]:
    """Who among the residents reads the visit on the tablet: the resident it is about, or
    everyone living there for a house visit (staff linked to the house read every visit)."""
    if person_id is not None:
        return [p for p in current_residents(household) if p.id == person_id]
    return current_residents(household)


def subjects_of(visit: Visit, household: Household) -> list[int]:
    """Whom the visit notes are about: the resident, or everyone living there."""
    if visit.person_id is not None:
        return [visit.person_id]
    return [p.id for p in current_residents(household)]


def note_visit_viewed(visit: Visit, household: Household) -> None:
    """The register keeps who read visit notes, one row per resident they are about."""
    for person_id in subjects_of(visit, household):
        record(
            "visit.viewed",
            household_id=household.id,
            subject_person_id=person_id,
            detail=f"visit #{visit.id}",
        )
