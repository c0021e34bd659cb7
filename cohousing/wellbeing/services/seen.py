"""Who looked at a resident's wellbeing: written on every staff view, shown to the resident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.staff.models import StaffAccount

VIEWED = "wellbeing.viewed"


def note_viewed(household_id: int, person_id: int) -> None:
    """A staff member saw this resident's wellbeing details (never the values)."""
    record(VIEWED, household_id=household_id, subject_person_id=person_id)


@dataclass(frozen=True)
class Look:
    at: datetime
    name: str


def views_of(person_id: int, limit: int = 10) -> list[Look]:
    rows = db.session.execute(
        select(AuditEvent.at, StaffAccount.display_name)
        .join(StaffAccount, StaffAccount.id == AuditEvent.staff_id)
        .where(AuditEvent.action == VIEWED, AuditEvent.subject_person_id == person_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return [Look(at, name) for at, name in rows]
