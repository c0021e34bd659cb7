"""The notice board: post, pin, expire, remove (softly), and who has read what.

Reading the board writes nothing: the page shows which notices are new to the resident,
and then sends their ids back (`mark_seen`, a POST), so they are not new the next time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.community.models import MAX_SHORT_TEXT, Notice, NoticeRead
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.services import process_photo
from cohousing.rules import RuleError

EMPTY = _l("Write the notice.")
TOO_LONG = _l("The notice is too long: up to 280 characters.")
PAST_EXPIRY = _l("The last day cannot be in the past.")


def check_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise RuleError(EMPTY, "body")
    if len(body) > MAX_SHORT_TEXT:
        raise RuleError(TOO_LONG, "body")
    return body


def post_notice(
    household: Household,
    body: str,
    *,
    photo: IO[bytes] | None = None,
    person_id: int | None = None,
    staff_id: int | None = None,
    pinned: bool = False,
    expires_on: date | None = None,
    submission_id: str | None = None,
) -> Notice:
    """Check everything first (text, photo, last day), then save once."""
    body = check_body(body)
    if expires_on is not None and expires_on < household.today():
        raise RuleError(PAST_EXPIRY, "expires_on")
    image = None
    if photo is not None:
        try:
            image = process_photo(photo)
        except RuleError as error:  # the photo rules name no field: this form's is "photo"
            raise RuleError(error.message, "photo") from None
    claimed = idempotency.claim(submission_id)
    notice = Notice(
        household_id=household.id,
        body=body,
        photo=image,
        photo_version=1 if image else 0,
        pinned=pinned,
        expires_on=expires_on,
        author_person_id=person_id,
        author_staff_id=staff_id,
        created_at=clock.now(),
    )
    db.session.add(notice)
    db.session.flush()
    if person_id is not None:
        mark_read([notice], person_id)  # your own notice is not "new" to you
    record("notice.posted", household_id=household.id, detail=f"#{notice.id}")
    if claimed is not None:
        claimed.led_to(str(notice.id))
    return notice


def _shown(household: Household):
    today = household.today()
    return (
        Notice.household_id == household.id,
        Notice.removed_at.is_(None),
        or_(Notice.expires_on.is_(None), Notice.expires_on >= today),
    )


def current_notices(household: Household, limit: int = 50) -> list[Notice]:
    """What the board shows: not removed, not expired; pinned first, then newest."""
    return list(
        db.session.scalars(
            select(Notice)
            .options(joinedload(Notice.author_person), joinedload(Notice.author_staff))
            .where(*_shown(household))
            .order_by(Notice.pinned.desc(), Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def all_notices(household: Household, limit: int = 100) -> list[Notice]:
    """For staff: every notice, removed and expired ones too, newest first."""
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.household_id == household.id)
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def unread_ids(household: Household, person_id: int) -> set[int]:
    read = exists().where(NoticeRead.notice_id == Notice.id, NoticeRead.person_id == person_id)
    return set(db.session.scalars(select(Notice.id).where(*_shown(household), ~read)))


def unread_count(household: Household, person_id: int) -> int:
    read = exists().where(NoticeRead.notice_id == Notice.id, NoticeRead.person_id == person_id)
    query = select(func.count(Notice.id)).where(*_shown(household), ~read)
    return db.session.scalar(query) or 0


def mark_read(notices: list[Notice], person_id: int) -> None:
    """Seen once is read; marking again, or from a second tablet at once, is harmless."""
    if not notices:
        return
    already = set(
        db.session.scalars(
            select(NoticeRead.notice_id).where(
                NoticeRead.person_id == person_id,
                NoticeRead.notice_id.in_([n.id for n in notices]),
            )
        )
    )
    for notice in notices:
        if notice.id in already:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(
                    NoticeRead(notice_id=notice.id, person_id=person_id, read_at=clock.now())
                )
        except IntegrityError:  # the other tablet's mark won: still read once
            pass


def mark_seen(household: Household, person_id: int, notice_ids: Iterable[int]) -> list[Notice]:
    """The notices the board showed as new are read now. Only notices on this household's
    board count: an id of another household's notice (or a removed one) marks nothing."""
    wanted = set(notice_ids)
    if not wanted:
        return []
    notices = list(
        db.session.scalars(select(Notice).where(*_shown(household), Notice.id.in_(wanted)))
    )
    mark_read(notices, person_id)
    return notices


def set_pinned(notice: Notice, pinned: bool) -> None:
    notice.pinned = pinned
    record("notice.pinned" if pinned else "notice.unpinned", household_id=notice.household_id)


def remove_notice(notice: Notice) -> None:
    """Soft: the notice leaves the board, the record stays."""
    if notice.removed_at is None:
        notice.removed_at = clock.now()
        record("notice.removed", household_id=notice.household_id, detail=f"#{notice.id}")
