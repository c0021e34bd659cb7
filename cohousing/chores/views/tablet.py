"""Chores on the house tablet, today: mark done (with help), undo, skip, ask to swap.

The household is the tablet's, the person acting is the resident who typed their PIN; an
assignment of another household is a 404. Every action is a POST that answers the updated
card to htmx and a 303 back to the today screen without JavaScript.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from cohousing.chores import bp
from cohousing.chores.actions import (
    UNDO_WINDOW,
    answer_swap,
    mark_done,
    request_swap,
    skip,
    undo,
)
from cohousing.chores.forms import SKIP_REASONS
from cohousing.chores.models import ChoreAssignment, ChoreCompletion, ChoreSwap
from cohousing.chores.services import ChoreRuleError
from cohousing.chores.today import today_for
from cohousing.chores.week import ensure_planned
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security import resident_required
from cohousing.web.htmx import fragment_or_redirect, is_htmx


@bp.after_request
def never_cache_tablet(response):
    """A shared screen: Back after the lock must not show a resident's chores from cache."""
    if (request.endpoint or "").startswith("chores.tablet_"):
        response.headers["Cache-Control"] = "no-store"
    return response


def can_undo(assignment: ChoreAssignment, me_id: int) -> bool:
    completion = assignment.completion
    return (
        completion is not None
        and completion.undone_at is None
        and me_id in (completion.recorded_by_id, completion.done_by_id)
        and clock.now() - completion.done_at <= UNDO_WINDOW
    )


def skip_words(assignment: ChoreAssignment) -> str:
    """The stored skip reason ("ill: text") in the reader's language."""
    key, _sep, note = assignment.skip_reason.partition(":")
    label = SKIP_REASONS.get(key)
    if label is None:
        return assignment.skip_reason
    return f"{label}: {note.strip()}" if note.strip() else str(label)


@bp.app_template_global()
def chore_submission_id() -> str:
    """A fresh token per Done button: a double tap is then one completion."""
    return idempotency.new_token()


@bp.app_template_global()
def chore_skip_reasons() -> dict:
    return SKIP_REASONS


@bp.app_template_global()
def chores_today(resident) -> dict:
    """My chores today and overdue, swap requests for me, the housemates: for the today
    screen. A fixed number of queries, whatever the length of the history."""
    tablet = g.get("tablet")
    if tablet is None or resident is None:
        return {}
    household = tablet.household
    ensure_planned(household)
    screen = today_for(household, resident)
    return {
        "screen": screen,
        "housemates": [p for p in current_residents(household) if p.id != resident.id],
        "can_undo": can_undo,
        "skip_words": skip_words,
    }


def _assignment(assignment_id: int) -> ChoreAssignment:
    """A turn of this tablet's household, or 404."""
    assignment = db.session.get(ChoreAssignment, assignment_id)
    if assignment is None or assignment.household_id != g.tablet.household.id:
        abort(404)
    return assignment


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 10]


def _card(assignment: ChoreAssignment, message: str | None = None, status: int = 200):
    """The turn's card for htmx; without htmx back to today (with the message flashed)."""
    if message and not is_htmx():
        flash(message, "error" if status >= 400 else "success")
    household = g.tablet.household
    db.session.refresh(assignment)
    response = fragment_or_redirect(
        "chores/_card.html",
        url_for("tablet.today"),
        a=assignment,
        me=g.resident,
        housemates=[p for p in current_residents(household) if p.id != g.resident.id],
        can_undo=can_undo,
        skip_words=skip_words,
        message=message,
        message_error=status >= 400,
        today=household.today(),
    )
    if is_htmx():
        response.status_code = status
    return response


@bp.get("/tablet/chores/<int:assignment_id>/card")
@resident_required
def tablet_card(assignment_id: int):
    """The card again (htmx asks once the minute to undo has passed)."""
    assignment = _assignment(assignment_id)
    if not is_htmx():
        return redirect(url_for("tablet.today"), code=303)
    return _card(assignment)


@bp.post("/tablet/chores/<int:assignment_id>/done")
@resident_required
def tablet_done(assignment_id: int):
    assignment = _assignment(assignment_id)
    helpers = _ids(request.form.getlist("helpers"))
    try:
        result = mark_done(
            assignment, g.resident, helpers, submission=request.form.get("submission_id")
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return _card(assignment)
    except ChoreRuleError as error:
        db.session.rollback()
        return _card(assignment, str(error.message), 422)
    db.session.commit()
    if not result.recorded:
        return _card(assignment, _("This was already done."))
    return _card(assignment, _("Well done! Marked as done."))


@bp.post("/tablet/chores/<int:assignment_id>/undo")
@resident_required
def tablet_undo(assignment_id: int):
    assignment = _assignment(assignment_id)
    completion = db.session.scalar(
        select(ChoreCompletion).where(ChoreCompletion.assignment_id == assignment.id)
    )
    if completion is None:
        return _card(assignment)
    try:
        undo(completion, g.resident)
    except ChoreRuleError as error:
        db.session.rollback()
        return _card(assignment, str(error.message), 422)
    db.session.commit()
    return _card(assignment, _("Undone. The chore is still to do."))


@bp.post("/tablet/chores/<int:assignment_id>/skip")
@resident_required
def tablet_skip(assignment_id: int):
    assignment = _assignment(assignment_id)
    key = request.form.get("reason", "")
    note = (request.form.get("note") or "").strip()[:150]
    if assignment.person_id != g.resident.id:
        return _card(assignment, _("You can only skip your own chores."), 422)
    if key not in SKIP_REASONS:
        return _card(assignment, _("Choose why you skip it."), 422)
    if key == "other" and not note:
        return _card(assignment, _("Say why, in a few words."), 422)
    try:
        skip(assignment, g.resident, f"{key}: {note}" if note else key)
    except ChoreRuleError as error:
        db.session.rollback()
        return _card(assignment, str(error.message), 422)
    db.session.commit()
    return _card(assignment, _("Skipped this time."))


@bp.post("/tablet/chores/<int:assignment_id>/swap")
@resident_required
def tablet_swap(assignment_id: int):
    assignment = _assignment(assignment_id)
    to_ids = _ids([request.form.get("to_person_id", "")])
    if not to_ids:
        return _card(assignment, _("Choose who you ask."), 422)
    try:
        swap = request_swap(assignment, g.resident, to_ids[0])
    except ChoreRuleError as error:
        db.session.rollback()
        return _card(assignment, str(error.message), 422)
    db.session.commit()
    return _card(
        assignment,
        _("Asked. %(name)s will answer next time.", name=swap.to_person.display_name),
    )


@bp.post("/tablet/chores/swaps/<int:swap_id>")
@resident_required
def tablet_answer_swap(swap_id: int):
    swap = db.session.get(ChoreSwap, swap_id)
    if (
        swap is None
        or swap.to_person_id != g.resident.id
        or swap.assignment.household_id != g.tablet.household.id
    ):
        abort(404)
    accept = request.form.get("answer") == "yes"
    try:
        answer_swap(swap, g.resident, accept)
    except ChoreRuleError as error:
        db.session.rollback()
        message, status = str(error.message), 422
    else:
        db.session.commit()
        status = 200
        message = {
            "accepted": _("Thank you! The chore is yours now."),
            "declined": _(
                "You said no. %(name)s keeps the chore.", name=swap.from_person.display_name
            ),
        }.get(swap.status.value, _("This request is no longer open."))
    if not is_htmx():
        flash(message, "error" if status >= 400 else "success")
    response = fragment_or_redirect(
        "chores/_swap_answered.html", url_for("tablet.today"), swap=swap, message=message
    )
    if is_htmx():
        response.status_code = status
    return response
