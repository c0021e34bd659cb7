"""Organisations: created by the installation admin, their settings kept by their own admin.

Each setting left empty falls back to the installation's default (config.py), so the
functions below are the one place that answers "which number, which sender, how long".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.organisations.models import Organisation, OrganisationKind
from cohousing.rules import RuleError
from cohousing.web.parsing import clean_text

MAX_HELP_NUMBERS = 10
MAX_HELP_LINE = 100
MAX_ESCALATION_MINUTES = 24 * 60
MAX_RETENTION_MONTHS = 240
# Each organisation's retention period, and the installation setting it falls back to.
RETENTION_FIELDS = {
    "checkin_notes": "RETENTION_CHECKIN_NOTES_MONTHS",
    "checkin_scores": "RETENTION_CHECKIN_SCORES_MONTHS",
    "concerns": "RETENTION_CONCERNS_MONTHS",
    "visit_notes": "RETENTION_VISIT_NOTES_MONTHS",
}


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


def clean_help_numbers(text: str, field: str = "help_numbers") -> str:
    """Up to 10 short lines, blank ones dropped (a household's list and an organisation's)."""
    lines = [line.strip() for line in clean_text(text or "").splitlines() if line.strip()]
    if len(lines) > MAX_HELP_NUMBERS or any(len(line) > MAX_HELP_LINE for line in lines):
        raise RuleError(_l("Up to 10 numbers, one a line, short."), field)
    return "\n".join(lines)


# --- the settings each household's organisation decides ---------------------------------


def emergency_number(organisation: Organisation | None) -> str:
    if organisation is not None and organisation.emergency_number:
        return organisation.emergency_number
    return current_app.config["EMERGENCY_NUMBER"]


def local_help_numbers(organisation: Organisation | None) -> list[HelpNumber]:
    return parse_help_numbers(organisation.help_numbers if organisation else "")


def escalate_after(organisation: Organisation | None) -> timedelta:
    if organisation is not None and organisation.escalate_after_minutes:
        return timedelta(minutes=organisation.escalate_after_minutes)
    return current_app.config.get("ESCALATE_AFTER", timedelta(minutes=30))


def mail_sender(organisation: Organisation | None) -> str:
    if organisation is not None and organisation.mail_from:
        return organisation.mail_from
    return current_app.config["MAIL_FROM"]


def retention_months(organisation: Organisation | None, config) -> dict[str, object]:
    """The organisation's periods, each one it left empty taken from `config`."""
    months: dict[str, object] = {}
    for name, key in RETENTION_FIELDS.items():
        own = getattr(organisation, f"retention_{name}_months", None) if organisation else None
        months[name] = own if own else config.get(key)
    return months


# --- creating and changing ----------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSettings:
    """What an organisation admin fills in; empty strings and None mean the default."""

    emergency_number: str = ""
    help_numbers: str = ""
    escalate_after_minutes: int | None = None
    mail_from: str = ""
    retention_checkin_notes_months: int | None = None
    retention_checkin_scores_months: int | None = None
    retention_concerns_months: int | None = None
    retention_visit_notes_months: int | None = None


SETTINGS_FIELDS = tuple(OrganisationSettings.__dataclass_fields__)


def _check_name(name: str) -> str:
    name = clean_text(name or "").strip()
    if not name:
        raise RuleError(_l("Enter a name."), "name")
    if len(name) > 120:
        raise RuleError(_l("Use at most %(num)d characters.", num=120), "name")
    return name


def _check_kind(kind: str | OrganisationKind) -> OrganisationKind:
    try:
        return OrganisationKind(kind)
    except ValueError:
        raise RuleError(_l("Choose a kind from the list."), "kind") from None


def _saved(organisation: Organisation) -> None:
    """Flush inside a savepoint: two organisations of the same name, the unique key decides."""
    try:
        with db.session.begin_nested():
            db.session.add(organisation)
    except IntegrityError:
        raise RuleError(_l("An organisation with this name already exists."), "name") from None


def create_organisation(*, name: str, kind: str | OrganisationKind) -> Organisation:
    name = _check_name(name)
    if db.session.scalar(select(Organisation.id).where(Organisation.name == name)):
        raise RuleError(_l("An organisation with this name already exists."), "name")
    organisation = Organisation(name=name, kind=_check_kind(kind))
    _saved(organisation)
    record("organisation.created", detail=f"{organisation.id}")
    return organisation


def rename_organisation(
    organisation: Organisation, *, name: str, kind: str | OrganisationKind
) -> Organisation:
    name = _check_name(name)
    clash = select(Organisation.id).where(Organisation.name == name)
    if db.session.scalar(clash.where(Organisation.id != organisation.id)):
        raise RuleError(_l("An organisation with this name already exists."), "name")
    organisation.name = name
    organisation.kind = _check_kind(kind)
    _saved(organisation)
    record("organisation.changed", detail=f"{organisation.id}")
    return organisation


def _check_settings(settings: OrganisationSettings) -> OrganisationSettings:
    number = clean_text(settings.emergency_number or "").strip()
    if len(number) > 20 or (number and not number.replace(" ", "").isdigit()):
        raise RuleError(
            _l("Write the number with digits only, as it is dialled."), "emergency_number"
        )
    minutes = settings.escalate_after_minutes
    if minutes is not None and not 1 <= minutes <= MAX_ESCALATION_MINUTES:
        raise RuleError(
            _l("Choose between 1 and %(num)d minutes.", num=MAX_ESCALATION_MINUTES),
            "escalate_after_minutes",
        )
    sender = (settings.mail_from or "").strip()
    if sender:
        try:
            validate_email(sender, check_deliverability=False)
        except EmailNotValidError:
            raise RuleError(_l("Enter a valid email address."), "mail_from") from None
    for name in RETENTION_FIELDS:
        field = f"retention_{name}_months"
        months = getattr(settings, field)
        if months is not None and not 1 <= months <= MAX_RETENTION_MONTHS:
            raise RuleError(
                _l("Choose between 1 and %(num)d months.", num=MAX_RETENTION_MONTHS), field
            )
    return OrganisationSettings(
        **{
            **settings.__dict__,
            "emergency_number": number,
            "help_numbers": clean_help_numbers(settings.help_numbers),
            "mail_from": sender.lower(),
        }
    )


def update_settings(organisation: Organisation, settings: OrganisationSettings) -> Organisation:
    """The organisation admin's settings page: every value checked, then all saved."""
    for field, value in _check_settings(settings).__dict__.items():
        setattr(organisation, field, value)
    record("organisation.settings_changed", detail=f"{organisation.id}")
    return organisation


# --- what the installation admin sees -------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCounts:
    organisation: Organisation
    households: int
    staff: int


def _per_organisation(table_name: str, where) -> dict[int, int]:
    """How many rows of `table_name` (matching `where(table)`) each organisation has."""
    table = db.metadata.tables[table_name]
    query = select(table.c.organisation_id, func.count()).where(where(table))
    return dict(db.session.execute(query.group_by(table.c.organisation_id)).all())


def organisations_with_counts() -> list[OrganisationCounts]:
    """Every organisation with how many households and staff accounts: counts, no names.
    (The tables by name: the areas that belong to an organisation import this one.)"""
    households = _per_organisation("household", lambda t: t.c.archived_at.is_(None))
    staff = _per_organisation("staff_account", lambda t: t.c.active.is_(True))
    return [
        OrganisationCounts(o, households.get(o.id, 0), staff.get(o.id, 0))
        for o in all_organisations()
    ]


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
