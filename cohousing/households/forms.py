"""Household forms: validation only. The rules themselves live in services.

Every form drops control characters from text (`BaseForm`: PostgreSQL refuses NUL), ids in
selects and numbers are read by `cohousing.web.parsing` (ASCII digits only, bounded), and
dates are between 1900 and 2200.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from cohousing.households.models import HouseholdKind, LinkFunction
from cohousing.households.services import FUNCTION_LABELS, IDLE_SECONDS, KIND_LABELS
from cohousing.people.models import AVATAR_COLOURS
from cohousing.people.services import ALLOWED_EXTENSIONS, MAX_PHOTO_BYTES, process_photo
from cohousing.rules import RuleError
from cohousing.web.amounts import parse_optional_amount
from cohousing.web.forms import BaseForm, BoundedDateField, BoundedIntegerField, OnceForm
from cohousing.web.i18n import LANGUAGE_NAMES
from cohousing.web.parsing import parse_id

NAME_REQUIRED = _l("Write a name.")
PIN_SHAPE = re.compile(r"[0-9]{4,6}")
PIN_RULE = _l("The PIN must be 4 to 6 digits.")


class EuroField(StringField):
    """Euros as typed ("900", "900,50", "1.234,50"); `cents` holds the parsed amount."""

    cents: int | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        try:
            self.cents = parse_optional_amount(self.data)
        except RuleError as error:
            self.cents = None
            raise ValueError(error.message) from None

    def process_data(self, value):
        self.cents = value
        self.data = "" if value is None else f"{value // 100},{value % 100:02d}"


def optional_id(value) -> int | None:
    """Select values are ids; the empty "Choose..." option (or anything that is not an id,
    such as "²") is None, caught by DataRequired."""
    return parse_id(value)


def an_id(value) -> int:
    """For multiple selects: an id, or ValueError (the field's "not a valid choice")."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number


def worker_choices(workers, placeholder=None) -> list[SelectChoice]:
    """Workers of any organisation can be linked: each named with where they work."""
    head = [SelectChoice("", placeholder)] if placeholder else []
    return [*head, *(SelectChoice(w.id, _worker_label(w)) for w in workers)]


def _worker_label(worker) -> str:
    where = worker.organisation
    return f"{worker.display_name} · {where.name}" if where else worker.display_name


def household_choices(households) -> list[SelectChoice]:
    return [
        SelectChoice("", _l("Choose a household")),
        *(SelectChoice(h.id, h.name) for h in households),
    ]


class PhotoCheck:
    """Opens the upload with Pillow; keeps the cleaned 256x256 JPEG in `field.processed`."""

    def __call__(self, form, field):
        field.processed = None
        if field.errors or not field.data:
            return
        field.data.stream.seek(0)
        try:
            field.processed = process_photo(field.data.stream)
        except RuleError as error:
            raise ValidationError(error.message) from None


def photo_field() -> FileField:
    return FileField(
        _l("Photo"),
        validators=[
            Optional(),
            FileAllowed(ALLOWED_EXTENSIONS, _l("Choose a JPEG, PNG, WebP or GIF picture.")),
            FileSize(MAX_PHOTO_BYTES, message=_l("The photo is larger than 5 MB.")),
            PhotoCheck(),
        ],
        description=_l("Optional. A face helps people find themselves on the tablet."),
    )


def pin_field(label=None) -> StringField:
    return StringField(
        label or _l("PIN"),
        validators=[DataRequired(PIN_RULE), Regexp(r"^[0-9]{4,6}$", message=PIN_RULE)],
        description=_l("4 to 6 digits, typed on the tablet."),
    )


def kind_field() -> RadioField:
    return RadioField(
        _l("Kind of household"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        default=HouseholdKind.FAMILY.value,
        validators=[DataRequired(_l("Choose the kind of household."))],
    )


class DwellingForm(BaseForm):
    """The dwelling fields, shared by the create and the edit form."""

    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    landlord_name = StringField(_l("Landlord"), validators=[Optional(), Length(max=120)])
    landlord_contact = StringField(
        _l("Landlord contact"),
        validators=[Optional(), Length(max=200)],
        description=_l("Phone or email."),
    )
    monthly_rent = EuroField(_l("Monthly rent (€)"), description=_l("For example 900 or 1.234,50."))
    lease_start = BoundedDateField(_l("Lease starts"), validators=[Optional()])
    lease_end = BoundedDateField(_l("Lease ends"), validators=[Optional()])


class ResidentRowForm(Form):
    """One row of first residents. A blank row is skipped; a half-filled one is an error."""

    class Meta:  # text without control characters, as in every BaseForm
        bind_field = BaseForm.Meta.bind_field

    display_name = StringField(_l("Name"), validators=[Length(max=80)])
    pin = StringField(_l("PIN"), description=_l("4 to 6 digits."))
    photo = photo_field()

    def is_blank(self) -> bool:
        return (
            not ((self.display_name.data or "").strip() or (self.pin.data or "").strip())
            and not self.photo.data
        )

    def validate(self, extra_validators=None) -> bool:
        if self.is_blank():
            return True
        ok = super().validate(extra_validators)
        if not (self.display_name.data or "").strip():
            self.display_name.errors.append(NAME_REQUIRED)
            ok = False
        if not PIN_SHAPE.fullmatch(self.pin.data or ""):
            self.pin.errors.append(PIN_RULE)
            ok = False
        return ok


class HouseholdCreateForm(DwellingForm, OnceForm):
    """The whole household in one page; `submission_id` makes two taps create one."""

    name = StringField(
        _l("Name of the household"),
        validators=[DataRequired(NAME_REQUIRED), Length(max=120)],
        description=_l("For example the street, or a name the residents chose."),
    )
    kind = kind_field()
    residents = FieldList(FormField(ResidentRowForm), min_entries=3, max_entries=20)
    workers = SelectMultipleField(_l("Workers who follow the household"), coerce=an_id)

    def set_worker_choices(self, workers) -> None:
        self.workers.choices = worker_choices(workers)

    def filled_residents(self) -> list[ResidentRowForm]:
        return [entry.form for entry in self.residents if not entry.form.is_blank()]


class HouseholdEditForm(DwellingForm):
    name = HouseholdCreateForm.name
    kind = kind_field()
    locale = SelectField(
        _l("Language of the household"),
        choices=[SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGE_NAMES.items()],
        description=_l("The tablet speaks this language unless a resident chose another."),
    )
    tablet_idle_seconds = BoundedIntegerField(
        _l("Tablet goes back to the faces after (seconds)"),
        default=60,
        low=IDLE_SECONDS[0],
        high=IDLE_SECONDS[1],
        message=_l("Choose between 20 and 600 seconds."),
        validators=[DataRequired(_l("Choose between 20 and 600 seconds."))],
    )


def language_choices() -> list[tuple[str, str]]:
    return [
        SelectChoice("", _l("Same as the household")),
        *(SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGE_NAMES.items()),
    ]


class ResidentForm(OnceForm):
    """A new resident joins the household; `submission_id` makes two taps add one."""

    display_name = StringField(_l("Name"), validators=[DataRequired(NAME_REQUIRED), Length(max=80)])
    pin = pin_field()
    preferred_language = SelectField(_l("Language"), choices=language_choices(), default="")
    photo = photo_field()


class ResidentEditForm(BaseForm):
    display_name = ResidentForm.display_name
    preferred_language = SelectField(_l("Language"), choices=language_choices(), default="")
    avatar_colour = RadioField(
        _l("Colour"),
        choices=[SelectChoice(c, c) for c in AVATAR_COLOURS],
        validators=[DataRequired()],
    )
    photo = photo_field()
    remove_photo = BooleanField(_l("Remove the photo"))


class PinForm(BaseForm):
    pin = pin_field(_l("New PIN"))


class MoveOutForm(BaseForm):
    ended_on = BoundedDateField(
        _l("Day of moving out"),
        validators=[DataRequired(_l("Choose a date."))],
        description=_l("The first day the person no longer lives here."),
    )


class MoveToForm(BaseForm):
    target = SelectField(
        _l("Move to"), coerce=optional_id, validators=[DataRequired(_l("Choose a household."))]
    )
    ended_on = BoundedDateField(
        _l("Day of moving"), validators=[DataRequired(_l("Choose a date."))]
    )


class LinkWorkerForm(BaseForm):
    worker_id = SelectField(
        _l("Worker"), coerce=optional_id, validators=[DataRequired(_l("Choose a worker."))]
    )
    function = SelectField(
        _l("Function"),
        choices=[SelectChoice(f.value, label) for f, label in FUNCTION_LABELS.items()],
        default=LinkFunction.SOCIAL_WORKER.value,
    )


class ConfirmForm(BaseForm):
    """Only the CSRF token: for confirm steps."""
