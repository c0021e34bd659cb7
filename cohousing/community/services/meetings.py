"""House meetings: agenda points before, minutes during, agreements as the outcome.

A meeting is "coming" until its local day is over, so a point can still be added on the
day itself. Minutes can be written once it has started: by staff at any time after, by a
resident on the tablet on the meeting's day. An agreement only ever comes from a meeting;
changing it means a new version from a later meeting, the old text stays as history.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.community.models import (
    MAX_LONG_TEXT,
    MAX_TITLE,
    AgendaPoint,
    Agreement,
    AgreementVersion,
    Meeting,
    MeetingAttendance,
)
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.rules import RuleError

MEETING_IN_PAST = _l("The meeting cannot be in the past.")
POINT_EMPTY = _l("Write the point you want to talk about.")
POINT_TOO_LONG = _l("The point is too long: up to 200 characters.")
MEETING_OVER = _l("This meeting is over. Add your point to the next meeting.")
NOT_STARTED = _l("The meeting has not started yet. Write the minutes during the meeting.")
NOT_TODAY = _l("Minutes can be written on the tablet on the day of the meeting.")
MINUTES_TOO_LONG = _l("The minutes are too long: up to 2,000 characters.")
TITLE_EMPTY = _l("Write a short title for the agreement.")
TITLE_TOO_LONG = _l("The title is too long: up to 200 characters.")
TEXT_EMPTY = _l("Write what was agreed.")
TEXT_TOO_LONG = _l("The agreement is too long: up to 2,000 characters.")
NO_SUCH_AGREEMENT = _l("Choose one of the agreements.")


def local_moment(household: Household, day: date, at: time) -> datetime:
    """A local date and time in the household's time zone, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(household.timezone)).astimezone(
        ZoneInfo("UTC")
    )


def local_day(household: Household, moment: datetime) -> date:
    return clock.local(moment, household.timezone).date()


def is_over(meeting: Meeting, household: Household) -> bool:
    return local_day(household, meeting.starts_at) < household.today()


def has_started(meeting: Meeting) -> bool:
    return clock.now() >= meeting.starts_at


def create_meeting(
    household: Household,
    starts_at: datetime,
    *,
    staff_id: int | None = None,
    submission_id: str | None = None,
) -> Meeting:
    if local_day(household, starts_at) < household.today():
        raise RuleError(MEETING_IN_PAST, "day")
    claimed = idempotency.claim(submission_id)
    meeting = Meeting(
        household_id=household.id,
        starts_at=starts_at,
        created_by_staff_id=staff_id,
        created_at=clock.now(),
    )
    db.session.add(meeting)
    db.session.flush()
    record("meeting.created", household_id=household.id, detail=f"#{meeting.id}")
    if claimed is not None:
        claimed.led_to(str(meeting.id))
    return meeting


def _meetings(household: Household):
    return (
        select(Meeting)
        .options(selectinload(Meeting.points), selectinload(Meeting.attendance))
        .where(Meeting.household_id == household.id)
    )


def next_meeting(household: Household) -> Meeting | None:
    """The first meeting whose local day is today or later."""
    start_of_today = local_moment(household, household.today(), time(0, 0))
    return db.session.scalar(
        _meetings(household)
        .where(Meeting.starts_at >= start_of_today)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def past_meetings(household: Household, limit: int = 10) -> list[Meeting]:
    start_of_today = local_moment(household, household.today(), time(0, 0))
    return list(
        db.session.scalars(
            _meetings(household)
            .where(Meeting.starts_at < start_of_today)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
    )


def all_meetings(household: Household, limit: int = 20) -> list[Meeting]:
    return list(
        db.session.scalars(
            _meetings(household).order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(limit)
        )
    )


def add_point(
    meeting: Meeting,
    household: Household,
    title: str,
    *,
    person_id: int | None = None,
    staff_id: int | None = None,
    submission_id: str | None = None,
) -> AgendaPoint:
    title = (title or "").strip()
    if not title:
        raise RuleError(POINT_EMPTY, "title")
    if len(title) > MAX_TITLE:
        raise RuleError(POINT_TOO_LONG, "title")
    if is_over(meeting, household):
        raise RuleError(MEETING_OVER, "title")
    claimed = idempotency.claim(submission_id)
    point = AgendaPoint(
        meeting=meeting,
        title=title,
        added_by_person_id=person_id,
        added_by_staff_id=staff_id,
        created_at=clock.now(),
    )
    db.session.add(point)
    db.session.flush()
    record("meeting.point_added", household_id=household.id, detail=f"#{meeting.id}")
    if claimed is not None:
        claimed.led_to(str(point.id))
    return point


def write_minutes(
    point: AgendaPoint, household: Household, minutes: str, *, by_resident: bool
) -> None:
    """Minutes during (or, for staff, after) the meeting; a resident only on its day."""
    minutes = (minutes or "").strip()
    if len(minutes) > MAX_LONG_TEXT:
        raise RuleError(MINUTES_TOO_LONG, "minutes")
    meeting = point.meeting
    if not has_started(meeting):
        raise RuleError(NOT_STARTED, "minutes")
    if by_resident and local_day(household, meeting.starts_at) != household.today():
        raise RuleError(NOT_TODAY, "minutes")
    point.minutes = minutes
    record("meeting.minutes_written", household_id=household.id, detail=f"#{meeting.id}")


def set_present(meeting: Meeting, household: Household, person_ids: set[int]) -> None:
    """Who was at the meeting: residents of the house on the meeting's day only."""
    residents = current_residents(household, local_day(household, meeting.starts_at))
    wanted = {p.id for p in residents} & set(person_ids)
    for attendance in list(meeting.attendance):
        if attendance.person_id not in wanted:
            db.session.delete(attendance)
            meeting.attendance.remove(attendance)
    have = {a.person_id for a in meeting.attendance}
    for person_id in sorted(wanted - have):
        meeting.attendance.append(MeetingAttendance(person_id=person_id))
    record("meeting.attendance", household_id=household.id, detail=f"#{meeting.id}")


def decide(
    meeting: Meeting,
    household: Household,
    *,
    text: str,
    title: str = "",
    agreement: Agreement | None = None,
    point: AgendaPoint | None = None,
) -> AgreementVersion:
    """Turn a meeting's decision into a new agreement, or a new version of `agreement`."""
    text = (text or "").strip()
    if not text:
        raise RuleError(TEXT_EMPTY, "text")
    if len(text) > MAX_LONG_TEXT:
        raise RuleError(TEXT_TOO_LONG, "text")
    if not has_started(meeting):
        raise RuleError(NOT_STARTED, "text")
    if agreement is None:
        title = (title or "").strip()
        if not title:
            raise RuleError(TITLE_EMPTY, "title")
        if len(title) > MAX_TITLE:
            raise RuleError(TITLE_TOO_LONG, "title")
        agreement = Agreement(household_id=household.id, title=title, created_at=clock.now())
        db.session.add(agreement)
        db.session.flush()
    elif agreement.household_id != household.id:
        raise RuleError(NO_SUCH_AGREEMENT, "agreement_id")
    number = (
        db.session.scalar(
            select(func.max(AgreementVersion.number)).where(
                AgreementVersion.agreement_id == agreement.id
            )
        )
        or 0
    ) + 1
    version = AgreementVersion(
        agreement=agreement,
        number=number,
        text=text,
        meeting_id=meeting.id,
        agenda_point_id=point.id if point else None,
        created_at=clock.now(),
    )
    db.session.add(version)
    db.session.flush()
    record("agreement.decided", household_id=household.id, detail=f"#{agreement.id} v{number}")
    return version


def current_agreements(household: Household) -> list[Agreement]:
    return list(
        db.session.scalars(
            select(Agreement)
            .options(
                selectinload(Agreement.versions)
                .joinedload(AgreementVersion.meeting)
                .selectinload(Meeting.attendance)
                .joinedload(MeetingAttendance.person)
            )
            .where(Agreement.household_id == household.id)
            .order_by(Agreement.title, Agreement.id)
        )
    )


def chosen_agreement(household: Household, agreement_id: int | None) -> Agreement | None:
    """The agreement a form names for a new version (None or 0: a new agreement); an id
    that is not one of this household's agreements is refused."""
    if not agreement_id:
        return None
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or agreement.household_id != household.id:
        raise RuleError(NO_SUCH_AGREEMENT, "agreement_id")
    return agreement


def decisions_at(meeting: Meeting) -> dict[int | None, list[AgreementVersion]]:
    """Agreement versions decided at this meeting, by agenda point id (None: no point)."""
    by_point: dict[int | None, list[AgreementVersion]] = {}
    for version in db.session.scalars(
        select(AgreementVersion)
        .where(AgreementVersion.meeting_id == meeting.id)
        .order_by(AgreementVersion.id)
    ):
        by_point.setdefault(version.agenda_point_id, []).append(version)
    return by_point
