"""The access register (registro degli accessi): who did or saw what, never the values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.extensions import db


class AuditEvent(db.Model):
    """Append-only. Nothing in the app edits or deletes these rows, except the retention
    job (rows past the register's period) and an erasure (the person's ids taken out)."""

    __tablename__ = "audit_event"
    __written_on_read__ = True  # the one row a GET may write (cohousing.web.transaction)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    action: Mapped[str] = mapped_column(String(60))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), nullable=True)
    subject_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    subject_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")  # never health values
    # An organisation's system calling the API (cohousing.api): its token, whose newest row
    # says when it was last used.
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"), nullable=True)

    __table_args__ = (
        Index("ix_audit_event_subject_at", "subject_person_id", "at"),
        Index("ix_audit_event_household_at", "household_id", "at"),
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_api_token_at", "api_token_id", "at"),
    )


class AuditIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit row through the ORM."""


# On PostgreSQL the database itself refuses to change or delete a row, whatever code or
# console asks, unless the transaction has said it is the retention job or an erasure
# (`SET LOCAL cohousing.register_maintenance = 'on'`, cohousing.audit.services.maintain).
# The same function is created by migration 0005 and, for databases made by create_all
# (the tests), right after the table.
MAINTENANCE_SETTING = "cohousing.register_maintenance"
REFUSE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_event_refuse_changes() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('{MAINTENANCE_SETTING}', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'the access register (audit_event) cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
REFUSE_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_changes()
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event"
DROP_FUNCTION = "DROP FUNCTION IF EXISTS audit_event_refuse_changes()"
for statement in (REFUSE_FUNCTION, REFUSE_TRIGGER):
    event.listen(
        AuditEvent.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql")
    )


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditIsAppendOnly(f"audit event {target.id} cannot be changed or deleted")
