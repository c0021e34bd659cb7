"""Import every model, so Alembic and create_all see all tables."""

from cohousing.audit.models import AuditEvent
from cohousing.households.models import Dwelling, Household, Membership, WorkerLink
from cohousing.idempotency import SubmissionToken
from cohousing.people.models import Person, StaffAccount
from cohousing.tablet.models import EnrolmentCode, Tablet

__all__ = [
    "AuditEvent",
    "Dwelling",
    "EnrolmentCode",
    "Household",
    "Membership",
    "Person",
    "StaffAccount",
    "SubmissionToken",
    "Tablet",
    "WorkerLink",
]
