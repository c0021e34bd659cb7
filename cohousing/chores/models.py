"""Chores (faccende), who takes part, absences, the planned rota and what was really done.

Also the shape of a chore's rule (`RecurrenceKind`, `Recurrence`): the columns store it;
which dates it falls on is worked out in `services.recurrence`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person

WEEKDAY_COUNT = 7  # Monday = 0 … Sunday = 6, as date.weekday()


class RecurrenceKind(enum.StrEnum):
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    EVERY_N_DAYS = "every_n_days"
    MONTHLY = "monthly"
    WHEN_NEEDED = "when_needed"


def weekdays_from_mask(mask: int) -> tuple[int, ...]:
    return tuple(day for day in range(WEEKDAY_COUNT) if mask & (1 << day))


@dataclass(frozen=True)
class Recurrence:
    """A chore's rule, as stored: every day, chosen weekdays, every N days from an anchor,
    monthly on a day (clamped in short months), or when needed (no fixed dates)."""

    kind: RecurrenceKind
    weekdays_mask: int = 0  # bit i set: weekday i (Monday = bit 0)
    every_days: int | None = None
    anchor_on: date | None = None  # every N days counts from here
    month_day: int | None = None  # 1..31; clamped in short months

    @property
    def weekdays(self) -> tuple[int, ...]:
        return weekdays_from_mask(self.weekdays_mask)


class ChoreArea(enum.StrEnum):
    OWN_ROOM = "own_room"
    KITCHEN = "kitchen"
    COMMON = "common"  # common spaces
    BUILDING = "building"  # stairs and garden


class AbsenceKind(enum.StrEnum):
    HOLIDAY = "holiday"
    HOSPITAL = "hospital"
    CUSTODY = "custody"  # custody weeks
    OTHER = "other"


class AssignmentStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"


class SwapStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # the chore moved or was done before an answer


class Chore(db.Model):
    __tablename__ = "chore"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    icon: Mapped[str] = mapped_column(String(30), default="")
    effort_points: Mapped[int] = mapped_column(default=1)
    minutes: Mapped[int | None] = mapped_column(nullable=True)
    area: Mapped[ChoreArea] = mapped_column(enum_column(ChoreArea), default=ChoreArea.COMMON)
    recurrence_kind: Mapped[RecurrenceKind] = mapped_column(enum_column(RecurrenceKind))
    weekdays_mask: Mapped[int] = mapped_column(default=0)
    every_days: Mapped[int | None] = mapped_column(nullable=True)
    anchor_on: Mapped[date | None] = mapped_column(nullable=True)
    month_day: Mapped[int | None] = mapped_column(nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    household: Mapped[Household] = relationship()

    __table_args__ = (
        CheckConstraint("effort_points BETWEEN 1 AND 3", name="effort"),
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 1 AND 600", name="minutes"),
        CheckConstraint("every_days IS NULL OR every_days >= 1", name="every_days"),
        CheckConstraint("month_day IS NULL OR month_day BETWEEN 1 AND 31", name="month_day"),
        CheckConstraint("weekdays_mask BETWEEN 0 AND 127", name="weekdays"),
    )

    @property
    def rule(self) -> Recurrence:
        return Recurrence(
            kind=self.recurrence_kind,
            weekdays_mask=self.weekdays_mask,
            every_days=self.every_days,
            anchor_on=self.anchor_on,
            month_day=self.month_day,
        )

    def __repr__(self) -> str:
        return f"<Chore {self.id} {self.name!r}>"


class ChoreExclusion(db.Model):
    """This person does not take part in this chore (ability, health). Reason stays private."""

    __tablename__ = "chore_exclusion"

    id: Mapped[int] = mapped_column(primary_key=True)
    chore_id: Mapped[int] = mapped_column(ForeignKey("chore.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (UniqueConstraint("chore_id", "person_id", name="uq_chore_exclusion"),)


class CapacityShare(db.Model):
    """How much of a fair share a person takes on, from a date on (100 = 1.0). History kept."""

    __tablename__ = "capacity_share"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    share_hundredths: Mapped[int] = mapped_column(default=100)
    valid_from: Mapped[date]
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        CheckConstraint("share_hundredths BETWEEN 0 AND 300", name="share"),
        UniqueConstraint("household_id", "person_id", "valid_from", name="uq_capacity_share"),
    )


class Absence(db.Model):
    """Away from `starts_on` to `ends_on`, both days included (holiday, hospital, custody)."""

    __tablename__ = "absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    kind: Mapped[AbsenceKind] = mapped_column(enum_column(AbsenceKind), default=AbsenceKind.OTHER)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates"),
        Index("ix_absence_household_dates", "household_id", "starts_on", "ends_on"),
    )


class ChoreAssignment(db.Model):
    """One occurrence of a chore on a day, and who it is planned for (None: nobody could)."""

    __tablename__ = "chore_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    chore_id: Mapped[int] = mapped_column(ForeignKey("chore.id"))
    due_on: Mapped[date]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_column(AssignmentStatus), default=AssignmentStatus.PLANNED
    )
    pinned: Mapped[bool] = mapped_column(default=False)  # agreed by a swap: replan keeps it
    reason: Mapped[str] = mapped_column(String(30), default="fairest")  # or nobody_eligible
    why_json: Mapped[str] = mapped_column(Text, default="")  # the numbers at planning time
    skip_reason: Mapped[str] = mapped_column(String(200), default="")
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    chore: Mapped[Chore] = relationship()
    person: Mapped[Person | None] = relationship()
    completion: Mapped[ChoreCompletion | None] = relationship(
        back_populates="assignment", uselist=False
    )

    __table_args__ = (
        UniqueConstraint("chore_id", "due_on", name="uq_chore_assignment_occurrence"),
        Index("ix_chore_assignment_household_due", "household_id", "due_on"),
        Index("ix_chore_assignment_person_status_due", "person_id", "status", "due_on"),
    )


class ChoreCompletion(db.Model):
    """Who really did it, and when. One per assignment: a second tap records nothing new."""

    __tablename__ = "chore_completion"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("chore_assignment.id"), unique=True)
    done_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    assignment: Mapped[ChoreAssignment] = relationship(back_populates="completion")
    done_by: Mapped[Person] = relationship(foreign_keys=[done_by_id])
    credits: Mapped[list[ChoreCredit]] = relationship(
        back_populates="completion", cascade="all, delete-orphan", order_by="ChoreCredit.id"
    )


class ChoreCredit(db.Model):
    """Effort credited to a person for a completion; a helped chore is shared between them."""

    __tablename__ = "chore_credit"

    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(ForeignKey("chore_completion.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    points_hundredths: Mapped[int]

    completion: Mapped[ChoreCompletion] = relationship(back_populates="credits")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("completion_id", "person_id", name="uq_chore_credit"),
        CheckConstraint("points_hundredths >= 0", name="points"),
    )


class ChoreSwap(db.Model):
    """A request to hand an assignment to another resident, answered at their next sign-in."""

    __tablename__ = "chore_swap"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("chore_assignment.id"), index=True)
    from_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    to_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    status: Mapped[SwapStatus] = mapped_column(enum_column(SwapStatus), default=SwapStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    assignment: Mapped[ChoreAssignment] = relationship()
    from_person: Mapped[Person] = relationship(foreign_keys=[from_person_id])
    to_person: Mapped[Person] = relationship(foreign_keys=[to_person_id])

    __table_args__ = (Index("ix_chore_swap_to_status", "to_person_id", "status"),)


class CalendarFeed(db.Model):
    """A secret iCalendar URL: the household's rota (person None) or one resident's turns.

    Only a hash of the token is kept, so the database alone cannot open a feed; revoking
    sets `revoked_at` and the URL answers 404 from then on.
    """

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    household: Mapped[Household] = relationship()
    person: Mapped[Person | None] = relationship()


class ChoreBalance(db.Model):
    """A resident's fair-share balance in a household, kept up to date on every write that
    changes it (`services.balances`), so the planner and the bars read it in one query.

    Hundredths of a point, faded to `as_of` (see `services.fairshare` for the rule):
    `done` is the effort they did, `share` their day-by-day fair share of what the house
    did; done - share is above (+) or below (-) their share. Every row of a household has
    the same `as_of`. No rows for a household means "not counted yet": the next write
    counts them from the whole history (and `flask cohousing rebuild-chore-balances` does).
    """

    __tablename__ = "chore_balance"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    done: Mapped[float] = mapped_column(Float(precision=53), default=0.0)
    share: Mapped[float] = mapped_column(Float(precision=53), default=0.0)
    as_of: Mapped[date]

    __table_args__ = (UniqueConstraint("household_id", "person_id", name="uq_chore_balance"),)


class PlanChange(db.Model):
    """A planned turn that moved, for the resident it concerns ("your Tuesday kitchen turn
    moved to Thursday"): `from_on` the day they lost, `to_on` the day they got (one of the
    two may be None). Shown on their today screen until they say "Got it" or it is past."""

    __tablename__ = "chore_plan_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    chore_id: Mapped[int] = mapped_column(ForeignKey("chore.id"))
    from_on: Mapped[date | None] = mapped_column(nullable=True)
    to_on: Mapped[date | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    chore: Mapped[Chore] = relationship()

    __table_args__ = (
        CheckConstraint("from_on IS NOT NULL OR to_on IS NOT NULL", name="a_day"),
        Index("ix_chore_plan_change_person_seen", "person_id", "seen_at"),
    )
