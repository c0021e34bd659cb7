"""An organisation and its settings. An empty setting means "the installation's default"
(config.py), so a new organisation works before anyone has filled its settings in."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db


class OrganisationKind(enum.StrEnum):
    MUNICIPALITY = "municipality"
    FOUNDATION = "foundation"
    HEALTH_AUTHORITY = "health_authority"
    HOUSING_COMPANY = "housing_company"


class Organisation(db.Model):
    """Runs households and employs staff. Its coordinators see only its households."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    emergency_number: Mapped[str] = mapped_column(String(20), default="")
    help_numbers: Mapped[str] = mapped_column(Text, default="")  # "name: number" per line
    escalate_after_minutes: Mapped[int | None] = mapped_column(nullable=True)
    retention_checkin_notes_months: Mapped[int | None] = mapped_column(nullable=True)
    retention_checkin_scores_months: Mapped[int | None] = mapped_column(nullable=True)
    retention_concerns_months: Mapped[int | None] = mapped_column(nullable=True)
    retention_visit_notes_months: Mapped[int | None] = mapped_column(nullable=True)
    mail_from: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        CheckConstraint(
            "escalate_after_minutes IS NULL OR escalate_after_minutes >= 1", name="escalation"
        ),
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
