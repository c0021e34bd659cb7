"""Reading the register: the admin's filtered list and CSV, and "who looked at me".

Rows are only ever read here; nothing in the app updates or deletes an AuditEvent.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from cohousing.audit.models import AuditEvent
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount

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

    def apply(self, query: Select) -> Select:
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


Actor = aliased(StaffAccount)
Subject = aliased(Person)


def _rows(audit_filter: AuditFilter) -> Select:
    query = (
        select(AuditEvent, Actor.display_name, Household.name, Subject.display_name)
        .outerjoin(Actor, Actor.id == AuditEvent.staff_id)
        .outerjoin(Household, Household.id == AuditEvent.household_id)
        .outerjoin(Subject, Subject.id == AuditEvent.subject_person_id)
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


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
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
        writer.writerow(
            [
                event.at.isoformat(timespec="seconds"),
                event.action,
                staff or "",
                event.actor_role,
                household or "",
                subject or "",
                event.ip_address,
                _safe_cell(event.detail),
            ]
        )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# --- "who looked at my information", for the resident -------------------------------

WHAT_LOOKED = {
    "wellbeing.viewed": _l("looked at your check-ins"),
    "summary.viewed": _l("looked at your check-ins in the household summary"),
    "visit.viewed": _l("read the notes of a visit"),
    "visit.logged": _l("wrote the notes of a visit"),
    "goal.viewed": _l("looked at your goals"),
    "goal.added": _l("wrote down a new goal with you"),
    "wellbeing.exported": _l("exported your information"),
    "money.exported": _l("exported the household's money"),
}

ROLE_WORDS = {
    "admin": _l("administrator"),
    "coordinator": _l("coordinator"),
    "worker": _l("worker"),
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
    rows = db.session.execute(
        select(AuditEvent.at, AuditEvent.actor_role, AuditEvent.action, StaffAccount.display_name)
        .join(StaffAccount, StaffAccount.id == AuditEvent.staff_id)
        .where(
            AuditEvent.subject_person_id == person_id,
            AuditEvent.at >= since,
            AuditEvent.action.in_(list(WHAT_LOOKED)),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return [
        Look(at, name, str(ROLE_WORDS.get(role, role)), str(WHAT_LOOKED[action]))
        for at, role, action, name in rows
    ]
