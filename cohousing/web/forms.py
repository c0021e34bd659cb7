"""The shared form base: a rule's messages next to their fields, one claim per submit."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from cohousing.database.idempotency import new_token
from cohousing.rules import RuleError
from cohousing.web.parsing import clean_text, parse_date, parse_int

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


# --- fields that parse the one way (cohousing.web.parsing) --------------------------------


def _drop_control_characters(value):
    return clean_text(value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form of the app: text loses control characters (PostgreSQL refuses NUL) before
    any validator sees it."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                # Lists of sub-forms take no filters (WTForms refuses them); a sub-form
                # gets the same filter from its own Meta (`bind_field = BaseForm.Meta...`).
                return unbound_field.bind(form=form, **options)
            filters = unbound_field.kwargs.get("filters", ())
            options = {**options, "filters": (_drop_control_characters, *filters)}
            return unbound_field.bind(form=form, **options)


class BoundedIntegerField(IntegerField):
    """A whole number in ASCII digits within [low, high]; anything else is the field's
    `message` (never int() on "²" or a 400-digit number)."""

    def __init__(self, label=None, validators=None, *, low: int, high: int, message=None, **kw):
        super().__init__(label, validators, **kw)
        self.low, self.high, self.message = low, high, message

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        self.data = parse_int(valuelist[0], low=self.low, high=self.high)
        if self.data is None:
            raise ValueError(
                self.message
                or gettext(
                    "Enter a whole number from %(low)s to %(high)s.",
                    low=format_number(self.low),
                    high=format_number(self.high),
                )
            )


class BoundedDateField(DateField):
    """An ISO date between 1900 and 2200: year 9999 is the field's message, not a 500."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        self.data = parse_date(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter a date as the calendar shows it."))


class MultiCheckboxField(SelectMultipleField):
    """A choice of several, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OnceForm(BaseForm):
    """A create form that carries a fresh `submission_id`: two taps on Save book once."""

    submission_id = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_submitted() and not self.submission_id.data:
            self.submission_id.data = new_token()
