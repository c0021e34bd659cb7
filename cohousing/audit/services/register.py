"""The access register (registro degli accessi): writing a row, and reading them.

`record` adds a row to the current transaction (every area calls it; the request commits
it with the change, and a GET may write it: it is the one row a GET writes). Reading is
the admin's filtered list and CSV export, and "who looked at me" for the resident. Rows
are only ever read here; nothing in the app updates or deletes an AuditEvent.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, Table, and_, func, or_, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services.words import role_words
from cohousing.database import clock
from cohousing.extensions import db


def _actor() -> tuple[int | None, int | None, str]:
    if not has_request_context():
        return None, None, "system"
    resident = g.get("resident")
    if resident is not None:
        return None, resident.id, "resident"
    if g.get("api_token") is not None:
        return None, None, "api"
    if current_user and current_user.is_authenticated:
        return current_user.id, None, current_user.role.value
    return None, None, "anonymous"


def _api_token_id() -> int | None:
    token = g.get("api_token") if has_request_context() else None
    return token.id if token is not None else None


def record(
    action: str,
    *,
    household_id: int | None = None,
    subject_person_id: int | None = None,
    subject_staff_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Add an audit row to the current transaction; the request commits it with the change."""
    staff_id, person_id, role = _actor()
    event = AuditEvent(
        action=action,
        staff_id=staff_id,
        actor_person_id=person_id,
        actor_role=role,
        household_id=household_id,
        subject_person_id=subject_person_id,
        subject_staff_id=subject_staff_id,
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
        detail=detail[:200],
        api_token_id=_api_token_id(),
    )
    db.session.add(event)
    return event


def record_views(action: str, subjects: list[tuple[int | None, int | None]], detail: str) -> None:
    """One row per (household_id, subject_person_id) a page showed, in one statement
    (`cohousing.security.register` calls it after the answer). Written on the session's
    connection: a page's register rows are the one write a GET makes."""
    if not subjects:
        return
    staff_id, person_id, role = _actor()
    now = clock.now()
    address = (request.remote_addr or "")[:45] if has_request_context() else ""
    db.session.connection().execute(
        AuditEvent.__table__.insert(),
        [
            {
                "at": now,
                "action": action,
                "staff_id": staff_id,
                "actor_person_id": person_id,
                "actor_role": role,
                "household_id": household_id,
                "subject_person_id": subject_id,
                "subject_staff_id": None,
                "ip_address": address,
                "detail": detail[:200],
                "api_token_id": _api_token_id(),
            }
            for household_id, subject_id in subjects
        ],
    )


# --- reading the register ---------------------------------------------------------

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


@dataclass
class AuditFilter:
    staff_id: int | None = None
    household_id: int | None = None
    person_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None
    timezone: str = "Europe/Rome"
    organisation_id: int | None = None  # an organisation admin's register: only its own

    def as_args(self) -> dict[str, str]:
        """The filter as query-string values, for the page and export links: only what was
        understood, never whatever else the address carried."""
        values = {
            "staff": self.staff_id,
            "household": self.household_id,
            "person": self.person_id,
            "action": self.action,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {name: str(value) for name, value in values.items() if value}

    def apply(self, query: Select) -> Select:
        if self.organisation_id is not None:
            query = query.where(_of_organisation(self.organisation_id))
        if self.staff_id:
            query = query.where(AuditEvent.staff_id == self.staff_id)
        if self.household_id:
            query = query.where(AuditEvent.household_id == self.household_id)
        if self.person_id:
            query = query.where(AuditEvent.subject_person_id == self.person_id)
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        zone = ZoneInfo(self.timezone)
        if self.since:
            query = query.where(AuditEvent.at >= datetime.combine(self.since, time(), zone))
        if self.until:
            end = datetime.combine(self.until + timedelta(days=1), time(), zone)
            query = query.where(AuditEvent.at < end)
        return query


def _table(name: str) -> Table:
    """One of the tables the register refers to (the model registry has loaded them all)."""
    return db.metadata.tables[name]


def _of_organisation(organisation_id: int):
    """Rows about the organisation's households, or, about no household, rows by or about
    its own staff or by its API tokens. Another organisation's worker looking at its
    household is its row too."""
    household, staff = _table("household"), _table("staff_account")
    tokens = _table("api_token")
    own_households = select(household.c.id).where(household.c.organisation_id == organisation_id)
    own_staff = select(staff.c.id).where(staff.c.organisation_id == organisation_id)
    own_tokens = select(tokens.c.id).where(tokens.c.organisation_id == organisation_id)
    return or_(
        AuditEvent.household_id.in_(own_households),
        and_(
            AuditEvent.household_id.is_(None),
            or_(
                AuditEvent.staff_id.in_(own_staff),
                AuditEvent.subject_staff_id.in_(own_staff),
                AuditEvent.api_token_id.in_(own_tokens),
            ),
        ),
    )


def _rows(audit_filter: AuditFilter) -> Select:
    actor = _table("staff_account").alias("actor")
    household = _table("household")
    subject = _table("person").alias("subject")
    query = (
        select(AuditEvent, actor.c.display_name, household.c.name, subject.c.display_name)
        .outerjoin(actor, actor.c.id == AuditEvent.staff_id)
        .outerjoin(household, household.c.id == AuditEvent.household_id)
        .outerjoin(subject, subject.c.id == AuditEvent.subject_person_id)
    )
    return audit_filter.apply(query).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def page_of(audit_filter: AuditFilter, page: int) -> tuple[list, int]:
    """One page of rows (newest first) and the number of pages."""
    total = db.session.scalar(audit_filter.apply(select(func.count(AuditEvent.id)))) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        _rows(audit_filter).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return rows, pages


def actions(organisation_id: int | None = None) -> list[str]:
    query = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    if organisation_id is not None:
        query = query.where(_of_organisation(organisation_id))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class FilterChoices:
    """What the admin's filter offers: (id, name) pairs, and the actions recorded."""

    staff: list[tuple[int, str]]
    households: list[tuple[int, str]]
    people: list[tuple[int, str]]  # the chosen household's residents, ever
    actions: list[str]


def filter_choices(household_id: int | None, organisation_id: int | None = None) -> FilterChoices:
    """The choices of one organisation's register (all, without `organisation_id`): its
    staff and the workers linked to its households, its households and their residents."""
    staff_account, household, person = (_table(n) for n in ("staff_account", "household", "person"))
    staff_query = select(staff_account.c.id, staff_account.c.display_name)
    household_query = select(household.c.id, household.c.name)
    if organisation_id is not None:
        link = _table("worker_link")
        household_query = household_query.where(household.c.organisation_id == organisation_id)
        linked = select(link.c.worker_id).where(
            link.c.household_id.in_(household_query.with_only_columns(household.c.id))
        )
        staff_query = staff_query.where(
            or_(staff_account.c.organisation_id == organisation_id, staff_account.c.id.in_(linked))
        )
    staff = db.session.execute(staff_query.order_by(staff_account.c.display_name)).all()
    households = db.session.execute(household_query.order_by(household.c.name)).all()
    if household_id not in {row[0] for row in households}:
        household_id = None
    people = []
    if household_id is not None:
        membership = _table("membership")
        people = db.session.execute(
            select(person.c.id, person.c.display_name)
            .join(membership, membership.c.person_id == person.c.id)
            .where(membership.c.household_id == household_id)
            .distinct()
            .order_by(person.c.display_name)
        ).all()
    return FilterChoices(
        [tuple(row) for row in staff],
        [tuple(row) for row in households],
        [tuple(row) for row in people],
        actions(organisation_id),
    )


def csv_text(audit_filter: AuditFilter) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["at_utc", "action", "staff", "role", "household", "resident", "ip_address", "detail"]
    )
    for event, staff, household, subject in db.session.execute(
        _rows(audit_filter).limit(EXPORT_LIMIT)
    ):
        cells = [
            event.at.isoformat(timespec="seconds"),
            event.action,
            staff or "",
            event.actor_role,
            household or "",
            subject or "",
            event.ip_address,
            event.detail,
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ (or a tab or CR before one) as a
    formula: a single quote in front makes it text, as OWASP advises for CSV files."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- "who looked at my information", for the resident -------------------------------

WHAT_LOOKED = {
    "wellbeing.viewed": _l("looked at your check-ins"),
    "summary.viewed": _l("looked at your check-ins in the household summary"),
    "visit.viewed": _l("read the notes of a visit"),
    "visit.logged": _l("wrote the notes of a visit"),
    "goal.viewed": _l("looked at your goals"),
    "concern.viewed": _l("looked at a concern about you"),
    "dashboard.viewed": _l("saw the concerns and the mood of the house on their dashboard"),
    "person.exported": _l("exported your information"),
    "person.viewed_all": _l("looked at everything held about you"),
    "goal.added": _l("wrote down a new goal with you"),
    "wellbeing.exported": _l("exported your information"),
    "money.exported": _l("exported the household's money"),
}


@dataclass(frozen=True)
class Look:
    at: datetime
    name: str
    role: str
    what: str


def looks_at(person_id: int, days: int = 30, limit: int = 100) -> list[Look]:
    """What staff looked at about this resident in the last `days` days, newest first."""
    since = clock.now() - timedelta(days=days)
    staff = _table("staff_account")
    rows = db.session.execute(
        select(AuditEvent.at, AuditEvent.actor_role, AuditEvent.action, staff.c.display_name)
        .join(staff, staff.c.id == AuditEvent.staff_id)
        .where(
            AuditEvent.subject_person_id == person_id,
            AuditEvent.at >= since,
            AuditEvent.action.in_(list(WHAT_LOOKED)),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return [
        Look(at, name, role_words(role), str(WHAT_LOOKED[action]))
        for at, role, action, name in rows
    ]


def maintain_register() -> None:
    """Tell PostgreSQL's trigger that this transaction may change or delete register rows
    (the retention job, an erasure): until the transaction ends, and for nothing else."""
    from cohousing.audit.models import MAINTENANCE_SETTING

    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            select(func.set_config(MAINTENANCE_SETTING, "on", True))  # True: this transaction
        )
