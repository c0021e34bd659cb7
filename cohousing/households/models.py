"""Households (co-housing groups), their dwelling, who lives there and who follows them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount

if TYPE_CHECKING:
    from cohousing.organisations.models import Organisation


class HouseholdKind(enum.StrEnum):
    FAMILY = "family"
    ELDERLY = "elderly"
    SUPPORTED_LIVING = "supported_living"
    HOUSING_FIRST = "housing_first"


class LinkFunction(enum.StrEnum):
    SOCIAL_WORKER = "social_worker"
    HEALTH_WORKER = "health_worker"
    MEDIATOR = "mediator"
    HOUSING_FIRST_TEAM = "housing_first_team"


class Household(db.Model):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[HouseholdKind] = mapped_column(enum_column(HouseholdKind))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Rome")
    locale: Mapped[str] = mapped_column(String(5), default="it")
    tablet_idle_seconds: Mapped[int] = mapped_column(default=60)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    organisation: Mapped[Organisation] = relationship()
    dwelling: Mapped[Dwelling | None] = relationship(
        back_populates="household", uselist=False, cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="household", order_by="Membership.started_on"
    )
    worker_links: Mapped[list[WorkerLink]] = relationship(back_populates="household")

    __table_args__ = (CheckConstraint("tablet_idle_seconds >= 20", name="idle_at_least_20s"),)

    def today(self) -> date:
        return clock.today_in(self.timezone)

    def __repr__(self) -> str:
        return f"<Household {self.id} {self.name!r}>"


class Dwelling(db.Model):
    """The flat or house, with its lease (alloggio: contratto, canone, proprietario)."""

    __tablename__ = "dwelling"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    landlord_name: Mapped[str] = mapped_column(String(120), default="")
    landlord_contact: Mapped[str] = mapped_column(String(200), default="")
    monthly_rent_cents: Mapped[int | None] = mapped_column(nullable=True)
    lease_start: Mapped[date | None] = mapped_column(nullable=True)
    lease_end: Mapped[date | None] = mapped_column(nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    household: Mapped[Household] = relationship(back_populates="dwelling")

    __table_args__ = (
        CheckConstraint("monthly_rent_cents IS NULL OR monthly_rent_cents >= 0", name="rent"),
        CheckConstraint(
            "lease_end IS NULL OR lease_start IS NULL OR lease_end > lease_start", name="lease"
        ),
    )


class Membership(db.Model):
    """A resident's stay in a household (permanenza): from the day in, up to the day out."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    started_on: Mapped[date]
    ended_on: Mapped[date | None] = mapped_column(nullable=True)  # first day no longer there

    person: Mapped[Person] = relationship(back_populates="memberships")
    household: Mapped[Household] = relationship(back_populates="memberships")

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
        Index("ix_membership_household_dates", "household_id", "started_on", "ended_on"),
        Index("ix_membership_person", "person_id"),
    )

    def is_current(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or on < self.ended_on)


class WorkerLink(db.Model):
    """A worker following a household (operatore di riferimento), with dates and function."""

    __tablename__ = "worker_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    function: Mapped[LinkFunction] = mapped_column(
        enum_column(LinkFunction), default=LinkFunction.SOCIAL_WORKER
    )
    started_on: Mapped[date]
    ended_on: Mapped[date | None] = mapped_column(nullable=True)

    worker: Mapped[StaffAccount] = relationship(back_populates="worker_links")
    household: Mapped[Household] = relationship(back_populates="worker_links")

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
        Index("ix_worker_link_worker_dates", "worker_id", "started_on", "ended_on"),
        Index("ix_worker_link_household", "household_id"),
    )

    def is_current(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or on < self.ended_on)
