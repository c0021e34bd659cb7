"""Who lives where and when (memberships), who follows whom (worker links), and residents'
own details and PINs as a coordinator sets them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, LinkFunction, Membership, WorkerLink
from cohousing.people.models import AVATAR_COLOURS, Person
from cohousing.people.services import hash_secret
from cohousing.rules import RuleError
from cohousing.staff.models import Role, StaffAccount

PIN_PATTERN = re.compile(r"[0-9]{4,6}")


# --- who lives here ------------------------------------------------------------------


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


def household_people(
    household: Household, on: date | None = None
) -> tuple[dict[int, Person], list[Person]]:
    """Everyone who ever lived in the household, by id, and who lives there on `on` (by
    name, as `current_residents`): one query for a page that needs both."""
    on = on or household.today()
    everyone: dict[int, Person] = {}
    current: dict[int, Person] = {}
    for person, started_on, ended_on in db.session.execute(
        select(Person, Membership.started_on, Membership.ended_on)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.household_id == household.id)
        .order_by(Person.display_name, Person.id)
    ):
        everyone[person.id] = person
        if started_on <= on and (ended_on is None or ended_on > on):
            current[person.id] = person
    return everyone, list(current.values())


def is_current_resident(person_id: int, household: Household, on: date | None = None) -> bool:
    on = on or household.today()
    if has_request_context() and g.get("known_resident") == (person_id, household.id, on):
        return True  # read already by this request, as it identified who is asking
    return current_membership(person_id, household.id, on) is not None


def note_known_resident(person_id: int, household_id: int, on: date) -> None:
    """This request has read that the person lives in the household on that day (the
    tablet's signed-in resident): the rules asking it again need no second query."""
    g.known_resident = (person_id, household_id, on)


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


# --- residents: in, out, details, PINs ---------------------------------------------------


@dataclass
class NewResident:
    display_name: str
    pin: str
    avatar_colour: str | None = None
    photo: bytes | None = None
    preferred_language: str | None = None
    shares_expenses: bool = True  # a child or a guest: False


def check_pin(pin: str) -> None:
    """Residents type the PIN on a keypad: 4 to 6 digits, nothing else."""
    if not PIN_PATTERN.fullmatch(pin or ""):
        raise RuleError(_l("The PIN must be 4 to 6 digits."), "pin")


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
        raise RuleError(_l("Write a name."), "display_name")
    claimed = idempotency.claim(submission_id)
    if claimed is not None:
        claimed.led_to(str(household.id))
    if colour_index is None:
        colour_index = len(current_residents(household))
    person = Person(
        display_name=new.display_name.strip(),
        avatar_colour=new.avatar_colour or AVATAR_COLOURS[colour_index % len(AVATAR_COLOURS)],
        preferred_language=new.preferred_language or None,
        pin_hash=hash_secret(new.pin),
        shares_expenses=new.shares_expenses,
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
        raise RuleError(_l("This person does not live here now."))
    if on < membership.started_on:
        raise RuleError(_l("The day out cannot be before the day in."), "ended_on")
    membership.ended_on = on
    record("resident.moved_out", household_id=household.id, subject_person_id=person_id)
    return membership


def move_to(household: Household, person_id: int, target: Household, on: date) -> Membership:
    """End the stay here and start one in `target` (same organisation) on the same day."""
    if (
        target.id == household.id
        or target.archived_at is not None
        or target.organisation_id != household.organisation_id
    ):
        raise RuleError(_l("Choose another household."), "target")
    move_out(household, person_id, on)
    membership = Membership(person_id=person_id, household_id=target.id, started_on=on)
    db.session.add(membership)
    record("resident.moved_in", household_id=target.id, subject_person_id=person_id)
    return membership


def move_to_by_id(household: Household, person_id: int, target_id: int, on: date) -> Household:
    """`move_to` for a household id typed in a form: an unknown id is "choose another"."""
    target = db.session.get(Household, target_id)
    if target is None:
        raise RuleError(_l("Choose another household."), "target")
    move_to(household, person_id, target, on)
    return target


def _check_lives_here(household: Household, person: Person) -> None:
    """A past resident's details are history: only who lives here now is changed."""
    if not is_current_resident(person.id, household):
        raise RuleError(_l("This person does not live here now."))


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
    shares_expenses: bool | None = None,
) -> None:
    """Change a resident's details; `shares_expenses` None leaves the flag as it is. The
    flag only changes what new expenses and the balances offer by default: past expenses
    and the running balances stay as they are."""
    _check_lives_here(household, person)
    display_name = (display_name or "").strip()
    if not display_name:
        raise RuleError(_l("Write a name."), "display_name")
    if avatar_colour not in AVATAR_COLOURS:
        raise RuleError(_l("Choose one of the colours."), "avatar_colour")
    person.display_name = display_name
    person.preferred_language = preferred_language or None
    person.avatar_colour = avatar_colour
    if shares_expenses is not None:
        person.shares_expenses = shares_expenses
    if photo:
        set_photo(person, photo)
    elif remove_photo and person.has_photo:
        set_photo(person, None)
    record("resident.updated", household_id=household.id, subject_person_id=person.id)


def is_locked(person: Person) -> bool:
    """Locked out of the tablet after wrong PINs (the tablet's keypad counts them)."""
    return person.pin_locked_until is not None and person.pin_locked_until > clock.now()


def reset_pin(household: Household, person: Person, pin: str) -> None:
    """A coordinator gives a resident a new PIN; it also lifts a lock-out."""
    _check_lives_here(household, person)
    check_pin(pin)
    person.pin_hash = hash_secret(pin)
    _clear_lock(person)
    record("resident.pin_reset", household_id=household.id, subject_person_id=person.id)


def _clear_lock(person: Person) -> None:
    person.pin_failures = 0
    person.pin_locks = 0
    person.pin_locked_until = None


def lift_pin_lock(household: Household, person: Person) -> None:
    """A coordinator lets a locked-out resident try again now, keeping the PIN they know;
    the register says who did it. Nothing happens (and nothing is written) if not locked."""
    _check_lives_here(household, person)
    if not is_locked(person):
        return
    _clear_lock(person)
    record("resident.pin_unlocked", household_id=household.id, subject_person_id=person.id)


# --- workers who follow the household ------------------------------------------------------


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


def link_worker(
    household: Household,
    worker_id: int,
    *,
    started_on: date,
    function: LinkFunction = LinkFunction.SOCIAL_WORKER,
) -> WorkerLink:
    worker = db.session.get(StaffAccount, worker_id)
    if worker is None or worker.role is not Role.WORKER or not worker.active:
        raise RuleError(_l("Choose an active worker."), "worker_id")
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
    """End a current link of this household (the record stays, with its dates)."""
    link = db.session.get(WorkerLink, link_id)
    if link is None or link.household_id != household.id or not link.is_current(on):
        raise RuleError(_l("This worker is not linked to the household."))
    link.ended_on = max(on, link.started_on)
    record("worker.unlinked", household_id=household.id, subject_staff_id=link.worker_id)
    return link
