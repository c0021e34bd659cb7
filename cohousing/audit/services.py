"""Write audit records. Callers pass ids and an action name, never health values."""

from flask import g, has_request_context, request
from flask_login import current_user

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db


def _actor() -> tuple[int | None, int | None, str]:
    if not has_request_context():
        return None, None, "system"
    resident = g.get("resident")
    if resident is not None:
        return None, resident.id, "resident"
    if current_user and current_user.is_authenticated:
        return current_user.id, None, current_user.role.value
    return None, None, "anonymous"


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
    )
    db.session.add(event)
    return event
