"""The household's shared tablet and the one-time codes that enrol it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.extensions import db
from cohousing.households.models import Household


class Tablet(db.Model):
    __tablename__ = "tablet"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    secret_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the device secret
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    enrolled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    household: Mapped[Household] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EnrolmentCode(db.Model):
    """A one-time code shown to the coordinator; the tablet that types it is enrolled."""

    __tablename__ = "enrolment_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    tablet_name: Mapped[str] = mapped_column(String(80))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    tablet_id: Mapped[int | None] = mapped_column(ForeignKey("tablet.id"), nullable=True)

    household: Mapped[Household] = relationship()

    __table_args__ = (Index("ix_enrolment_code_household", "household_id"),)
