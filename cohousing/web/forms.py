"""The shared form base: a rule's messages next to their fields, one claim per submit."""

from __future__ import annotations

from collections.abc import Callable

from flask_wtf import FlaskForm
from wtforms import HiddenField

from cohousing.database.idempotency import new_token
from cohousing.rules import RuleError

# Optional: a place for messages about inputs that are not WTForms fields (money's people).
ExtraErrors = Callable[[str, object], bool]


def show_rule_error(form: FlaskForm, error: RuleError, extra: ExtraErrors | None = None) -> None:
    """Each message by the field it names; what has no field goes at the top of the form."""
    for name, message in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        elif extra is not None and name and extra(name, message):
            continue
        else:
            form.form_errors.append(message)


class OnceForm(FlaskForm):
    """A create form that carries a fresh `submission_id`: two taps on Save book once."""

    submission_id = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_submitted() and not self.submission_id.data:
            self.submission_id.data = new_token()
