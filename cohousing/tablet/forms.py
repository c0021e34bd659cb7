"""Tablet forms: validation only; the rules live in services.

Every form drops control characters from text (`BaseForm`), so a NUL typed or sent in a
code or a PIN is never compared or stored.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from cohousing.tablet.services import CODE_LENGTH, DEFAULT_TABLET_NAME, is_valid_pin, normalise_code
from cohousing.web.forms import BaseForm, OnceForm


class EnrolForm(BaseForm):
    """Typed on the tablet: the code the coordinator's screen shows."""

    code = StringField(
        _l("Enrolment code"),
        validators=[InputRequired(_l("Type the code shown on the coordinator's screen."))],
        description=_l("8 letters and numbers, for example ACDE-FH34."),
    )

    def validate_code(self, field: StringField) -> None:
        if len(normalise_code(field.data)) != CODE_LENGTH:
            raise ValidationError(_l("The code has 8 letters and numbers. Check it and try again."))


class StartEnrolmentForm(OnceForm):
    """The coordinator names the tablet; the code comes next. `submission_id` makes two
    taps make one code."""

    name = StringField(
        _l("Tablet name"),
        default=lambda: str(DEFAULT_TABLET_NAME),
        validators=[
            InputRequired(_l("Give the tablet a name, for example “Kitchen tablet”.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
        ],
    )


class PinForm(BaseForm):
    """4 to 6 digits. A PIN in the wrong shape is not counted as a try."""

    pin = PasswordField(
        _l("PIN"),
        validators=[InputRequired(_l("Type your PIN, then press OK."))],
    )

    def validate_pin(self, field: PasswordField) -> None:
        if not is_valid_pin(field.data):
            raise ValidationError(_l("A PIN has 4 to 6 numbers, and no letters."))
