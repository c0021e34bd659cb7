"""Mutual help between housemates, and asking a worker, privately, for mediation.

Taking a post is one conditional UPDATE, so two housemates tapping "I'll do it" at once
cannot both take it. The poster or the taker marks it done; both then see it done.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.community.models import MAX_LONG_TEXT, MAX_SHORT_TEXT, HelpKind, HelpPost
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, LinkFunction
from cohousing.households.services import current_worker_links
from cohousing.rules import RuleError
from cohousing.wellbeing.models import Concern, ConcernKind, ConcernSource, Urgency
from cohousing.wellbeing.services import raise_concern

EMPTY = _l("Write what you need or what you offer.")
TOO_LONG = _l("This is too long: up to 280 characters.")
OWN_POST = _l("This is your own post. Someone else can take it.")
ALREADY_TAKEN = _l("Someone else has already taken this.")
NOT_YOURS = _l("Only the person who posted it or who took it can mark it done.")
NOTE_TOO_LONG = _l("The note is too long: up to 2,000 characters.")
DONE_SHOWN_FOR = timedelta(days=7)  # done posts stay on the board a week, then leave


def post_help(
    household: Household,
    person_id: int,
    kind: HelpKind,
    body: str,
    *,
    submission_id: str | None = None,
) -> HelpPost:
    body = (body or "").strip()
    if not body:
        raise RuleError(EMPTY, "body")
    if len(body) > MAX_SHORT_TEXT:
        raise RuleError(TOO_LONG, "body")
    claimed = idempotency.claim(submission_id)
    post = HelpPost(
        household_id=household.id,
        kind=kind,
        body=body,
        posted_by_id=person_id,
        created_at=clock.now(),
    )
    db.session.add(post)
    db.session.flush()
    record("help.posted", household_id=household.id, detail=f"#{post.id} {kind.value}")
    if claimed is not None:
        claimed.led_to(str(post.id))
    return post


def take(post: HelpPost, person_id: int) -> None:
    """ "I'll do it": only one housemate can take it, never the poster."""
    if post.posted_by_id == person_id:
        raise RuleError(OWN_POST)
    if post.taken_by_id == person_id:
        return  # a second tap: already yours
    taken = db.session.execute(
        update(HelpPost)
        .where(HelpPost.id == post.id, HelpPost.taken_by_id.is_(None))
        .values(taken_by_id=person_id, taken_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(post)
    if not taken and post.taken_by_id != person_id:
        raise RuleError(ALREADY_TAKEN)
    record("help.taken", household_id=post.household_id, detail=f"#{post.id}")


def mark_done(post: HelpPost, person_id: int) -> None:
    if person_id not in (post.posted_by_id, post.taken_by_id):
        raise RuleError(NOT_YOURS)
    if post.done_at is None:
        post.done_at = clock.now()
        post.done_by_id = person_id
        record("help.done", household_id=post.household_id, detail=f"#{post.id}")


def board(household: Household) -> list[HelpPost]:
    """Open and taken posts, then those done in the last week; newest first."""
    since = clock.now() - DONE_SHOWN_FOR
    return list(
        db.session.scalars(
            select(HelpPost)
            .options(joinedload(HelpPost.posted_by), joinedload(HelpPost.taken_by))
            .where(
                HelpPost.household_id == household.id,
                or_(HelpPost.done_at.is_(None), HelpPost.done_at >= since),
            )
            .order_by(HelpPost.done_at.is_not(None), HelpPost.created_at.desc(), HelpPost.id)
        )
    )


def open_posts(household: Household) -> list[HelpPost]:
    return [post for post in board(household) if post.done_at is None]


# --- mediation -------------------------------------------------------------------------


def mediators(household: Household) -> list[str]:
    """Names of the workers linked as mediators today (shown to staff, not a filter)."""
    return [
        link.worker.display_name
        for link in current_worker_links(household)
        if link.function is LinkFunction.MEDIATOR
    ]


def ask_for_mediation(
    household: Household,
    person_id: int,
    note: str = "",
    *,
    submission_id: str | None = None,
) -> Concern | None:
    """A private, non-urgent concern of kind mediation, raised by the resident.

    The concerns service cannot address a subset of the linked workers: every worker
    linked to the household (and the coordinators) can see it, never another resident.
    Not urgent: the linked workers read it in their daily digest.
    """
    note = (note or "").strip()
    if len(note) > MAX_LONG_TEXT:
        raise RuleError(NOTE_TOO_LONG, "note")
    idempotency.claim(submission_id)
    return raise_concern(
        household,
        ConcernKind.MEDIATION,
        urgency=Urgency.NORMAL,
        source=ConcernSource.PERSON,
        person_id=person_id,
        raised_by_person_id=person_id,
        note=note,
    )
