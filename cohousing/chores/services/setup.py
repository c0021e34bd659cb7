"""Setting up chores and who takes part. Every change that moves the rota plans it again
itself (the 14 days ahead), so the page shown next has every turn.

Daily actions (mark done, undo, skip, swap) are in `actions`; the today screen and
"why me?" in `today`; the planning itself in `rota` (database) and `planner` (pure).
A new household starts with its kind's chores, planned (`create_template_chores`,
registered with the households' `on_household_created`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from cohousing.audit.services import record
from cohousing.chores.models import (
    Absence,
    AbsenceKind,
    CapacityShare,
    Chore,
    ChoreArea,
    ChoreAssignment,
    ChoreExclusion,
    Recurrence,
    RecurrenceKind,
)
from cohousing.chores.services import balances, rota
from cohousing.chores.services.recurrence import check, parse_template
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import (
    HouseholdTemplate,
    current_residents,
    on_household_created,
)
from cohousing.rules import RuleError
from cohousing.web.i18n import in_language
from cohousing.web.parsing import parse_date

MAX_CAPACITY = 300  # hundredths: 3.0
# Capacity shares offered on the set-up page: 0 (takes part in none) to 2, in hundredths.
CAPACITY_STEPS = (0, 25, 50, 75, 100, 150, 200)


@dataclass
class ChoreData:
    name: str
    rule: Recurrence
    effort_points: int = 1
    icon: str = ""
    area: ChoreArea = ChoreArea.COMMON
    minutes: int | None = None


def _check_chore(data: ChoreData) -> None:
    if not data.name.strip():
        raise RuleError(_l("Give the chore a name."), "name")
    if len(data.name.strip()) > 120:
        raise RuleError(_l("Use at most 120 characters."), "name")
    if data.effort_points not in (1, 2, 3):
        raise RuleError(_l("Choose an effort of 1, 2 or 3 points."), "effort_points")
    if data.minutes is not None and not 1 <= data.minutes <= 600:
        raise RuleError(_l("Choose between 1 and 600 minutes."), "minutes")
    problems = check(data.rule)
    if problems:
        raise RuleError(problems[0].message, problems[0].field)


def _apply(chore: Chore, data: ChoreData) -> None:
    chore.name = data.name.strip()
    chore.icon = data.icon
    chore.effort_points = data.effort_points
    chore.minutes = data.minutes
    chore.area = data.area
    chore.recurrence_kind = data.rule.kind
    chore.weekdays_mask = data.rule.weekdays_mask
    chore.every_days = data.rule.every_days
    chore.anchor_on = data.rule.anchor_on
    chore.month_day = data.rule.month_day


def create_chore(household: Household, data: ChoreData, submission: str | None = None) -> Chore:
    """Add a chore and plan its next 14 days; other turns move only as the bound needs."""
    _check_chore(data)
    idempotency.claim(submission)
    chore = Chore(household_id=household.id, created_at=clock.now())
    _apply(chore, data)
    db.session.add(chore)
    db.session.flush()
    record("chore.created", household_id=household.id, detail=f"chore {chore.id}")
    rota.replan(household)
    return chore


def update_chore(chore: Chore, data: ChoreData) -> Chore:
    _check_chore(data)
    _apply(chore, data)
    record("chore.updated", household_id=chore.household_id, detail=f"chore {chore.id}")
    rota.replan(chore.household)
    return chore


def set_chore_active(chore: Chore, active: bool) -> None:
    """Stopping a chore removes its future planned turns; done ones stay in the history."""
    chore.active = active
    record(
        "chore.started" if active else "chore.stopped",
        household_id=chore.household_id,
        detail=f"chore {chore.id}",
    )
    rota.replan(chore.household)


def ask_for(chore: Chore, on: date | None = None) -> ChoreAssignment:
    """Someone says a "when needed" chore is needed: plan one turn (today unless told)."""
    household = chore.household
    today, end = rota.horizon(household)
    on = on or today
    if chore.recurrence_kind is not RecurrenceKind.WHEN_NEEDED or not chore.active:
        raise RuleError(_l("This chore already has its own days."))
    if not today <= on <= end:
        raise RuleError(_l("Choose a day in the next two weeks."), "on")
    assignment = rota.plan_needed(household, chore, on)
    record("chore.asked_for", household_id=household.id, detail=f"chore {chore.id}")
    return assignment


@on_household_created
def create_template_chores(household: Household, template: HouseholdTemplate) -> list[Chore]:
    """Start a new household with its kind's chores, named in its language, and plan them."""
    today = household.today()
    chores = []
    for item in template.chores:
        chore = Chore(
            household_id=household.id,
            name=in_language(item.name, household.locale),
            icon=item.icon,
            effort_points=item.effort,
            area=ChoreArea(item.area),
            created_at=clock.now(),
        )
        rule = parse_template(item.recurrence, anchor_on=today)
        _apply(chore, ChoreData(chore.name, rule, item.effort, item.icon, chore.area))
        chores.append(chore)
    db.session.add_all(chores)
    db.session.flush()
    record("chores.from_template", household_id=household.id, detail=f"{len(chores)} chores")
    rota.extend_plan(household)
    return chores


# --- who takes part ------------------------------------------------------------------


def _check_resident(household: Household, person_id: int) -> None:
    """A resident now or later: someone who moved out cannot be given chores."""
    today = household.today()
    found = db.session.scalar(
        select(Membership.id).where(
            Membership.household_id == household.id,
            Membership.person_id == person_id,
            or_(Membership.ended_on.is_(None), Membership.ended_on > today),
        )
    )
    if found is None:
        raise RuleError(_l("This person does not live here now."), "person_id")


@dataclass
class AbsenceResult:
    absence: Absence
    merged: list[tuple[date, date]] = field(default_factory=list)  # earlier ones joined in


def add_absence(
    household: Household, person_id: int, kind: AbsenceKind, starts_on: date, ends_on: date
) -> AbsenceResult:
    """Record an absence (both days included): days already past are shared again among
    who was home, and the plan changes steadily (the person's turns on those days move).

    Rule for overlaps: absences of the same person that overlap or touch (one ends the day
    before the other starts) are merged into one covering them all, with the kind just
    entered; `merged` lists the ranges that were joined, so the screen can say so.
    """
    for name, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if parse_date(value) is None:  # year 9999 would overflow the day after
            raise RuleError(_l("Enter a date as the calendar shows it."), name)
    if ends_on < starts_on:
        raise RuleError(_l("The last day cannot be before the first day."), "ends_on")
    _check_resident(household, person_id)
    touching = list(
        db.session.scalars(
            select(Absence)
            .where(
                Absence.household_id == household.id,
                Absence.person_id == person_id,
                Absence.starts_on <= date.fromordinal(ends_on.toordinal() + 1),
                Absence.ends_on >= date.fromordinal(starts_on.toordinal() - 1),
            )
            .order_by(Absence.starts_on, Absence.id)
        )
    )
    merged = [(a.starts_on, a.ends_on) for a in touching]
    first = min([starts_on, *(a.starts_on for a in touching)])
    last = max([ends_on, *(a.ends_on for a in touching)])
    with balances.recounting(household, first, last):  # days already past are shared again
        if touching:
            absence = touching[0]
            for extra in touching[1:]:
                db.session.delete(extra)
        else:
            absence = Absence(household_id=household.id, person_id=person_id)
            db.session.add(absence)
        absence.kind, absence.starts_on, absence.ends_on = kind, first, last
    record("absence.recorded", household_id=household.id, subject_person_id=person_id)
    rota.replan(household)
    return AbsenceResult(absence, merged)


def remove_absence(absence: Absence) -> None:
    household = db.session.get(Household, absence.household_id)
    with balances.recounting(household, absence.starts_on, absence.ends_on):
        db.session.delete(absence)
    record("absence.removed", household_id=household.id, subject_person_id=absence.person_id)
    rota.replan(household)


def set_capacity(
    household: Household, person_id: int, share_hundredths: int, valid_from: date | None = None
) -> CapacityShare:
    """Set a capacity share (100 = 1.0; 0 = takes part in no chore) from a day on.

    Earlier shares stay as history; setting one twice for the same day replaces it.
    """
    if not 0 <= share_hundredths <= MAX_CAPACITY:
        raise RuleError(_l("Choose a share from 0 to 3."), "share")
    _check_resident(household, person_id)
    valid_from = valid_from or household.today()
    with balances.recounting(household, valid_from, household.today()):
        share = db.session.scalar(
            select(CapacityShare).where(
                CapacityShare.household_id == household.id,
                CapacityShare.person_id == person_id,
                CapacityShare.valid_from == valid_from,
            )
        )
        if share is None:
            share = CapacityShare(
                household_id=household.id, person_id=person_id, valid_from=valid_from
            )
            db.session.add(share)
        share.share_hundredths = share_hundredths
        share.set_at = clock.now()
    record("chores.capacity_set", household_id=household.id, subject_person_id=person_id)
    rota.replan(household)
    return share


def exclude(chore: Chore, person_id: int, reason: str = "") -> ChoreExclusion:
    """Leave this person out of this chore; excluding twice changes nothing."""
    household = chore.household
    _check_resident(household, person_id)
    exclusion = db.session.scalar(
        select(ChoreExclusion).filter_by(chore_id=chore.id, person_id=person_id)
    )
    if exclusion is None:
        exclusion = ChoreExclusion(chore_id=chore.id, person_id=person_id)
        db.session.add(exclusion)
    exclusion.reason = reason.strip()[:200]
    db.session.flush()
    record("chores.excluded", household_id=household.id, subject_person_id=person_id)
    rota.replan(household)
    return exclusion


def include(chore: Chore, person_id: int) -> None:
    exclusion = db.session.scalar(
        select(ChoreExclusion).filter_by(chore_id=chore.id, person_id=person_id)
    )
    if exclusion is None:
        return
    db.session.delete(exclusion)
    db.session.flush()
    record("chores.included", household_id=chore.household_id, subject_person_id=person_id)
    rota.replan(chore.household)


# --- the set-up page: shares and exclusions together ------------------------------------


def current_capacity(household: Household) -> dict[int, int]:
    """Each person's share today (hundredths; 100 when never set)."""
    today = household.today()
    shares: dict[int, int] = {}
    for share in db.session.scalars(
        select(CapacityShare)
        .where(CapacityShare.household_id == household.id, CapacityShare.valid_from <= today)
        .order_by(CapacityShare.valid_from, CapacityShare.id)
    ):
        shares[share.person_id] = share.share_hundredths
    return shares


def exclusions_of(household: Household) -> set[tuple[int, int]]:
    """(chore id, person id) for everyone left out of a chore of this household."""
    return set(
        db.session.execute(
            select(ChoreExclusion.chore_id, ChoreExclusion.person_id)
            .join(Chore, Chore.id == ChoreExclusion.chore_id)
            .where(Chore.household_id == household.id)
        ).all()
    )


def note_participation_viewed(household: Household) -> None:
    """Shares and exclusions can reflect ability or health: the register keeps who looked."""
    record("chores.participation_viewed", household_id=household.id)


def save_participation(
    household: Household, shares: Mapping[int, int | None], left_out: set[tuple[int, int]]
) -> None:
    """The set-up page saved at once: a share per current resident (one of CAPACITY_STEPS;
    None when what was sent is not a number) and who is left out of which active chore.
    Only what changed is written, and re-planned; a share outside the list refuses it all."""
    residents = current_residents(household)
    errors = {
        f"capacity-{person.id}": _l("Choose one of the shares in the list.")
        for person in residents
        if shares.get(person.id) not in CAPACITY_STEPS
    }
    if errors:
        raise RuleError(errors=errors)
    before = current_capacity(household)
    for person in residents:
        if shares[person.id] != before.get(person.id, 100):
            set_capacity(household, person.id, shares[person.id])
    existing = exclusions_of(household)
    for chore in db.session.scalars(
        select(Chore).where(Chore.household_id == household.id, Chore.active.is_(True))
    ):
        for person in residents:
            out = (chore.id, person.id) in left_out
            if out and (chore.id, person.id) not in existing:
                exclude(chore, person.id)
            elif not out and (chore.id, person.id) in existing:
                include(chore, person.id)
