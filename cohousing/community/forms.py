"""House-life forms: validation of shapes only; the rules live in the services.

Every form is a `BaseForm` (text loses NUL and control characters); create forms are
`OnceForm`s, whose `submission_id` makes a double tap save once. Numbers, ids and dates
are parsed the one way (`cohousing.web.parsing`): a made-up value gets the field's
message, never a 500.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from cohousing.community.models import MAX_LONG_TEXT, MAX_SHORT_TEXT, MAX_TITLE, HelpKind, PollKind
from cohousing.web.forms import BaseForm, BoundedDateField, BoundedIntegerField, OnceForm
from cohousing.web.parsing import MAX_ID, parse_id, parse_int

NOTICE_EMPTY = _l("Write the notice.")
NOTICE_LONG = _l("The notice is too long: up to 280 characters.")
LONG_TEXT = _l("This is too long: up to 2,000 characters.")
TITLE_LONG = _l("This is too long: up to 200 characters.")
DATE_NEEDED = _l("Choose a day.")
TIME_NEEDED = _l("Choose a time.")
CHOOSE_AN_ANSWER = _l("Choose one of the answers.")
NOT_ON_THE_BOARD = _l("These notices could not be marked as read.")
PRESENT_FROM_LIST = _l("Choose who was present from the list.")
NEW_AGREEMENT = 0  # the choice "a new agreement" in the agreement form


class IdListField(Field):
    """Several ids under one name (checkboxes, hidden inputs): ASCII digits only, each a
    possible id; anything else is the field's `message` (never int() on "²" or 2^63)."""

    def __init__(self, label=None, validators=None, *, message, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        ids = [parse_id(value) for value in valuelist]
        self.data = [i for i in ids if i is not None]
        if None in ids:
            raise ValueError(self.message)

    def _value(self):
        return ",".join(str(i) for i in self.data or [])


def agreement_choice(value) -> int:
    """An agreement's id, or NEW_AGREEMENT; what is not a number is refused by WTForms."""
    if isinstance(value, int):
        return value
    number = parse_int(value, low=NEW_AGREEMENT, high=MAX_ID)
    if number is None:
        raise ValueError(value)
    return number


class ActionForm(BaseForm):
    """A button: CSRF only."""


class SeenForm(BaseForm):
    """The ids of the notices the board showed as new, sent back to mark them read."""

    notice = IdListField(message=NOT_ON_THE_BOARD)


class PresentForm(BaseForm):
    """Who was at a meeting: the ticked residents' ids."""

    present = IdListField(message=PRESENT_FROM_LIST)


class NoticeForm(OnceForm):
    body = TextAreaField(
        _l("Your notice"),
        description=_l("Up to 280 characters."),
        validators=[DataRequired(NOTICE_EMPTY), Length(max=MAX_SHORT_TEXT, message=NOTICE_LONG)],
    )
    photo = FileField(_l("A photo (optional)"), description=_l("A picture up to 5 MB."))


class StaffNoticeForm(NoticeForm):
    pinned = BooleanField(_l("Pin it at the top"))
    expires_on = BoundedDateField(
        _l("Last day to show it (optional)"),
        validators=[Optional()],
    )


class AgendaPointForm(OnceForm):
    title = StringField(
        _l("A point to talk about"),
        validators=[
            DataRequired(_l("Write the point you want to talk about.")),
            Length(max=MAX_TITLE, message=TITLE_LONG),
        ],
    )


class MinutesForm(BaseForm):
    minutes = TextAreaField(
        lazy_pgettext("meeting", "Minutes"),
        validators=[Optional(), Length(max=MAX_LONG_TEXT, message=LONG_TEXT)],
    )


class MeetingForm(OnceForm):
    day = BoundedDateField(_l("Day"), validators=[InputRequired(DATE_NEEDED)])
    at = TimeField(_l("Time"), validators=[InputRequired(TIME_NEEDED)])


class AgreementForm(BaseForm):
    agreement_id = SelectField(_l("Agreement"), coerce=agreement_choice, validate_choice=True)
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


class PollForm(OnceForm):
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
    closes_day = BoundedDateField(_l("Closes on"), validators=[InputRequired(DATE_NEEDED)])
    closes_at = TimeField(_l("at"), validators=[InputRequired(TIME_NEEDED)])


class VoteForm(BaseForm):
    option = BoundedIntegerField(
        low=1,
        high=MAX_ID,
        message=CHOOSE_AN_ANSWER,
        validators=[InputRequired(CHOOSE_AN_ANSWER)],
    )


class HelpForm(OnceForm):
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


class MediationForm(OnceForm):
    note = TextAreaField(
        _l("What is it about? (optional)"),
        description=_l("Only the workers who follow your house will read it."),
        validators=[Optional(), Length(max=MAX_LONG_TEXT, message=LONG_TEXT)],
    )
