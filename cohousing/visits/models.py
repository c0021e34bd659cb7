"""Visits by the team (visita domiciliare), their observations, and personal goals.

Observations are health and social data: they are shown only to linked workers, managers
and the resident they are about, and every staff view writes an audit row.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount


class VisitKind(enum.StrEnum):
    HOME = "home"
    PHONE = "phone"
    ACCOMPANIMENT = "accompaniment"
    NO_ANSWER = "no_answer"  # nobody was home: nothing observed, and the visit is still due


class GoalStatus(enum.StrEnum):
    ACTIVE = "active"
    REACHED = "reached"
    STOPPED = "stopped"


# What a visit about the whole house looks at: only what belongs to everyone living there.
HOUSE_AREAS = ("home_tenancy", "common_spaces", "house_relations")
# What only a visit about one resident looks at (and only that resident reads).
PERSON_AREAS = (
    "emotional_wellbeing",
    "physical_health",
    "substance_use",
    "social_contacts",
    "daily_activities",
    "money",
    "safety",
)
AREAS = HOUSE_AREAS + PERSON_AREAS


def areas_for(person_id: int | None) -> tuple[str, ...]:
    """The areas a visit has: the house's on a house visit, all of them on a resident's."""
    return HOUSE_AREAS if person_id is None else AREAS


class Visit(db.Model):
    """One visit, call or accompaniment, about one resident (`person_id`) or about the
    whole house (None). Only a resident's visit has the per-person areas; only that
    resident (and the staff of the house) reads it."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int | None] = mapped_column(nullable=True)
    staff_present: Mapped[str] = mapped_column(String(300), default="")
    agreed_actions: Mapped[str] = mapped_column(Text, default="")
    next_visit_on: Mapped[date | None] = mapped_column(nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    household: Mapped[Household] = relationship()
    person: Mapped[Person | None] = relationship()
    recorded_by: Mapped[StaffAccount | None] = relationship()
    observations: Mapped[list[VisitObservation]] = relationship(
        back_populates="visit", order_by="VisitObservation.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440", name="duration"
        ),
        Index("ix_visit_household_at", "household_id", "visited_at"),
        Index("ix_visit_person_at", "person_id", "visited_at"),
    )


class VisitObservation(db.Model):
    """One observation area of a visit, rated 1 (worrying) to 5 (going well), with a note."""

    __tablename__ = "visit_observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    area: Mapped[str] = mapped_column(String(30))
    rating: Mapped[int | None] = mapped_column(nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[Visit] = relationship(back_populates="observations")

    __table_args__ = (
        UniqueConstraint("visit_id", "area", name="uq_visit_observation_area"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
    )


class VisitSchedule(db.Model):
    """How often the household expects a visit; None: no expected rhythm."""

    __tablename__ = "visit_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    every_days: Mapped[int | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        CheckConstraint("every_days IS NULL OR every_days BETWEEN 1 AND 90", name="every_days"),
    )


class Goal(db.Model):
    """A resident's personal goal (obiettivo personale), looked at again on `review_on`."""

    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    title: Mapped[str] = mapped_column(String(200))
    steps: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date]
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.ACTIVE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    person: Mapped[Person] = relationship()

    __table_args__ = (
        Index("ix_goal_household_status_review", "household_id", "status", "review_on"),
        Index("ix_goal_person", "person_id"),
    )
