"""A household as a whole: creating it in one go, editing it and its dwelling, archiving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Dwelling, Household, HouseholdKind, LinkFunction
from cohousing.households.services.kinds import apply_template
from cohousing.households.services.members import (
    NewResident,
    add_resident,
    check_pin,
    link_worker,
)
from cohousing.rules import RuleError

MAX_RENT_CENTS = 1_000_000 * 100  # more than a million euros a month is a typing slip
IDLE_MINUTES = (1, 10)  # how long the tablet waits before going back to the faces
IDLE_RULE = _l("Choose between 1 and 10 minutes.")
DUPLICATE_WARNING = _l(
    "A household with this name and address already exists. Tick the box to create "
    "another one anyway."
)


@dataclass
class DwellingData:
    address: str = ""
    landlord_name: str = ""
    landlord_contact: str = ""
    monthly_rent_cents: int | None = None
    lease_start: date | None = None
    lease_end: date | None = None


def _check_lease(data: DwellingData) -> None:
    if data.lease_start and data.lease_end and data.lease_end <= data.lease_start:
        raise RuleError(_l("The lease must end after it starts."), "lease_end")


def _check_rent(cents: int | None) -> None:
    if cents is None:
        return
    if cents < 0:
        raise RuleError(_l("The rent cannot be negative."), "monthly_rent")
    if cents > MAX_RENT_CENTS:
        raise RuleError(_l("This rent is too high. Check the amount."), "monthly_rent")


def _check_dwelling(data: DwellingData) -> None:
    _check_rent(data.monthly_rent_cents)
    _check_lease(data)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise RuleError(_l("Write a name."), "name")
    return name


def _idle_seconds(minutes: int | None) -> int:
    low, high = IDLE_MINUTES
    if minutes is None or not low <= minutes <= high:
        raise RuleError(IDLE_RULE, "tablet_idle_minutes")
    return minutes * 60


def find_same_household(name: str, address: str) -> Household | None:
    """A household (archived too) with this name and address, ignoring case and spaces:
    creating it again is more often a slip than a second household."""
    return db.session.scalars(
        select(Household)
        .outerjoin(Dwelling)
        .where(
            func.lower(func.trim(Household.name)) == (name or "").strip().lower(),
            func.lower(func.trim(func.coalesce(Dwelling.address, "")))
            == (address or "").strip().lower(),
        )
        .limit(1)
    ).first()


def create_household(
    *,
    name: str,
    kind: HouseholdKind,
    dwelling: DwellingData,
    residents: list[NewResident],
    worker_ids: list[int],
    organisation_id: int,
    timezone: str = "Europe/Rome",
    locale: str = "it",
    tablet_idle_minutes: int = 1,
    worker_functions: dict[int, LinkFunction] | None = None,
    submission_id: str | None = None,
    allow_duplicate: bool = True,
) -> Household:
    """Create a household with its dwelling, first residents and linked workers, at once.

    `submission_id` is claimed in the same transaction, so a form sent twice creates one
    household (the second call raises idempotency.AlreadySubmitted naming the first one).
    With `allow_duplicate` false, the same name and address as an existing household is
    refused until the coordinator confirms (`confirm_duplicate`).
    """
    name = _check_name(name)
    _check_dwelling(dwelling)
    idle_seconds = _idle_seconds(tablet_idle_minutes)
    for new in residents:
        check_pin(new.pin)
    claimed = idempotency.claim(submission_id)  # a second tap goes where the first led
    if not allow_duplicate and find_same_household(name, dwelling.address):
        raise RuleError(DUPLICATE_WARNING, "confirm_duplicate")
    household = Household(
        name=name,
        kind=kind,
        organisation_id=organisation_id,
        timezone=timezone,
        locale=locale,
        tablet_idle_seconds=idle_seconds,
    )
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
        claimed.led_to(str(household.id))
    return household


def update_household(
    household: Household,
    *,
    name: str,
    kind: HouseholdKind,
    locale: str,
    tablet_idle_minutes: int,
    dwelling: DwellingData,
) -> None:
    name = _check_name(name)
    _check_dwelling(dwelling)
    idle_seconds = _idle_seconds(tablet_idle_minutes)
    household.name = name
    household.kind = kind
    household.locale = locale
    household.tablet_idle_seconds = idle_seconds
    if household.dwelling is None:
        household.dwelling = Dwelling()
    for key, value in dwelling.__dict__.items():
        setattr(household.dwelling, key, value)
    record("household.updated", household_id=household.id)


def archive_household(household: Household) -> None:
    """Hide a household that has closed; its history stays for the records, and nothing
    of it can change until it is restored (`archived.refuse_writes_to_archived`)."""
    if household.archived_at is None:
        household.archived_at = clock.now()
        record("household.archived", household_id=household.id)


def unarchive_household(household: Household) -> None:
    if household.archived_at is not None:
        household.archived_at = None
        record("household.unarchived", household_id=household.id)
