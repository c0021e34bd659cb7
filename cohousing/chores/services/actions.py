"""What residents do with the rota each day: mark done (with help), undo, skip, swap.

Marking done is safe under concurrency: a completion is unique per assignment, inserted in a
savepoint, so when two devices tap at once one completion is recorded and the other tap
simply sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from cohousing.audit.services import record
from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreSwap,
    SwapStatus,
)
from cohousing.chores.services import balances
from cohousing.chores.services.rota import extend_plan, why_eligible
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.web.parsing import clean_text

UNDO_WINDOW = timedelta(seconds=60)
# Why a resident skips their turn on the tablet; "other" needs a few words.
SKIP_REASONS = {
    "ill": _l("I am ill"),
    "away": _l("I am away"),
    "other": _l("Other reason"),
}
SKIP_NOTE_LENGTH = 150
# The register action of an answered swap (each has its words in cohousing.audit.services.words).
SWAP_ANSWERS = {
    SwapStatus.ACCEPTED: "chore.swap_accepted",
    SwapStatus.DECLINED: "chore.swap_declined",
    SwapStatus.CANCELLED: "chore.swap_cancelled",
}


@dataclass(frozen=True)
class MarkResult:
    completion: ChoreCompletion
    recorded: bool  # False: it was already done (a second tap, or another device)


def _household(assignment: ChoreAssignment) -> Household:
    return db.session.get(Household, assignment.household_id)


def _residents_today(household: Household, person_ids: set[int]) -> set[int]:
    if not person_ids:
        return set()
    return set(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.household_id == household.id,
                Membership.person_id.in_(person_ids),
                current_membership_clause(household.today()),
            )
        )
    )


def _split(points: int, people: list[int]) -> list[tuple[int, int]]:
    """Done together: each one did an equal part, so each is credited an equal part of the
    points (in hundredths); any remainder to who really did it. The credits add up to the
    chore's points exactly, so helping moves effort between them and nothing else."""
    total = points * 100
    each, remainder = divmod(total, len(people))
    return [(pid, each + (remainder if i == 0 else 0)) for i, pid in enumerate(people)]


def _completion_row(assignment_id: int) -> ChoreCompletion | None:
    """The one completion row of an assignment, standing or undone (None: never done)."""
    return db.session.scalar(
        select(ChoreCompletion).where(ChoreCompletion.assignment_id == assignment_id)
    )


def mark_done(
    assignment: ChoreAssignment,
    by_person: Person,
    helpers: list[int] | tuple[int, ...] = (),
    submission: str | None = None,
) -> MarkResult:
    """`by_person` really did it, `helpers` helped: all are credited, sharing the points.

    A skipped turn can still be marked done (someone did it after all). A second mark, from
    this tablet or another, records nothing and returns the first completion.
    """
    household = _household(assignment)
    if assignment.due_on > household.today():
        raise RuleError(_l("This chore is not due yet."))
    helper_ids = sorted({h for h in helpers if h != by_person.id})
    people = [by_person.id, *helper_ids]
    if _residents_today(household, set(people)) != set(people):
        raise RuleError(_l("Choose people who live here."), "helpers")
    try:
        idempotency.claim(submission)
    except idempotency.AlreadySubmitted:
        existing = _completion_row(assignment.id)
        if existing is not None:
            return MarkResult(existing, False)
        raise
    now = clock.now()
    completion = _completion_row(assignment.id)
    if completion is not None and completion.undone_at is None:
        return MarkResult(completion, False)
    if completion is not None:  # undone earlier: take it again, if nobody beat us to it
        taken = db.session.execute(
            update(ChoreCompletion)
            .where(ChoreCompletion.id == completion.id, ChoreCompletion.undone_at.is_not(None))
            .values(
                undone_at=None, done_by_id=by_person.id, recorded_by_id=by_person.id, done_at=now
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.refresh(completion)
        if taken != 1:
            return MarkResult(completion, False)
    else:
        completion = ChoreCompletion(
            assignment_id=assignment.id,
            done_by_id=by_person.id,
            recorded_by_id=by_person.id,
            done_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(completion)
        except IntegrityError:
            return MarkResult(_completion_row(assignment.id), False)
    points = db.session.get(Chore, assignment.chore_id).effort_points
    with balances.recounting(household, assignment.due_on, assignment.due_on):
        for person_id, hundredths in _split(points, people):
            db.session.add(
                ChoreCredit(
                    completion_id=completion.id, person_id=person_id, points_hundredths=hundredths
                )
            )
    assignment.status = AssignmentStatus.DONE
    _cancel_pending_swaps(assignment)
    db.session.flush()
    db.session.expire(assignment, ["completion"])
    record(
        "chore.done",
        household_id=household.id,
        subject_person_id=by_person.id,
        detail=f"assignment {assignment.id}",
    )
    return MarkResult(completion, True)


def undo(completion: ChoreCompletion, by_person: Person) -> None:
    """Take back a tap within a minute; only the person who tapped, or who did it, can."""
    if completion.undone_at is not None:
        return
    if by_person.id not in (completion.recorded_by_id, completion.done_by_id):
        raise RuleError(_l("Only the person who marked it can undo it."))
    if clock.now() - completion.done_at > UNDO_WINDOW:
        raise RuleError(_l("It is too late to undo this. Ask the house to fix it."))
    assignment = db.session.get(ChoreAssignment, completion.assignment_id)
    with balances.recounting(_household(assignment), assignment.due_on, assignment.due_on):
        completion.undone_at = clock.now()
        for credit in list(completion.credits):
            db.session.delete(credit)
    assignment.status = AssignmentStatus.PLANNED
    db.session.flush()
    db.session.expire(completion, ["credits"])
    record(
        "chore.undone",
        household_id=assignment.household_id,
        subject_person_id=by_person.id,
        detail=f"assignment {assignment.id}",
    )


def skip(assignment: ChoreAssignment, by_person: Person, reason: str) -> None:
    """Nobody does it this time; the reason is kept. Skipping credits nobody."""
    if assignment.status is not AssignmentStatus.PLANNED:
        raise RuleError(_l("This chore is already done or skipped."))
    if not reason.strip():
        raise RuleError(_l("Say why, in a few words."), "reason")
    assignment.status = AssignmentStatus.SKIPPED
    assignment.skip_reason = reason.strip()[:200]
    _cancel_pending_swaps(assignment)
    record(
        "chore.skipped",
        household_id=assignment.household_id,
        subject_person_id=by_person.id,
        detail=f"assignment {assignment.id}",
    )


def skip_own(assignment: ChoreAssignment, by_person: Person, key: str, note: str = "") -> None:
    """The tablet's skip: only one's own turn, for one of SKIP_REASONS; "other" needs words.
    Kept as "ill" or "ill: the words", shown in the reader's language (`skip_words`)."""
    note = clean_text(note or "").strip()[:SKIP_NOTE_LENGTH]
    if assignment.person_id != by_person.id:
        raise RuleError(_l("You can only skip your own chores."))
    if key not in SKIP_REASONS:
        raise RuleError(_l("Choose why you skip it."), "reason")
    if key == "other" and not note:
        raise RuleError(_l("Say why, in a few words."), "note")
    skip(assignment, by_person, f"{key}: {note}" if note else key)


def skip_words(assignment: ChoreAssignment) -> str:
    """The stored skip reason ("ill: text") in the reader's language."""
    key, _sep, note = assignment.skip_reason.partition(":")
    label = SKIP_REASONS.get(key)
    if label is None:
        return assignment.skip_reason
    return f"{label}: {note.strip()}" if note.strip() else str(label)


def can_undo(assignment: ChoreAssignment, me_id: int) -> bool:
    """This person may still take back the tap on this turn (their own, within a minute)."""
    completion = assignment.completion
    return (
        completion is not None
        and completion.undone_at is None
        and me_id in (completion.recorded_by_id, completion.done_by_id)
        and clock.now() - completion.done_at <= UNDO_WINDOW
    )


# --- swaps -----------------------------------------------------------------------------


def _cancel_pending_swaps(assignment: ChoreAssignment) -> None:
    db.session.execute(
        update(ChoreSwap)
        .where(ChoreSwap.assignment_id == assignment.id, ChoreSwap.status == SwapStatus.PENDING)
        .values(status=SwapStatus.CANCELLED, answered_at=clock.now())
    )


def request_swap(
    assignment: ChoreAssignment, from_person: Person, to_person_id: int | None
) -> ChoreSwap:
    """Ask another resident to take my turn; they answer the next time they sign in.
    `to_person_id` comes from the form (None: nobody was chosen, or not an id)."""
    if to_person_id is None:
        raise RuleError(_l("Choose who you ask."), "to_person_id")
    household = _household(assignment)
    if assignment.status is not AssignmentStatus.PLANNED or assignment.person_id != from_person.id:
        raise RuleError(_l("You can only pass on your own chores that are still to do."))
    if assignment.due_on < household.today():
        raise RuleError(_l("This chore is in the past."))
    if to_person_id == from_person.id:
        raise RuleError(_l("Choose another resident."), "to_person_id")
    if why_eligible(household, assignment.chore_id, assignment.due_on, to_person_id) != "eligible":
        raise RuleError(_l("This person cannot do this chore on that day."), "to_person_id")
    pending = db.session.scalar(
        select(ChoreSwap).where(
            ChoreSwap.assignment_id == assignment.id, ChoreSwap.status == SwapStatus.PENDING
        )
    )
    if pending is not None:
        if pending.to_person_id == to_person_id:
            return pending  # asking twice is one request
        raise RuleError(_l("You already asked someone. Wait for the answer."))
    swap = ChoreSwap(
        assignment_id=assignment.id,
        from_person_id=from_person.id,
        to_person_id=to_person_id,
        created_at=clock.now(),
    )
    db.session.add(swap)
    db.session.flush()
    record(
        "chore.swap_asked",
        household_id=household.id,
        subject_person_id=to_person_id,
        detail=f"assignment {assignment.id}",
    )
    return swap


def answer_swap(swap: ChoreSwap, by_person: Person, accept: bool) -> ChoreSwap:
    """Accept (the turn becomes yours, and a re-plan keeps it) or decline. Either way the
    14 days ahead are planned, so the screens shown next have every turn."""
    if swap.to_person_id != by_person.id:
        raise RuleError(_l("This request is for someone else."))
    if swap.status is not SwapStatus.PENDING:
        return swap  # answered already (a second tap): nothing changes
    assignment = db.session.get(ChoreAssignment, swap.assignment_id)
    household = _household(assignment)
    still_open = (
        assignment.status is AssignmentStatus.PLANNED
        and assignment.person_id == swap.from_person_id
        and assignment.due_on >= household.today()
    )
    if not still_open:
        swap.status = SwapStatus.CANCELLED
    elif accept:
        can_do = why_eligible(household, assignment.chore_id, assignment.due_on, by_person.id)
        if can_do != "eligible":
            raise RuleError(_l("You cannot do this chore on that day."))
        swap.status = SwapStatus.ACCEPTED
        assignment.person_id = by_person.id
        assignment.pinned = True
        assignment.reason = "swap"
    else:
        swap.status = SwapStatus.DECLINED
    swap.answered_at = clock.now()
    record(
        SWAP_ANSWERS[swap.status],
        household_id=assignment.household_id,
        subject_person_id=by_person.id,
        detail=f"assignment {assignment.id}",
    )
    db.session.flush()
    extend_plan(household)
    return swap


def pending_swaps_for(person: Person, on: date) -> list[ChoreSwap]:
    """Requests waiting for this person's answer, for turns from `on` (their today) on."""
    return list(
        db.session.scalars(
            select(ChoreSwap)
            .join(ChoreSwap.assignment)
            .where(
                ChoreSwap.to_person_id == person.id,
                ChoreSwap.status == SwapStatus.PENDING,
                ChoreAssignment.due_on >= on,
            )
            .options(contains_eager(ChoreSwap.assignment).joinedload(ChoreAssignment.chore))
            .order_by(ChoreAssignment.due_on, ChoreSwap.id)
        )
    )
