"""A household as a whole: creating it in one go, editing it and its dwelling, archiving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

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
IDLE_SECONDS = (20, 600)  # how long the tablet waits before going back to the faces


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
    household = Household(
        name=name, kind=kind, organisation_id=organisation_id, timezone=timezone, locale=locale
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
    low, high = IDLE_SECONDS
    if not low <= tablet_idle_seconds <= high:
        raise RuleError(_l("Choose between 20 and 600 seconds."), "tablet_idle_seconds")
    household.name = name
    household.kind = kind
    household.locale = locale
    household.tablet_idle_seconds = tablet_idle_seconds
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
