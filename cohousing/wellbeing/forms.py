"""Wellbeing forms: validation only; the rules live in `services`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cohousing.web.forms import BaseForm, BoundedDateField, BoundedIntegerField, OnceForm
from cohousing.web.parsing import MAX_ID
from cohousing.wellbeing.services import MAX_NOTE, SHARE_LABELS, TAGS

FACES = _l("Choose one of the five faces.")
NOTE_TOO_LONG = _l("The note is too long: up to 2,000 characters.")


class ChipsField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CheckInForm(BaseForm):
    mood = BoundedIntegerField(
        _l("How are you today?"),
        validators=[InputRequired(FACES)],
        low=1,
        high=5,
        message=FACES,
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


class HelpForm(OnceForm):
    """A confirmation with a fresh submission id: a double tap sends for help once."""


WHO_TAPPED = _l("Tap your face, or \u201csomeone in the house\u201d.")


class HelpWithoutPinForm(OnceForm):
    """The face tapped on the help screen, or none for "someone in the house"; a fresh
    submission id, so a double tap asks once."""

    person_id = BoundedIntegerField(
        validators=[Optional()],
        low=1,
        high=MAX_ID,
        message=WHO_TAPPED,
    )


WHO = _l("Choose the housemate you are worried about.")


class WorriedForm(OnceForm):
    person_id = BoundedIntegerField(
        _l("Who are you worried about?"),
        validators=[InputRequired(WHO)],
        low=1,
        high=MAX_ID,
        message=WHO,
    )
    note = TextAreaField(
        _l("What worries you? (optional)"),
        validators=[Optional(), Length(max=MAX_NOTE, message=NOTE_TOO_LONG)],
    )


class ShareForm(BaseForm):
    share = RadioField(
        _l("What your workers can see"),
        choices=[SelectChoice(level.value, label) for level, label in SHARE_LABELS.items()],
        validators=[InputRequired(_l("Choose what your workers can see."))],
    )


YES_OR_NO = _l("Choose yes or no.")


class AllFineForm(BaseForm):
    agree = RadioField(
        _l("A daily “all fine” line to my workers"),
        choices=[SelectChoice("yes", _l("Yes, tell them")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(YES_OR_NO), AnyOf(("yes", "no"), message=YES_OR_NO)],
        validate_choice=False,  # AnyOf says it with the page's words
    )


class ProposalForm(BaseForm):
    """The resident's answer to a worker's proposal: the button pressed says which."""

    proposal_id = BoundedIntegerField(
        validators=[InputRequired(_l("This proposal was already answered."))],
        low=1,
        high=MAX_ID,
        message=_l("This proposal was already answered."),
    )
    answer = RadioField(
        choices=[
            SelectChoice("accept", _l("Yes, share this")),
            SelectChoice("refuse", _l("No, keep it as it is")),
        ],
        validators=[InputRequired(YES_OR_NO)],
    )


class ActionForm(BaseForm):
    """A button: CSRF only."""


class ResolveForm(BaseForm):
    note = TextAreaField(
        _l("What was done"),
        validators=[
            DataRequired(_l("Write what was done, to resolve the concern.")),
            Length(max=MAX_NOTE, message=NOTE_TOO_LONG),
        ],
    )


LADDER_MINUTES = _l("Between 0 and 1,440 minutes.")


def _ladder_minutes(label) -> BoundedIntegerField:
    """One step of the alert ladder: minutes after the reminder, within a day."""
    return BoundedIntegerField(
        label, validators=[Optional()], low=0, high=1440, message=LADDER_MINUTES
    )


class SettingsForm(BaseForm):
    missed_enabled = BooleanField(_l("Raise a concern when check-ins are missed"))
    missed_days = BoundedIntegerField(
        _l("After how many days in a row without a check-in"),
        validators=[Optional()],
        low=1,
        high=30,
        message=_l("Choose between 1 and 30 days."),
    )
    low_mood_enabled = BooleanField(_l("Raise a concern when the mood stays low"))
    help_numbers = TextAreaField(
        _l("Local help numbers"),
        description=_l('One a line, a name and the number: "Night service: 0583 000 000".'),
        validators=[Optional(), Length(max=1100)],
    )
    reminder_at = TimeField(
        _l("Check-in reminder on the tablet at"),
        description=_l("Leave empty for no reminder."),
        validators=[Optional()],
    )
    quiet_from = TimeField(_l("Quiet hours from"), validators=[Optional()])
    quiet_until = TimeField(_l("until"), validators=[Optional()])
    all_fine_at = TimeField(
        _l("Daily “all fine” email to the workers at"),
        validators=[Optional()],
        description=_l("Only about residents who agreed on the tablet. Empty: no email."),
    )
    ladder_housemate_after = _ladder_minutes(
        _l("Ask the housemate who agreed, minutes after the reminder")
    )
    ladder_worker_after = _ladder_minutes(_l("Tell the linked workers, minutes after the reminder"))
    ladder_coordinators_after = _ladder_minutes(
        _l("Tell the coordinators, minutes after the reminder")
    )


class BuddyForm(BaseForm):
    """The housemate who agreed to be asked about one resident; empty: nobody."""

    buddy_id = BoundedIntegerField(
        validators=[Optional()], low=1, high=MAX_ID, message=_l("Choose a housemate.")
    )


AGE = _l("The time this was made is missing.")


class QueuedForm(OnceForm):
    """What the tablet kept while offline: its own submission id, and its age in seconds
    when sent (the server dates it; the tablet's clock may be wrong)."""

    age_seconds = BoundedIntegerField(
        validators=[InputRequired(AGE)], low=0, high=10 * 24 * 3600, message=AGE
    )


class QueuedCheckInForm(QueuedForm):
    person_id = BoundedIntegerField(
        validators=[InputRequired(WHO_TAPPED)], low=1, high=MAX_ID, message=WHO_TAPPED
    )
    mood = BoundedIntegerField(validators=[InputRequired(FACES)], low=1, high=5, message=FACES)


class QueuedHelpForm(QueuedForm):
    person_id = BoundedIntegerField(validators=[Optional()], low=1, high=MAX_ID, message=WHO_TAPPED)


class PauseForm(BaseForm):
    """ "I'm away until …": the last day away, today included."""

    until = BoundedDateField(
        _l("I'm away until"), validators=[InputRequired(_l("Choose a day from today on."))]
    )
