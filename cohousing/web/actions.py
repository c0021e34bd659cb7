"""The one shape of a write, so no view copies it: validate, act, answer.

    return perform(
        form,
        lambda: add_expense(household, data, by=actor, submission_id=form.submission_id.data),
        done=lambda expense: htmx_redirect(url_for(...)),
        refused=lambda: render_template("money/expense_form.html", form=form, ...),
    )

The service runs so that when it raises `RuleError` whatever it had flushed is undone (in
a savepoint, or by rolling back a transaction that had written nothing before it), the
messages go next to their fields and `refused()` is answered with 422 keeping what was
typed. A second submit of the same form (`AlreadySubmitted`) goes where the first one
led. The request's one commit happens after the view (`web.transaction`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import make_response
from flask.typing import ResponseReturnValue
from flask_babel import refresh
from flask_wtf import FlaskForm

from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.web.forms import ExtraErrors, show_rule_error
from cohousing.web.transaction import wrote_in_transaction

T = TypeVar("T")


def refuse(response: ResponseReturnValue):
    """The same page again, as 422: the form was not accepted, what was typed is kept."""
    answer = make_response(response)
    answer.status_code = 422
    return answer


def attempt(act: Callable[[], T]) -> T:
    """Run a service so that a RuleError leaves nothing of it behind: in a savepoint when
    the request has written something already, else rolling the transaction back.

    It is flushed before it ends, so a rule checked at flush time (an archived household)
    is refused here too, and not at the request's commit.
    """
    try:
        return _undoable(act)
    except RuleError:
        # The page is shown again in the language of what is stored, not of a change
        # (a household's language) that was just undone.
        refresh()
        raise


def _undoable(act: Callable[[], T]) -> T:
    if wrote_in_transaction(db.session):
        with db.session.begin_nested():
            result = act()
            db.session.flush()
        return result
    try:  # nothing to keep: no savepoint (two statements fewer on every write)
        result = act()
        db.session.flush()
    except (RuleError, AlreadySubmitted):
        db.session.rollback()
        raise
    return result


def perform(
    form: FlaskForm | None,
    act: Callable[[], T],
    *,
    done: Callable[[T], ResponseReturnValue],
    refused: Callable[[], ResponseReturnValue],
    repeated: Callable[[str], ResponseReturnValue] | None = None,
    validate: bool = True,
    extra_errors: ExtraErrors | None = None,
):
    """Validate `form` (unless told not to), run `act`, then answer `done(result)`."""
    if form is not None and validate and not form.validate_on_submit():
        return refuse(refused())
    try:
        result = attempt(act)
    except AlreadySubmitted as first:
        if repeated is None:
            raise
        return repeated(first.result)
    except RuleError as error:
        if form is not None:
            show_rule_error(form, error, extra_errors)
        return refuse(refused())
    return done(result)
