"""The ladder when a resident has not checked in by the household's reminder time.

First the resident's own reminder on the tablet (the faces' greeting, `reminders`); then,
at the minutes after the reminder time the household sets, the housemate who agreed to be
asked (their face on the picker says "Could you look in on …?"), the linked workers (an
email, through a concern), and the coordinators (the same concern, escalated, unless a
worker acknowledged it). In the quiet hours no step is taken: it waits for their end. A
resident away (an absence: "I'm at my daughter's") is not on the ladder that day; nor is
one who checked in with their PIN (a tap without PIN does not stop it: a housemate may
have tapped).

Run by the scheduled scan. Each step is claimed by its INSERT (UNIQUE resident, day,
step, in a savepoint), so runs alongside, or again after a crash, take it once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.chores.models import Absence, AbsenceKind
from cohousing.chores.services import add_absence
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.wellbeing.models import (
    AlertReason,
    CheckIn,
    CheckinBuddy,
    Concern,
    ConcernKind,
    LadderRung,
    LadderStep,
    WellbeingSettings,
)
from cohousing.wellbeing.services.concerns import (
    escalate,
    linked_workers,
    queue_alert,
    raise_concern,
)
from cohousing.wellbeing.services.reminders import is_quiet

STEPS = (
    (LadderStep.HOUSEMATE, "ladder_housemate_after"),
    (LadderStep.WORKER, "ladder_worker_after"),
    (LadderStep.COORDINATORS, "ladder_coordinators_after"),
)


def due_steps(settings: WellbeingSettings, local_now: datetime) -> list[LadderStep]:
    """The steps whose time has come today, at local time `local_now`; none when the
    reminder is off or in the quiet hours."""
    if settings.reminder_at is None or is_quiet(settings, local_now.time()):
        return []
    start = local_now.replace(
        hour=settings.reminder_at.hour, minute=settings.reminder_at.minute, second=0
    )
    return [
        step
        for step, name in STEPS
        if getattr(settings, name) is not None
        and local_now >= start + timedelta(minutes=getattr(settings, name))
    ]


def _waiting(household: Household, stays: list[Membership], today: date) -> list[int]:
    """Residents with no check-in made with their PIN today, and not away."""
    ids = [m.person_id for m in stays]
    answered = set(
        db.session.scalars(
            select(CheckIn.person_id).where(
                CheckIn.person_id.in_(ids),
                CheckIn.local_date == today,
                CheckIn.without_pin.is_(False),
            )
        )
    )
    away = set(
        db.session.scalars(
            select(Absence.person_id).where(
                Absence.household_id == household.id,
                Absence.person_id.in_(ids),
                Absence.starts_on <= today,
                Absence.ends_on >= today,
            )
        )
    )
    return [p for p in ids if p not in answered and p not in away]


def _claim(household: Household, person_id: int, today: date, step: LadderStep):
    rung = LadderRung(
        household_id=household.id,
        person_id=person_id,
        local_date=today,
        step=step,
        created_at=clock.now(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(rung)
    except IntegrityError:
        return None  # taken before, or by a run alongside
    return rung


def _concern_of(household: Household, person_id: int, today: date) -> Concern | None:
    key = f"ladder:{person_id}:{today.isoformat()}"
    concern = raise_concern(
        household, ConcernKind.MISSED_CHECKINS, person_id=person_id, dedupe_key=key
    )
    if concern is not None:  # not urgent (no digest wait): the workers are told at once
        workers = linked_workers(household)
        for worker in workers:
            queue_alert(concern, worker.id, AlertReason.URGENT)
        if not workers:
            escalate(concern, clock.now())
        return concern
    return db.session.scalar(select(Concern).filter_by(dedupe_key=key))


def climb(household: Household, settings: WellbeingSettings, stays: list[Membership]) -> list:
    """Take every step due now for each resident still waiting; returns the new rungs."""
    local_now = clock.local(clock.now(), household.timezone)
    steps = due_steps(settings, local_now)
    if not steps or not stays:
        return []
    today = local_now.date()
    waiting = _waiting(household, stays, today)
    buddies = set(
        db.session.scalars(
            select(CheckinBuddy.person_id).where(CheckinBuddy.person_id.in_(waiting))
        )
    )
    taken = []
    for person_id in waiting:
        for step in steps:
            if step is LadderStep.HOUSEMATE and person_id not in buddies:
                continue
            rung = _claim(household, person_id, today, step)
            if rung is None:
                continue
            if step is not LadderStep.HOUSEMATE:
                concern = _concern_of(household, person_id, today)
                rung.concern_id = concern.id if concern is not None else None
                if step is LadderStep.COORDINATORS and concern is not None:
                    escalate(concern, clock.now())  # not if acknowledged, nor twice
            taken.append(rung)
    return taken


def look_in_requests(household: Household) -> dict[int, list[Person]]:
    """For the picker: per housemate who agreed, the residents they are asked to look in
    on today (who still have not checked in with their PIN)."""
    today = household.today()
    rows = db.session.execute(
        select(CheckinBuddy.buddy_id, Person)
        .join(LadderRung, LadderRung.person_id == CheckinBuddy.person_id)
        .join(Person, Person.id == CheckinBuddy.person_id)
        .where(
            LadderRung.household_id == household.id,
            LadderRung.local_date == today,
            LadderRung.step == LadderStep.HOUSEMATE,
            ~select(CheckIn.id)
            .where(
                CheckIn.person_id == CheckinBuddy.person_id,
                CheckIn.local_date == today,
                CheckIn.without_pin.is_(False),
            )
            .exists(),
        )
        .order_by(Person.display_name)
    ).all()
    asked: dict[int, list[Person]] = {}
    for buddy_id, person in rows:
        asked.setdefault(buddy_id, []).append(person)
    return asked


MAX_PAUSE_DAYS = 90


def pause(household: Household, person: Person, until: date | None):
    """ "I'm at my daughter's": the resident pauses their ladder (and the missed check-in
    rule) from today to `until`, recorded as an absence, as a coordinator would."""
    today = household.today()
    if until is None or until < today:
        raise RuleError(_l("Choose a day from today on."), "until")
    if until > today + timedelta(days=MAX_PAUSE_DAYS):
        raise RuleError(_l("Up to 90 days; a longer stay away is for your coordinator."), "until")
    return add_absence(household, person.id, AbsenceKind.OTHER, today, until)
