"""A household's wellbeing settings: the check-in rules and the local help numbers."""

from __future__ import annotations

from datetime import time
from types import EllipsisType

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import TEMPLATES, HouseholdTemplate, on_household_created
from cohousing.organisations.services import (
    HelpNumber,
    clean_help_numbers,
    emergency_number,
    local_help_numbers,
    parse_help_numbers,
)
from cohousing.rules import RuleError
from cohousing.wellbeing.models import ShareLevel, WellbeingSettings

MIN_MISSED_DAYS, MAX_MISSED_DAYS = 1, 30

# Low mood is a rule worth having where workers follow people closely; families opt in.
LOW_MOOD_DEFAULT = {
    HouseholdKind.FAMILY: False,
    HouseholdKind.ELDERLY: True,
    HouseholdKind.SUPPORTED_LIVING: True,
    HouseholdKind.HOUSING_FIRST: True,
}


# The ladder's minutes after the reminder time (housemate, workers, coordinators) by kind:
# it runs only once the household sets a reminder time.
LADDER_DEFAULT = {
    HouseholdKind.FAMILY: (None, None, None),
    HouseholdKind.ELDERLY: (60, 120, 240),
    HouseholdKind.SUPPORTED_LIVING: (None, 120, 240),
    HouseholdKind.HOUSING_FIRST: (None, 240, 480),
}


def _settings_from_template(household: Household, template: HouseholdTemplate):
    housemate, worker, coordinators = LADDER_DEFAULT.get(household.kind, (None, None, None))
    return WellbeingSettings(
        household_id=household.id,
        missed_days_alert=template.checkin.missed_days_alert,
        low_mood_enabled=LOW_MOOD_DEFAULT.get(household.kind, True),
        default_share=ShareLevel(template.checkin.share),
        ladder_housemate_after=housemate,
        ladder_worker_after=worker,
        ladder_coordinators_after=coordinators,
    )


@on_household_created
def create_settings(household: Household, template: HouseholdTemplate) -> None:
    """Every new household starts with its kind's check-in rules."""
    db.session.flush()  # the household needs its id
    db.session.add(_settings_from_template(household, template))


def _stored_settings(household: Household) -> WellbeingSettings | None:
    return db.session.scalar(select(WellbeingSettings).filter_by(household_id=household.id))


def get_settings(household: Household) -> WellbeingSettings:
    """The household's settings, read only: for a household that predates this area, its
    template's defaults, not saved (a page that reads them writes nothing)."""
    found = _stored_settings(household)
    if found is not None:
        return found
    return _settings_from_template(household, TEMPLATES[household.kind])


def settings_to_change(household: Household) -> WellbeingSettings:
    """The household's stored settings, made from its template first if it has none."""
    found = _stored_settings(household)
    if found is not None:
        return found
    settings = _settings_from_template(household, TEMPLATES[household.kind])
    try:
        with db.session.begin_nested():
            db.session.add(settings)
    except IntegrityError:  # another process made them first
        return _stored_settings(household)
    return settings


def emergency_number_of(household: Household | None) -> str:
    """The emergency number a house shows: its organisation's, or the installation's."""
    return emergency_number(household.organisation if household is not None else None)


def help_numbers_of(household: Household) -> list[HelpNumber]:
    """The household's own numbers, then its organisation's (the same for all its houses)."""
    own = parse_help_numbers(get_settings(household).help_numbers)
    return own + [n for n in local_help_numbers(household.organisation) if n not in own]


def update_settings(
    household: Household,
    *,
    missed_enabled: bool,
    missed_days: int | None,
    low_mood_enabled: bool,
    help_numbers: str,
) -> WellbeingSettings:
    """Turn the missed check-in rule on (after `missed_days`) or off, the low mood rule on
    or off, and keep up to 10 short help numbers."""
    if missed_enabled and missed_days is None:
        raise RuleError(_l("Write after how many days."), "missed_days")
    if missed_enabled and not MIN_MISSED_DAYS <= missed_days <= MAX_MISSED_DAYS:
        raise RuleError(_l("Choose between 1 and 30 days."), "missed_days")
    cleaned = clean_help_numbers(help_numbers)
    settings = settings_to_change(household)
    settings.missed_days_alert = missed_days if missed_enabled else None
    settings.low_mood_enabled = low_mood_enabled
    settings.help_numbers = cleaned
    settings.updated_at = clock.now()
    record("wellbeing.settings_changed", household_id=household.id)
    return settings


def update_reminders(
    household: Household,
    *,
    reminder_at: time | None,
    quiet_from: time | None,
    quiet_until: time | None,
    all_fine_at: time | EllipsisType | None = ...,
) -> WellbeingSettings:
    """The tablet's check-in reminder time (None: off), its quiet hours (both or none),
    and the time of the workers' daily "all fine" email (None: none; `...`: unchanged)."""
    if (quiet_from is None) != (quiet_until is None):
        field = "quiet_until" if quiet_until is None else "quiet_from"
        raise RuleError(_l("Give both times of the quiet hours, or neither."), field)
    if quiet_from is not None and quiet_from == quiet_until:
        raise RuleError(_l("The quiet hours must end at another time."), "quiet_until")
    settings = settings_to_change(household)
    settings.reminder_at = reminder_at
    settings.quiet_from, settings.quiet_until = quiet_from, quiet_until
    if all_fine_at is not ...:
        settings.all_fine_at = all_fine_at
    settings.updated_at = clock.now()
    return settings


MAX_LADDER_MINUTES = 24 * 60


def update_ladder(
    household: Household,
    *,
    housemate_after: int | None,
    worker_after: int | None,
    coordinators_after: int | None,
) -> WellbeingSettings:
    """The minutes after the reminder time of each step of the ladder (None: off); a later
    step never comes before an earlier one, and the ladder starts from the reminder."""
    steps = (
        ("ladder_housemate_after", housemate_after),
        ("ladder_worker_after", worker_after),
        ("ladder_coordinators_after", coordinators_after),
    )
    settings = settings_to_change(household)
    earlier = 0
    for name, minutes in steps:
        if minutes is None:
            continue
        if settings.reminder_at is None:
            raise RuleError(_l("Set the reminder time first: the steps count from it."), name)
        if not 0 <= minutes <= MAX_LADDER_MINUTES:
            raise RuleError(_l("Between 0 and 1,440 minutes."), name)
        if minutes < earlier:
            raise RuleError(_l("A later step cannot come before an earlier one."), name)
        earlier = minutes
    for name, minutes in steps:
        setattr(settings, name, minutes)
    settings.updated_at = clock.now()
    return settings
