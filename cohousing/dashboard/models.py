"""The dashboard's one table: what the worker's pages show per household, kept up to date.

`household_summary` holds only counts, dates and amounts (no person is named): it is a
read model, recomputed from the other areas' tables (`services.kept`) on every write that
changes them and by `flask cohousing rebuild-summaries`. Losing it loses nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.database.types import UTCDateTime
from cohousing.extensions import db


class HouseholdSummary(db.Model):
    """One row per household. Facts over a window of days (check-ins in 7 days, mood in
    14, chores in 28, silent residents) are as of `as_of`; the rest hold whatever the day."""

    __tablename__ = "household_summary"

    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date]
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    residents: Mapped[int] = mapped_column(default=0)
    urgent_concerns: Mapped[int] = mapped_column(default=0)
    other_concerns: Mapped[int] = mapped_column(default=0)
    unacknowledged_concerns: Mapped[int] = mapped_column(default=0)
    checkins_week: Mapped[int] = mapped_column(default=0)
    missed: Mapped[int] = mapped_column(default=0)
    mood_days: Mapped[str] = mapped_column(Text, default="[]")  # JSON: 14 averages or null
    chores_due: Mapped[int] = mapped_column(default=0)
    chores_done: Mapped[int] = mapped_column(default=0)
    overdue_cents: Mapped[int] = mapped_column(default=0)
    overdue_people: Mapped[int] = mapped_column(default=0)
    largest_debt_cents: Mapped[int] = mapped_column(default=0)
    last_visit: Mapped[date | None]
    visit_due: Mapped[date | None]
    goals_past_review: Mapped[int] = mapped_column(default=0)
