"""House-life forms: validation only; the rules live in notices, meetings, polls, helping."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from cohousing.community.errors import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_TITLE
from cohousing.community.models import HelpKind, PollKind

NOTICE_EMPTY = _l("Write the notice.")
NOTICE_LONG = _l("The notice is too long: up to 280 characters.")
LONG_TEXT = _l("This is too long: up to 2,000 characters.")
TITLE_LONG = _l("This is too long: up to 200 characters.")
DATE_NEEDED = _l("Choose a day.")
TIME_NEEDED = _l("Choose a time.")


class ActionForm(FlaskForm):
    """A button: CSRF only."""


class NoticeForm(FlaskForm):
    submission_id = HiddenField()
    body = TextAreaField(
        _l("Your notice"),
        description=_l("Up to 280 characters."),
        validators=[DataRequired(NOTICE_EMPTY), Length(max=MAX_SHORT_TEXT, message=NOTICE_LONG)],
    )
    photo = FileField(_l("A photo (optional)"), description=_l("A picture up to 5 MB."))


class StaffNoticeForm(NoticeForm):
    pinned = BooleanField(_l("Pin it at the top"))
    expires_on = DateField(
        _l("Last day to show it (optional)"),
        validators=[Optional()],
    )


class AgendaPointForm(FlaskForm):
    submission_id = HiddenField()
    title = StringField(
        _l("A point to talk about"),
        validators=[
            DataRequired(_l("Write the point you want to talk about.")),
            Length(max=MAX_TITLE, message=TITLE_LONG),
        ],
    )


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        _l("Minutes"), validators=[Optional(), Length(max=MAX_LONG_TEXT, message=LONG_TEXT)]
    )


class MeetingForm(FlaskForm):
    submission_id = HiddenField()
    day = DateField(_l("Day"), validators=[InputRequired(DATE_NEEDED)])
    at = TimeField(_l("Time"), validators=[InputRequired(TIME_NEEDED)])


class AgreementForm(FlaskForm):
    agreement_id = SelectField(_l("Agreement"), coerce=int, validate_choice=True)
    title = StringField(
        _l("Title of a new agreement"),
        description=_l("For example: quiet hours, guests, washing machine."),
        validators=[Optional(), Length(max=MAX_TITLE, message=TITLE_LONG)],
    )
    text = TextAreaField(
        _l("What was agreed"),
        validators=[
            DataRequired(_l("Write what was agreed.")),
            Length(max=MAX_LONG_TEXT, message=LONG_TEXT),
        ],
    )


class PollForm(FlaskForm):
    submission_id = HiddenField()
    question = StringField(
        _l("Question"),
        validators=[
            DataRequired(_l("Write the question.")),
            Length(max=MAX_TITLE, message=TITLE_LONG),
        ],
    )
    kind = RadioField(
        _l("Answers"),
        choices=[
            SelectChoice(PollKind.YES_NO.value, _l("Yes or no")),
            SelectChoice(PollKind.CHOICE.value, _l("A choice")),
            SelectChoice(PollKind.DATE.value, _l("A date")),
        ],
        default=PollKind.YES_NO.value,
        validators=[InputRequired(_l("Choose the kind of answers."))],
    )
    choices = TextAreaField(
        _l("Choices"),
        description=_l("One per line. For a date, write days as YYYY-MM-DD."),
        validators=[Optional(), Length(max=1200, message=LONG_TEXT)],
    )
    closes_day = DateField(_l("Closes on"), validators=[InputRequired(DATE_NEEDED)])
    closes_at = TimeField(_l("at"), validators=[InputRequired(TIME_NEEDED)])


class VoteForm(FlaskForm):
    option = IntegerField(validators=[InputRequired(_l("Choose one of the answers."))])


class HelpForm(FlaskForm):
    submission_id = HiddenField()
    kind = RadioField(
        _l("What is it?"),
        choices=[
            SelectChoice(HelpKind.REQUEST.value, _l("I need a hand")),
            SelectChoice(HelpKind.OFFER.value, _l("I can help")),
        ],
        default=HelpKind.REQUEST.value,
        validators=[InputRequired(_l("Choose: you need a hand, or you can help."))],
    )
    body = TextAreaField(
        _l("What is it about?"),
        description=_l("For example: can someone take the children to school on Tuesday?"),
        validators=[
            DataRequired(_l("Write what you need or what you offer.")),
            Length(max=MAX_SHORT_TEXT, message=_l("This is too long: up to 280 characters.")),
        ],
    )


class MediationForm(FlaskForm):
    submission_id = HiddenField()
    note = TextAreaField(
        _l("What is it about? (optional)"),
        description=_l("Only the workers who follow your house will read it."),
        validators=[Optional(), Length(max=MAX_LONG_TEXT, message=LONG_TEXT)],
    )
