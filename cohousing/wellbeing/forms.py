"""Wellbeing forms: validation only; the rules live in checkins.py and concerns.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cohousing.wellbeing.checkins import MAX_NOTE, SHARE_LABELS, TAGS

FACES = _l("Choose one of the five faces.")
NOTE_TOO_LONG = _l("The note is too long: up to 2,000 characters.")


class ChipsField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CheckInForm(FlaskForm):
    mood = IntegerField(
        _l("How are you today?"),
        validators=[InputRequired(FACES), NumberRange(1, 5, FACES)],
    )
    tags = ChipsField(
        _l("Anything else?"),
        choices=[SelectChoice(code, label) for code, label in TAGS.items()],
        validate_choice=True,
    )
    note = TextAreaField(
        _l("A note (optional)"),
        validators=[Optional(), Length(max=MAX_NOTE, message=NOTE_TOO_LONG)],
    )
    extras = HiddenField()  # set by the confirmation form: tags and note are replaced


class HelpForm(FlaskForm):
    submission_id = HiddenField()


class WorriedForm(FlaskForm):
    submission_id = HiddenField()
    person_id = IntegerField(
        _l("Who are you worried about?"),
        validators=[InputRequired(_l("Choose the housemate you are worried about."))],
    )
    note = TextAreaField(
        _l("What worries you? (optional)"),
        validators=[Optional(), Length(max=MAX_NOTE, message=NOTE_TOO_LONG)],
    )


class ShareForm(FlaskForm):
    share = RadioField(
        _l("What your workers can see"),
        choices=[SelectChoice(level.value, label) for level, label in SHARE_LABELS.items()],
        validators=[InputRequired(_l("Choose what your workers can see."))],
    )


class ActionForm(FlaskForm):
    """A button: CSRF only."""


class ResolveForm(FlaskForm):
    note = TextAreaField(
        _l("What was done"),
        validators=[
            DataRequired(_l("Write what was done, to resolve the concern.")),
            Length(max=MAX_NOTE, message=NOTE_TOO_LONG),
        ],
    )


class SettingsForm(FlaskForm):
    missed_enabled = BooleanField(_l("Raise a concern when check-ins are missed"))
    missed_days = IntegerField(
        _l("After how many days in a row without a check-in"),
        validators=[Optional(), NumberRange(1, 30, _l("Choose between 1 and 30 days."))],
    )
    low_mood_enabled = BooleanField(_l("Raise a concern when the mood stays low"))
    help_numbers = TextAreaField(
        _l("Local help numbers"),
        description=_l('One a line, a name and the number: "Night service: 0583 000 000".'),
        validators=[Optional(), Length(max=1100)],
    )
