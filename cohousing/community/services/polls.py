"""Polls: a question, its options, a closing time, one vote per resident.

Voting again before the poll closes CHANGES your vote (people mistap; nothing should
punish that). The unique key (poll, person) keeps it one vote even when two tablets send
at the same moment: the loser of the race finds the winner's row and updates it.
After closing, votes are refused and the results are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.community.models import MAX_OPTION, MAX_TITLE, Poll, PollKind, PollOption, Vote
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.rules import RuleError
from cohousing.web.parsing import parse_date

MAX_OPTIONS = 8
QUESTION_EMPTY = _l("Write the question.")
QUESTION_TOO_LONG = _l("The question is too long: up to 200 characters.")
TOO_FEW = _l("Give at least two choices, one per line.")
TOO_MANY = _l("Give at most 8 choices.")
OPTION_TOO_LONG = _l("Each choice can be up to 100 characters.")
CLOSES_IN_PAST = _l("The poll must close in the future.")
POLL_CLOSED = _l("This poll is closed. Votes can no longer be given.")
BAD_DAY = _l("Write each day as YYYY-MM-DD, one per line.")
NO_SUCH_OPTION = _l("Choose one of the answers.")


@dataclass
class Result:
    option: PollOption
    votes: int


def create_poll(
    household: Household,
    question: str,
    kind: PollKind,
    closes_at: datetime,
    *,
    choices: list[str] | None = None,
    days: list[date] | None = None,
    staff_id: int | None = None,
    submission_id: str | None = None,
) -> Poll:
    """A poll with its options: yes/no; written `choices`, one per line; or days, given as
    `days` or typed in `choices` as YYYY-MM-DD."""
    question = (question or "").strip()
    if not question:
        raise RuleError(QUESTION_EMPTY, "question")
    if len(question) > MAX_TITLE:
        raise RuleError(QUESTION_TOO_LONG, "question")
    options = _options(kind, choices or [], days or [])
    if closes_at <= clock.now():
        raise RuleError(CLOSES_IN_PAST, "closes_day")
    claimed = idempotency.claim(submission_id)
    poll = Poll(
        household_id=household.id,
        question=question,
        kind=kind,
        closes_at=closes_at,
        created_by_staff_id=staff_id,
        created_at=clock.now(),
    )
    for position, option in enumerate(options):
        option.position = position
        poll.options.append(option)
    db.session.add(poll)
    db.session.flush()
    record("poll.created", household_id=household.id, detail=f"#{poll.id}")
    if claimed is not None:
        claimed.led_to(str(poll.id))
    return poll


def _options(kind: PollKind, choices: list[str], days: list[date]) -> list[PollOption]:
    if kind is PollKind.YES_NO:
        return [PollOption(code="yes"), PollOption(code="no")]
    if kind is PollKind.DATE:
        unique_days = sorted(set(days or _days(choices)))
        _check_count(len(unique_days))
        return [PollOption(day=day) for day in unique_days]
    labels = list(dict.fromkeys(c.strip() for c in choices if c and c.strip()))
    _check_count(len(labels))
    if any(len(label) > MAX_OPTION for label in labels):
        raise RuleError(OPTION_TOO_LONG, "choices")
    return [PollOption(label=label) for label in labels]


def _days(lines: list[str]) -> list[date]:
    """Days typed one per line as YYYY-MM-DD (years 1900 to 2200)."""
    days = [parse_date(line.strip()) for line in lines if line and line.strip()]
    if None in days:
        raise RuleError(BAD_DAY, "choices")
    return days  # type: ignore[return-value]


def _check_count(count: int) -> None:
    if count < 2:
        raise RuleError(TOO_FEW, "choices")
    if count > MAX_OPTIONS:
        raise RuleError(TOO_MANY, "choices")


def open_polls(household: Household) -> list[Poll]:
    return list(
        db.session.scalars(
            select(Poll)
            .options(selectinload(Poll.options))
            .where(
                Poll.household_id == household.id,
                Poll.closed_early_at.is_(None),
                Poll.closes_at > clock.now(),
            )
            .order_by(Poll.closes_at, Poll.id)
        )
    )


def closed_polls(household: Household, limit: int = 5) -> list[Poll]:
    now = clock.now()
    return list(
        db.session.scalars(
            select(Poll)
            .options(selectinload(Poll.options))
            .where(
                Poll.household_id == household.id,
                (Poll.closed_early_at.is_not(None)) | (Poll.closes_at <= now),
            )
            .order_by(Poll.closes_at.desc(), Poll.id.desc())
            .limit(limit)
        )
    )


def all_polls(household: Household, limit: int = 10) -> list[Poll]:
    """For staff: the latest polls, open or closed."""
    return list(
        db.session.scalars(
            select(Poll)
            .options(selectinload(Poll.options))
            .where(Poll.household_id == household.id)
            .order_by(Poll.closes_at.desc(), Poll.id.desc())
            .limit(limit)
        )
    )


def _existing_vote(poll: Poll, person_id: int) -> Vote | None:
    return db.session.scalar(select(Vote).filter_by(poll_id=poll.id, person_id=person_id))


def vote(poll: Poll, person_id: int, option_id: int | None) -> Vote:
    """Give or change `person_id`'s vote; refused once the poll is closed."""
    if poll.is_closed():
        raise RuleError(POLL_CLOSED, "option")
    option = next((o for o in poll.options if o.id == option_id), None)
    if option is None:
        raise RuleError(NO_SUCH_OPTION, "option")
    existing = _existing_vote(poll, person_id)
    if existing is None:
        ballot = Vote(poll_id=poll.id, option_id=option.id, person_id=person_id)
        ballot.voted_at = clock.now()
        try:
            with db.session.begin_nested():
                db.session.add(ballot)
            existing = ballot
        except IntegrityError:  # another tablet voted for this person at the same moment
            existing = _existing_vote(poll, person_id)
            if existing is None:  # pragma: no cover - the row that won must be there
                raise
    existing.option_id = option.id
    existing.voted_at = clock.now()
    record("poll.voted", household_id=poll.household_id, detail=f"#{poll.id}")
    return existing


def my_vote(poll: Poll, person_id: int) -> int | None:
    """The option `person_id` chose, or None."""
    return db.session.scalar(select(Vote.option_id).filter_by(poll_id=poll.id, person_id=person_id))


def vote_count(poll: Poll) -> int:
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.poll_id == poll.id)) or 0


def results(poll: Poll) -> list[Result]:
    """Votes per option, in the poll's order; only shown once the poll is closed."""
    counts = dict(
        db.session.execute(
            select(Vote.option_id, func.count(Vote.id))
            .where(Vote.poll_id == poll.id)
            .group_by(Vote.option_id)
        ).all()
    )
    return [Result(option, counts.get(option.id, 0)) for option in poll.options]


def close_early(poll: Poll) -> None:
    if not poll.is_closed():
        poll.closed_early_at = clock.now()
        record("poll.closed", household_id=poll.household_id, detail=f"#{poll.id}")
