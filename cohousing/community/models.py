"""House life records: notices, meetings with agenda and minutes, agreements with their
versions, polls with one vote per resident, and mutual-help posts.

Nothing here is health data. Removing is soft (a date), so the history stays. The lengths
below are the columns' and the forms' limits; the services check them before saving.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount

MAX_SHORT_TEXT = 280  # a notice, a help request: short enough to read at a glance
MAX_TITLE = 200  # an agenda point, a poll question, an agreement's title
MAX_LONG_TEXT = 2000  # minutes of one point, an agreement's text, a mediation note
MAX_OPTION = 100  # one written choice of a poll


class Notice(db.Model):
    """A short notice on the house board, from a resident or a staff member."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    body: Mapped[str] = mapped_column(String(MAX_SHORT_TEXT))
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    photo_version: Mapped[int] = mapped_column(default=0)
    pinned: Mapped[bool] = mapped_column(default=False)
    expires_on: Mapped[date | None] = mapped_column(nullable=True)  # last local day shown
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    author_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    author_person: Mapped[Person | None] = relationship()
    author_staff: Mapped[StaffAccount | None] = relationship()

    __table_args__ = (Index("ix_notice_household", "household_id", "removed_at"),)

    @property
    def has_photo(self) -> bool:
        return self.photo_version > 0

    @property
    def author_name(self) -> str:
        author = self.author_person or self.author_staff
        return author.display_name if author else ""


class NoticeRead(db.Model):
    """A resident saw a notice: it is no longer marked "new" for them."""

    __tablename__ = "notice_read"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (UniqueConstraint("notice_id", "person_id", name="uq_notice_read_once"),)


class Meeting(db.Model):
    """A house meeting (riunione di casa) at a time, with its agenda and who was present."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    points: Mapped[list[AgendaPoint]] = relationship(
        back_populates="meeting", order_by="AgendaPoint.id"
    )
    attendance: Mapped[list[MeetingAttendance]] = relationship(back_populates="meeting")

    __table_args__ = (Index("ix_meeting_household_start", "household_id", "starts_at"),)

    @property
    def present(self) -> list[Person]:
        return sorted((a.person for a in self.attendance), key=lambda p: p.display_name)


class MeetingAttendance(db.Model):
    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_attendance_once"),)


class AgendaPoint(db.Model):
    """One point of a meeting's agenda, and the short minutes written about it."""

    __tablename__ = "agenda_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    added_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    added_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    meeting: Mapped[Meeting] = relationship(back_populates="points")
    added_by_person: Mapped[Person | None] = relationship()

    __table_args__ = (Index("ix_agenda_point_meeting", "meeting_id"),)


class Agreement(db.Model):
    """A house agreement (accordo di casa); its text lives in versions, newest is current."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number"
    )

    __table_args__ = (Index("ix_agreement_household", "household_id"),)

    @property
    def current(self) -> AgreementVersion:
        return self.versions[-1]


class AgreementVersion(db.Model):
    """What a meeting decided; a later meeting adds a new version, the old one stays."""

    __tablename__ = "agreement_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    agenda_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_point.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    meeting: Mapped[Meeting] = relationship()

    __table_args__ = (
        UniqueConstraint("agreement_id", "number", name="uq_agreement_version_number"),
    )


class PollKind(enum.StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    DATE = "date"


class Poll(db.Model):
    """A question with options and a closing time; results are shown once it is closed."""

    __tablename__ = "poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    question: Mapped[str] = mapped_column(String(MAX_TITLE))
    kind: Mapped[PollKind] = mapped_column(enum_column(PollKind))
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    options: Mapped[list[PollOption]] = relationship(
        back_populates="poll", order_by="PollOption.position"
    )

    __table_args__ = (Index("ix_poll_household", "household_id", "closes_at"),)

    def is_closed(self, now: datetime | None = None) -> bool:
        now = now or clock.now()
        return self.closed_early_at is not None or now >= self.closes_at


class PollOption(db.Model):
    """A yes/no answer (`code`), a date (`day`) or a written choice (`label`)."""

    __tablename__ = "poll_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id"))
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(MAX_OPTION), default="")
    code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    day: Mapped[date | None] = mapped_column(nullable=True)

    poll: Mapped[Poll] = relationship(back_populates="options")


class Vote(db.Model):
    """One vote per resident per poll, held by the unique key even with two tablets."""

    __tablename__ = "poll_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id"))
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_option.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (UniqueConstraint("poll_id", "person_id", name="uq_vote_one_per_person"),)


class HelpKind(enum.StrEnum):
    REQUEST = "request"
    OFFER = "offer"


class HelpPost(db.Model):
    """Mutual help: "can someone…?" or "I can…"; a housemate takes it, then it is done."""

    __tablename__ = "help_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    kind: Mapped[HelpKind] = mapped_column(enum_column(HelpKind, 10))
    body: Mapped[str] = mapped_column(String(MAX_SHORT_TEXT))
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    posted_by: Mapped[Person] = relationship(foreign_keys=[posted_by_id])
    taken_by: Mapped[Person | None] = relationship(foreign_keys=[taken_by_id])

    __table_args__ = (
        Index("ix_help_post_household", "household_id", "done_at"),
        CheckConstraint("taken_by_id IS NULL OR taken_by_id <> posted_by_id", name="not_self"),
    )

    @property
    def state(self) -> str:
        if self.done_at is not None:
            return "done"
        return "taken" if self.taken_by_id is not None else "open"
