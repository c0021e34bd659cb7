"""Chores on the house tablet, today: mark done (with help), undo, skip, ask to swap, and
"Got it" for what changed in my plan.

The household is the tablet's, the person acting is the resident who typed their PIN; a
turn or swap of another household is a 404 (`security.scope`). Every action is a POST that
answers the updated card to htmx and a 303 back to the today screen without JavaScript.
The today screen's own chores section is `services.today_screen`, passed by the tablet's
today view as `chores_today`.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from cohousing.chores import bp
from cohousing.chores.forms import SKIP_REASONS
from cohousing.chores.models import ChoreAssignment, ChoreSwap
from cohousing.chores.services import (
    answer_swap,
    can_undo,
    dismiss_changes,
    mark_done,
    request_swap,
    skip_own,
    skip_words,
    undo,
)
from cohousing.database import idempotency
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.security import resident_required
from cohousing.web.actions import attempt
from cohousing.web.htmx import fragment_or_redirect, is_htmx
from cohousing.web.parsing import parse_id


@bp.after_request
def never_cache_tablet(response):
    """A shared screen: Back after the lock must not show a resident's chores from cache."""
    if (request.endpoint or "").startswith("chores.tablet_"):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def chore_submission_id() -> str:
    """A fresh token per Done button: a double tap is then one completion. (No query.)"""
    return idempotency.new_token()


@bp.app_template_global()
def chore_skip_reasons() -> dict:
    return SKIP_REASONS


def _card(assignment: ChoreAssignment, message: str | None = None, status: int = 200):
    """The turn's card for htmx; without htmx back to today (with the message flashed)."""
    if message and not is_htmx():
        flash(message, "error" if status >= 400 else "success")
    household = g.tablet.household
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


def _act(assignment: ChoreAssignment, act, success: str | None = None):
    """Run the action in a savepoint; a rule's refusal is the card with its message, 422."""
    try:
        attempt(act)
    except RuleError as error:
        return _card(assignment, str(error.message), 422)
    return _card(assignment, success)


@bp.get("/tablet/chores/<int:assignment_id>/card")
@resident_required
def tablet_card(assignment: ChoreAssignment):
    """The card again (htmx asks once the minute to undo has passed)."""
    if not is_htmx():
        return redirect(url_for("tablet.today"), code=303)
    return _card(assignment)


@bp.post("/tablet/chores/<int:assignment_id>/done")
@resident_required
def tablet_done(assignment: ChoreAssignment):
    helpers = [parse_id(value) for value in request.form.getlist("helpers")]
    if None in helpers:
        return _card(assignment, _("Choose people who live here."), 422)
    submission = request.form.get("submission_id")
    try:
        result = attempt(lambda: mark_done(assignment, g.resident, helpers, submission))
    except idempotency.AlreadySubmitted:
        return _card(assignment)
    except RuleError as error:
        return _card(assignment, str(error.message), 422)
    if not result.recorded:
        return _card(assignment, _("This was already done."))
    return _card(assignment, _("Well done! Marked as done."))


@bp.post("/tablet/chores/<int:assignment_id>/undo")
@resident_required
def tablet_undo(assignment: ChoreAssignment):
    completion = assignment.completion
    if completion is None:
        return _card(assignment)
    return _act(
        assignment, lambda: undo(completion, g.resident), _("Undone. The chore is still to do.")
    )


@bp.post("/tablet/chores/<int:assignment_id>/skip")
@resident_required
def tablet_skip(assignment: ChoreAssignment):
    key, note = request.form.get("reason", ""), request.form.get("note", "")
    return _act(
        assignment, lambda: skip_own(assignment, g.resident, key, note), _("Skipped this time.")
    )


@bp.post("/tablet/chores/<int:assignment_id>/swap")
@resident_required
def tablet_swap(assignment: ChoreAssignment):
    to_person_id = parse_id(request.form.get("to_person_id", ""))
    try:
        swap = attempt(lambda: request_swap(assignment, g.resident, to_person_id))
    except RuleError as error:
        return _card(assignment, str(error.message), 422)
    return _card(
        assignment,
        _("Asked. %(name)s will answer next time.", name=swap.to_person.display_name),
    )


@bp.post("/tablet/chores/changes/seen")
@resident_required
def tablet_changes_seen():
    """ "Got it": what changed in my plan is not shown again. htmx: the notes go away."""
    dismiss_changes(g.tablet.household, g.resident)
    if is_htmx():
        return ""
    return redirect(url_for("tablet.today"), code=303)


@bp.post("/tablet/chores/swaps/<int:swap_id>")
@resident_required
def tablet_answer_swap(swap: ChoreSwap):
    """Yes or no to a swap asked of me; a request for someone else is not mine to see."""
    if swap.to_person_id != g.resident.id:
        abort(404)
    accept = request.form.get("answer") == "yes"
    try:
        attempt(lambda: answer_swap(swap, g.resident, accept))
    except RuleError as error:
        message, status = str(error.message), 422
    else:
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
