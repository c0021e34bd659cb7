"""House life at a glance, in as few queries as the screens need.

The tablet's today screen shows four numbers (`today_counts`, in one query); the staff
household page a short summary (`house_life_summary`). The views pass them to the
templates: no template asks the database itself.

The today screen is the page a tablet opens most; asking notices, polls, help posts and
meetings one by one cost four queries (and loaded whole polls and posts only to count
them). The rules are the same as the board's: see notices._shown, polls.open_polls,
helping.open_posts and meetings.next_meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import exists, func, or_, select

from cohousing.community.models import HelpPost, Meeting, Notice, NoticeRead, Poll, Vote
from cohousing.community.services.helping import open_posts
from cohousing.community.services.meetings import current_agreements, local_moment
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person


@dataclass(frozen=True)
class NextMeeting:
    starts_at: datetime


def today_counts(household: Household, resident: Person | None) -> dict:
    """What the today screen says about house life (template variable `house_life_today`):
    {"unread", "polls", "help", "meeting"}; empty when nobody is signed in."""
    if resident is None:
        return {}
    return house_life_counts(household, resident.id)


def house_life_summary(household: Household) -> dict:
    """For the staff household page (variable `house_life`): how self-management is going,
    without every notice: the last meetings' dates, the agreements, the open help posts."""
    return {
        "meetings": recent_meeting_times(household, limit=3),
        "agreements": current_agreements(household),
        "open_help": open_posts(household),
    }


def house_life_counts(household: Household, person_id: int) -> dict:
    """{"unread", "polls", "help", "meeting"} for the today screen, in one query."""
    now, today = clock.now(), household.today()
    read = exists().where(NoticeRead.notice_id == Notice.id, NoticeRead.person_id == person_id)
    unread = select(func.count(Notice.id)).where(
        Notice.household_id == household.id,
        Notice.removed_at.is_(None),
        or_(Notice.expires_on.is_(None), Notice.expires_on >= today),
        ~read,
    )
    polls = select(func.count(Poll.id)).where(
        Poll.household_id == household.id, Poll.closed_early_at.is_(None), Poll.closes_at > now
    )
    help_posts = select(func.count(HelpPost.id)).where(
        HelpPost.household_id == household.id, HelpPost.done_at.is_(None)
    )
    meeting = (
        select(Meeting.starts_at)
        .where(
            Meeting.household_id == household.id,
            Meeting.starts_at >= local_moment(household, today, time(0, 0)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    row = db.session.execute(
        select(
            unread.scalar_subquery(),
            polls.scalar_subquery(),
            help_posts.scalar_subquery(),
            meeting.scalar_subquery(),
        )
    ).one()
    return {
        "unread": row[0] or 0,
        "polls": row[1] or 0,
        "help": row[2] or 0,
        "meeting": NextMeeting(row[3]) if row[3] is not None else None,
    }


def recent_meeting_times(household: Household, limit: int = 3) -> list[NextMeeting]:
    """When the last meetings were, newest first: the household page shows only the dates,
    so neither agenda points nor attendance are loaded (two queries fewer)."""
    return [
        NextMeeting(starts_at)
        for starts_at in db.session.scalars(
            select(Meeting.starts_at)
            .where(Meeting.household_id == household.id)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
    ]


@dataclass(frozen=True)
class HouseEvening:
    """For the faces screen before anyone signs in: tonight's meeting, who has a vote."""

    meeting_tonight: NextMeeting | None
    poll_waiting: frozenset[int]  # residents with an open poll they have not voted in


def house_evening(household: Household, person_ids: list[int]) -> HouseEvening:
    """Tonight's meeting (the next one starting later today) and, per resident, whether
    an open poll waits for their vote: three queries, whatever the number of polls."""
    now, today = clock.now(), household.today()
    meeting = db.session.scalar(
        select(Meeting.starts_at)
        .where(
            Meeting.household_id == household.id,
            Meeting.starts_at >= now,
            Meeting.starts_at < local_moment(household, today + timedelta(days=1), time(0, 0)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    open_polls = select(Poll.id).where(
        Poll.household_id == household.id, Poll.closed_early_at.is_(None), Poll.closes_at > now
    )
    polls = db.session.scalar(select(func.count()).select_from(open_polls.subquery())) or 0
    voted = dict(
        db.session.execute(
            select(Vote.person_id, func.count(Vote.id))
            .where(Vote.poll_id.in_(open_polls), Vote.person_id.in_(person_ids))
            .group_by(Vote.person_id)
        ).all()
    )
    return HouseEvening(
        meeting_tonight=NextMeeting(meeting) if meeting is not None else None,
        poll_waiting=frozenset(p for p in person_ids if voted.get(p, 0) < polls),
    )
