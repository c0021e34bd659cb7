"""Wellbeing records: check-ins, sharing choices, household settings, concerns, alerts.

Health data: check-ins hold mood, tags and note; everything else holds ids and states,
so concerns and alerts can be shown or mailed without revealing how anyone feels.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount


class ShareLevel(enum.StrEnum):
    NOTHING = "nothing"  # only that a check-in was made (for the missed check-in rule)
    MOOD = "mood"
    MOOD_TAGS = "mood_tags"
    MOOD_TAGS_NOTE = "mood_tags_note"


SHARE_ORDER = (
    ShareLevel.NOTHING,
    ShareLevel.MOOD,
    ShareLevel.MOOD_TAGS,
    ShareLevel.MOOD_TAGS_NOTE,
)


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"  # the resident has not answered yet
    ACCEPTED = "accepted"
    REFUSED = "refused"
    REPLACED = "replaced"  # a newer proposal, or the resident chose something themselves


class ConcernKind(enum.StrEnum):
    HELP_REQUEST = "help_request"
    WORRIED_ABOUT = "worried_about"
    MISSED_CHECKINS = "missed_checkins"
    LOW_MOOD = "low_mood"
    ARREARS = "arrears"
    OVERDUE_VISIT = "overdue_visit"
    MEDIATION = "mediation"
    OTHER = "other"


class Urgency(enum.StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


class ConcernSource(enum.StrEnum):
    RULE = "rule"
    PERSON = "person"
    STAFF = "staff"


class ConcernStatus(enum.StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class AlertReason(enum.StrEnum):
    URGENT = "urgent"  # sent at once to the linked workers
    ESCALATED = "escalated"  # not acknowledged in time: the coordinators
    DIGEST = "digest"  # in the worker's daily digest
    CLOSED = "closed"  # resolved: everyone who was told before


class CheckIn(db.Model):
    """How a resident felt on one local day; a later check-in that day replaces it."""

    __tablename__ = "checkin"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    local_date: Mapped[date]
    mood: Mapped[int]
    tags: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes
    note: Mapped[str] = mapped_column(Text, default="")
    # Tapped on the tablet's faces without a PIN (offline): a housemate may have tapped,
    # so it never ends a run of missed check-ins by itself.
    without_pin: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        UniqueConstraint("person_id", "local_date", name="uq_checkin_person_day"),
        CheckConstraint("mood BETWEEN 1 AND 5", name="mood"),
        CheckConstraint("length(note) <= 2000", name="note_length"),
        Index("ix_checkin_household_date", "household_id", "local_date"),
    )

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class WellbeingProfile(db.Model):
    """A resident's sharing choice; each change is a new row, so the history stays."""

    __tablename__ = "wellbeing_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    share: Mapped[ShareLevel] = mapped_column(enum_column(ShareLevel))
    changed_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    changed_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    changed_by_staff: Mapped[StaffAccount | None] = relationship()

    __table_args__ = (Index("ix_wellbeing_profile_person", "person_id", "changed_at"),)


class ShareProposal(db.Model):
    """A worker's proposal to change what a resident shares; only the resident, on the
    tablet after their PIN, accepts it (a new WellbeingProfile row) or refuses it."""

    __tablename__ = "share_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    share: Mapped[ShareLevel] = mapped_column(enum_column(ShareLevel))
    proposed_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, 15), default=ProposalStatus.PENDING
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    proposed_by_staff: Mapped[StaffAccount | None] = relationship()

    __table_args__ = (Index("ix_share_proposal_person_status", "person_id", "status"),)


class WellbeingSettings(db.Model):
    """A household's rules and local help numbers, started from its kind's template."""

    __tablename__ = "wellbeing_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    missed_days_alert: Mapped[int | None] = mapped_column(nullable=True)  # None: rule off
    low_mood_enabled: Mapped[bool] = mapped_column(default=True)
    default_share: Mapped[ShareLevel] = mapped_column(enum_column(ShareLevel))
    help_numbers: Mapped[str] = mapped_column(Text, default="")  # "name: number" per line
    # The gentle check-in reminder on the tablet's faces (None: off), and the quiet hours
    # (local times; may span midnight) when the tablet shows no reminder at all.
    reminder_at: Mapped[time | None] = mapped_column(nullable=True)
    quiet_from: Mapped[time | None] = mapped_column(nullable=True)
    quiet_until: Mapped[time | None] = mapped_column(nullable=True)
    # The ladder when nobody checked in: minutes after the reminder time at which a
    # housemate who agreed is asked, the linked workers told, the coordinators told
    # (None: that step is off). Never in the quiet hours: a step waits for their end.
    ladder_housemate_after: Mapped[int | None] = mapped_column(nullable=True)
    ladder_worker_after: Mapped[int | None] = mapped_column(nullable=True)
    ladder_coordinators_after: Mapped[int | None] = mapped_column(nullable=True)
    # When the linked workers get the day's "all fine" email about the residents who
    # agreed and checked in (local time; None: the household sends none).
    all_fine_at: Mapped[time | None] = mapped_column(nullable=True, default=time(18, 0))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    household: Mapped[Household] = relationship()

    __table_args__ = (
        CheckConstraint(
            "missed_days_alert IS NULL OR missed_days_alert BETWEEN 1 AND 30", name="missed_days"
        ),
    )


class Concern(db.Model):
    """Something a worker should look at (segnalazione). Other areas raise them too."""

    __tablename__ = "concern"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    kind: Mapped[ConcernKind] = mapped_column(enum_column(ConcernKind))
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency, 10))
    source: Mapped[ConcernSource] = mapped_column(enum_column(ConcernSource, 10))
    raised_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    raised_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")  # from the person who raised it
    # Asked for on the house tablet without a PIN: who pressed is not known for sure.
    without_pin: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[ConcernStatus] = mapped_column(
        enum_column(ConcernStatus, 15), default=ConcernStatus.OPEN
    )
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    household: Mapped[Household] = relationship()
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    raised_by_person: Mapped[Person | None] = relationship(foreign_keys=[raised_by_person_id])
    raised_by_staff: Mapped[StaffAccount | None] = relationship(foreign_keys=[raised_by_staff_id])
    acknowledged_by: Mapped[StaffAccount | None] = relationship(foreign_keys=[acknowledged_by_id])
    resolved_by: Mapped[StaffAccount | None] = relationship(foreign_keys=[resolved_by_id])
    events: Mapped[list[ConcernEvent]] = relationship(
        back_populates="concern", order_by="ConcernEvent.at, ConcernEvent.id"
    )

    __table_args__ = (
        Index("ix_concern_household_status", "household_id", "status"),
        Index("ix_concern_status_created", "status", "created_at"),
        Index("ix_concern_raised_by_person", "raised_by_person_id"),
    )

    @property
    def is_urgent(self) -> bool:
        return self.urgency is Urgency.URGENT


class ConcernEvent(db.Model):
    """Every change of a concern: who, when, from which state to which, and a note."""

    __tablename__ = "concern_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concern.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    action: Mapped[str] = mapped_column(String(30))  # raised | acknowledged | resolved | ...
    from_status: Mapped[str] = mapped_column(String(15), default="")
    to_status: Mapped[str] = mapped_column(String(15), default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    concern: Mapped[Concern] = relationship(back_populates="events")
    staff: Mapped[StaffAccount | None] = relationship()

    __table_args__ = (Index("ix_concern_event_concern", "concern_id"),)


class ConcernAlert(db.Model):
    """One staff member to be told about one concern, for one reason; sent_at once done.
    A job claims the row before it sends the email, and marks it sent right after."""

    __tablename__ = "concern_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concern.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"))
    reason: Mapped[AlertReason] = mapped_column(enum_column(AlertReason, 15))
    channel: Mapped[str] = mapped_column(String(10), default="email")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # Which process is sending it, since when (cohousing.database.claims): a live claim
    # keeps other runs off, an expired one is a process that died before marking it sent.
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    concern: Mapped[Concern] = relationship()
    staff: Mapped[StaffAccount] = relationship()

    __table_args__ = (
        UniqueConstraint("concern_id", "staff_id", "reason", name="uq_concern_alert_once"),
        Index("ix_concern_alert_pending", "sent_at", "reason"),
    )


class LadderStep(enum.StrEnum):
    HOUSEMATE = "housemate"  # the housemate who agreed sees "Could you look in on …?"
    WORKER = "worker"  # the linked workers get an email (a concern)
    COORDINATORS = "coordinators"  # the coordinators too, if nobody acknowledged it


class CheckinBuddy(db.Model):
    """The housemate a resident's ladder asks first, who agreed to be asked (recorded by
    a coordinator); one per resident."""

    __tablename__ = "checkin_buddy"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    buddy_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (Index("ix_checkin_buddy_buddy", "buddy_id"),)


class LadderRung(db.Model):
    """One step of the ladder taken for one resident on one local day. The INSERT is the
    claim: UNIQUE (person, day, step), so runs alongside take each step once."""

    __tablename__ = "ladder_rung"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    local_date: Mapped[date]
    step: Mapped[LadderStep] = mapped_column(enum_column(LadderStep, 15))
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concern.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (
        UniqueConstraint("person_id", "local_date", "step", name="uq_ladder_rung_once"),
        Index("ix_ladder_rung_household_date", "household_id", "local_date"),
    )


class AllFineChoice(db.Model):
    """A resident's yes or no to the daily "all fine" line to their workers; each change
    is a new row (the latest wins, none is no), made only by the resident after the PIN."""

    __tablename__ = "all_fine_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    agrees: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (Index("ix_all_fine_choice_person", "person_id", "changed_at"),)


class AllFineEmail(db.Model):
    """One worker's "all fine" email about one household for one local day. The INSERT
    (UNIQUE worker, household, day) queues it once; the send is claimed like an alert.
    It names no resident: the lines are written when it is sent."""

    __tablename__ = "all_fine_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    local_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(default=0)
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    staff: Mapped[StaffAccount] = relationship()
    household: Mapped[Household] = relationship()

    __table_args__ = (
        UniqueConstraint("staff_id", "household_id", "local_date", name="uq_all_fine_once"),
        Index("ix_all_fine_email_pending", "sent_at", "staff_id"),
    )
