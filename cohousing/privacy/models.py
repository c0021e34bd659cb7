"""What retention keeps of old check-ins: one row per resident and week, no words."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.extensions import db


class CheckInWeek(db.Model):
    """The scores of one resident's check-ins of one week (Monday to Sunday), once the
    check-ins themselves are past their period: how many, and the sum, lowest and highest
    mood. Tags and notes are not kept."""

    __tablename__ = "checkin_week"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    week_start: Mapped[date]
    checkins: Mapped[int]
    mood_sum: Mapped[int]
    mood_min: Mapped[int]
    mood_max: Mapped[int]

    __table_args__ = (
        UniqueConstraint("person_id", "household_id", "week_start", name="uq_checkin_week"),
        CheckConstraint("checkins > 0", name="checkins"),
        Index("ix_checkin_week_household", "household_id", "week_start"),
    )

    @property
    def mood_average(self) -> float:
        return self.mood_sum / self.checkins
