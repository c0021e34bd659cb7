"""Household rules: who lives where and when, who follows whom. Views call these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.kinds import apply_template
from cohousing.households.models import (
    Dwelling,
    Household,
    HouseholdKind,
    LinkFunction,
    Membership,
    WorkerLink,
)
from cohousing.people.models import AVATAR_COLOURS, Person
from cohousing.people.services import hash_secret
from cohousing.staff.models import Role, StaffAccount


class HouseholdRuleError(ValueError):
    """A request that breaks a household rule; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def current_membership_clause(on: date):
    return and_(
        Membership.started_on <= on,
        or_(Membership.ended_on.is_(None), Membership.ended_on > on),
    )


def current_residents(household: Household, on: date | None = None) -> list[Person]:
    on = on or household.today()
    return list(
        db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.household_id == household.id, current_membership_clause(on))
            .order_by(Person.display_name, Person.id)
        )
    )


def is_current_resident(person_id: int, household: Household, on: date | None = None) -> bool:
    return current_membership(person_id, household.id, on or household.today()) is not None


def was_resident(person_id: int, household: Household) -> bool:
    """Lived there at any time: staff pages of the household still show them."""
    return (
        db.session.scalar(
            select(Membership.id)
            .where(Membership.person_id == person_id, Membership.household_id == household.id)
            .limit(1)
        )
        is not None
    )


def current_membership(person_id: int, household_id: int, on: date) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.person_id == person_id,
            Membership.household_id == household_id,
            current_membership_clause(on),
        )
    )


def past_memberships(household: Household) -> list[Membership]:
    on = household.today()
    return list(
        db.session.scalars(
            select(Membership)
            .options(joinedload(Membership.person))
            .where(Membership.household_id == household.id, Membership.ended_on <= on)
            .order_by(Membership.ended_on.desc())
        )
    )


def current_worker_links(household: Household, on: date | None = None) -> list[WorkerLink]:
    on = on or household.today()
    return list(
        db.session.scalars(
            select(WorkerLink)
            .options(joinedload(WorkerLink.worker))
            .where(
                WorkerLink.household_id == household.id,
                WorkerLink.started_on <= on,
                or_(WorkerLink.ended_on.is_(None), WorkerLink.ended_on > on),
            )
            .order_by(WorkerLink.started_on)
        )
    )


@dataclass
class NewResident:
    display_name: str
    pin: str
    avatar_colour: str | None = None
    photo: bytes | None = None
    preferred_language: str | None = None


@dataclass
class DwellingData:
    address: str = ""
    landlord_name: str = ""
    landlord_contact: str = ""
    monthly_rent_cents: int | None = None
    lease_start: date | None = None
    lease_end: date | None = None


MAX_RENT_CENTS = 1_000_000 * 100  # more than a million euros a month is a typing slip
PIN_PATTERN = re.compile(r"[0-9]{4,6}")


def _check_lease(data: DwellingData) -> None:
    if data.lease_start and data.lease_end and data.lease_end <= data.lease_start:
        raise HouseholdRuleError(_l("The lease must end after it starts."), "lease_end")


def _check_rent(cents: int | None) -> None:
    if cents is None:
        return
    if cents < 0:
        raise HouseholdRuleError(_l("The rent cannot be negative."), "monthly_rent")
    if cents > MAX_RENT_CENTS:
        raise HouseholdRuleError(_l("This rent is too high. Check the amount."), "monthly_rent")


def _check_dwelling(data: DwellingData) -> None:
    _check_rent(data.monthly_rent_cents)
    _check_lease(data)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise HouseholdRuleError(_l("Write a name."), "name")
    return name


def check_pin(pin: str) -> None:
    """Residents type the PIN on a keypad: 4 to 6 digits, nothing else."""
    if not PIN_PATTERN.fullmatch(pin or ""):
        raise HouseholdRuleError(_l("The PIN must be 4 to 6 digits."), "pin")


def create_household(
    *,
    name: str,
    kind: HouseholdKind,
    dwelling: DwellingData,
    residents: list[NewResident],
    worker_ids: list[int],
    timezone: str = "Europe/Rome",
    locale: str = "it",
    worker_functions: dict[int, LinkFunction] | None = None,
    submission_id: str | None = None,
) -> Household:
    """Create a household with its dwelling, first residents and linked workers, at once.

    `submission_id` is claimed in the same transaction, so a form sent twice creates one
    household (the second call raises idempotency.AlreadySubmitted naming the first one).
    """
    name = _check_name(name)
    _check_dwelling(dwelling)
    for new in residents:
        check_pin(new.pin)
    claimed = idempotency.claim(submission_id)
    household = Household(name=name, kind=kind, timezone=timezone, locale=locale)
    household.dwelling = Dwelling(**dwelling.__dict__)
    db.session.add(household)
    db.session.flush()
    today = household.today()
    for index, new in enumerate(residents):
        add_resident(household, new, started_on=today, colour_index=index)
    functions = worker_functions or {}
    for worker_id in worker_ids:
        function = functions.get(worker_id, LinkFunction.SOCIAL_WORKER)
        link_worker(household, worker_id, started_on=today, function=function)
    apply_template(household)
    record("household.created", household_id=household.id, detail=household.kind.value)
    if claimed is not None:
        claimed.result = str(household.id)
    return household


def update_household(
    household: Household,
    *,
    name: str,
    kind: HouseholdKind,
    locale: str,
    tablet_idle_seconds: int,
    dwelling: DwellingData,
) -> None:
    name = _check_name(name)
    _check_dwelling(dwelling)
    if not 20 <= tablet_idle_seconds <= 600:
        raise HouseholdRuleError(_l("Choose between 20 and 600 seconds."), "tablet_idle_seconds")
    household.name = name
    household.kind = kind
    household.locale = locale
    household.tablet_idle_seconds = tablet_idle_seconds
    if household.dwelling is None:
        household.dwelling = Dwelling()
    for key, value in dwelling.__dict__.items():
        setattr(household.dwelling, key, value)
    record("household.updated", household_id=household.id)


def add_resident(
    household: Household,
    new: NewResident,
    *,
    started_on: date,
    colour_index: int | None = None,
    submission_id: str | None = None,
) -> Person:
    """A new resident moves in; `submission_id` makes a form sent twice add them once."""
    check_pin(new.pin)
    if not new.display_name.strip():
        raise HouseholdRuleError(_l("Write a name."), "display_name")
    claimed = idempotency.claim(submission_id)
    if claimed is not None:
        claimed.result = str(household.id)
    if colour_index is None:
        colour_index = len(current_residents(household))
    person = Person(
        display_name=new.display_name.strip(),
        avatar_colour=new.avatar_colour or AVATAR_COLOURS[colour_index % len(AVATAR_COLOURS)],
        preferred_language=new.preferred_language or None,
        pin_hash=hash_secret(new.pin),
    )
    if new.photo:
        person.photo = new.photo
        person.photo_version = 1
    db.session.add(person)
    db.session.flush()
    db.session.add(Membership(person=person, household=household, started_on=started_on))
    record("resident.added", household_id=household.id, subject_person_id=person.id)
    return person


def move_out(household: Household, person_id: int, on: date) -> Membership:
    """End the stay from `on` (the first day away). History stays."""
    membership = current_membership(person_id, household.id, household.today())
    if membership is None:
        raise HouseholdRuleError(_l("This person does not live here now."))
    if on < membership.started_on:
        raise HouseholdRuleError(_l("The day out cannot be before the day in."), "ended_on")
    membership.ended_on = on
    record("resident.moved_out", household_id=household.id, subject_person_id=person_id)
    return membership


def move_to(household: Household, person_id: int, target: Household, on: date) -> Membership:
    """End the stay here and start one in `target` on the same day."""
    if target.id == household.id or target.archived_at is not None:
        raise HouseholdRuleError(_l("Choose another household."), "target")
    move_out(household, person_id, on)
    membership = Membership(person_id=person_id, household_id=target.id, started_on=on)
    db.session.add(membership)
    record("resident.moved_in", household_id=target.id, subject_person_id=person_id)
    return membership


def link_worker(
    household: Household,
    worker_id: int,
    *,
    started_on: date,
    function: LinkFunction = LinkFunction.SOCIAL_WORKER,
) -> WorkerLink:
    worker = db.session.get(StaffAccount, worker_id)
    if worker is None or worker.role is not Role.WORKER or not worker.active:
        raise HouseholdRuleError(_l("Choose an active worker."), "worker_id")
    for link in current_worker_links(household, started_on):
        if link.worker_id == worker_id:
            return link  # already linked: linking twice changes nothing
    link = WorkerLink(
        worker_id=worker_id, household=household, started_on=started_on, function=function
    )
    db.session.add(link)
    record("worker.linked", household_id=household.id, subject_staff_id=worker_id)
    return link


def unlink_worker(household: Household, link_id: int, on: date) -> WorkerLink:
    link = db.session.get(WorkerLink, link_id)
    if link is None or link.household_id != household.id or not link.is_current(on):
        raise HouseholdRuleError(_l("This worker is not linked to the household."))
    link.ended_on = max(on, link.started_on)
    record("worker.unlinked", household_id=household.id, subject_staff_id=link.worker_id)
    return link


def current_stays(household: Household, on: date | None = None) -> list[Membership]:
    """Current memberships with their person loaded: who lives here and since when."""
    on = on or household.today()
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.person)
            .options(contains_eager(Membership.person))
            .where(Membership.household_id == household.id, current_membership_clause(on))
            .order_by(Person.display_name, Person.id)
        )
    )


def archive_household(household: Household) -> None:
    """Hide a household that has closed; its history stays for the records."""
    if household.archived_at is None:
        household.archived_at = clock.now()
        record("household.archived", household_id=household.id)


def unarchive_household(household: Household) -> None:
    if household.archived_at is not None:
        household.archived_at = None
        record("household.unarchived", household_id=household.id)


def set_photo(person: Person, photo: bytes | None) -> None:
    """Replace (or remove) the face; a new version makes browsers fetch it again."""
    person.photo = photo
    person.photo_version = person.photo_version + 1 if photo else 0


def update_resident(
    household: Household,
    person: Person,
    *,
    display_name: str,
    preferred_language: str | None,
    avatar_colour: str,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> None:
    display_name = (display_name or "").strip()
    if not display_name:
        raise HouseholdRuleError(_l("Write a name."), "display_name")
    if avatar_colour not in AVATAR_COLOURS:
        raise HouseholdRuleError(_l("Choose one of the colours."), "avatar_colour")
    person.display_name = display_name
    person.preferred_language = preferred_language or None
    person.avatar_colour = avatar_colour
    if photo:
        set_photo(person, photo)
    elif remove_photo and person.has_photo:
        set_photo(person, None)
    record("resident.updated", household_id=household.id, subject_person_id=person.id)


def reset_pin(household: Household, person: Person, pin: str) -> None:
    """A coordinator gives a resident a new PIN; it also lifts a lock-out."""
    from cohousing.tablet.services import set_pin  # the tablet area owns PIN state

    check_pin(pin)
    set_pin(person, pin)
    record("resident.pin_reset", household_id=household.id, subject_person_id=person.id)
