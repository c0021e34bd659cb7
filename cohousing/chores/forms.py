"""Chore forms: validation of what was typed only; the rules are in `services`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from cohousing.chores.models import AbsenceKind, ChoreArea
from cohousing.chores.recurrence import RecurrenceKind

AREA_LABELS = {
    ChoreArea.OWN_ROOM: _l("Own room"),
    ChoreArea.KITCHEN: _l("Kitchen"),
    ChoreArea.COMMON: _l("Common spaces"),
    ChoreArea.BUILDING: _l("Stairs and garden"),
}
KIND_LABELS = {
    RecurrenceKind.DAILY: _l("Every day"),
    RecurrenceKind.WEEKDAYS: _l("On chosen days of the week"),
    RecurrenceKind.EVERY_N_DAYS: _l("Every few days"),
    RecurrenceKind.MONTHLY: _l("Once a month, on a day"),
    RecurrenceKind.WHEN_NEEDED: _l("When needed"),
}
ABSENCE_LABELS = {
    AbsenceKind.HOLIDAY: _l("Holiday"),
    AbsenceKind.HOSPITAL: _l("Hospital"),
    AbsenceKind.CUSTODY: _l("Custody weeks"),
    AbsenceKind.OTHER: _l("Other"),
}
WEEKDAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
ICONS = {
    "broom": _l("Broom"),
    "kitchen": _l("Kitchen"),
    "bin": _l("Rubbish bin"),
    "bath": _l("Bathroom"),
    "cart": _l("Shopping"),
    "stairs": _l("Stairs"),
    "plant": _l("Plant"),
    "table": _l("Table"),
    "sofa": _l("Living room"),
    "laundry": _l("Laundry"),
}
# Capacity shares offered: 0 (takes part in none) to 2, in hundredths.
CAPACITY_STEPS = (0, 25, 50, 75, 100, 150, 200)
SKIP_REASONS = {
    "ill": _l("I am ill"),
    "away": _l("I am away"),
    "other": _l("Other reason"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChoreForm(FlaskForm):
    submission_id = HiddenField()
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the chore a name.")), Length(max=120)]
    )
    icon = SelectField(
        _l("Picture"), choices=[SelectChoice(k, v) for k, v in ICONS.items()], default="broom"
    )
    effort_points = SelectField(
        _l("Effort"),
        choices=[
            SelectChoice("1", _l("1 point: light")),
            SelectChoice("2", _l("2 points")),
            SelectChoice("3", _l("3 points: heavy")),
        ],
        default="1",
    )
    minutes = IntegerField(
        _l("Minutes (optional)"),
        validators=[Optional(), NumberRange(1, 600, _l("Choose between 1 and 600 minutes."))],
    )
    area = SelectField(
        _l("Where"),
        choices=[SelectChoice(k.value, v) for k, v in AREA_LABELS.items()],
        default="common",
    )
    recurrence_kind = SelectField(
        _l("Repeats"),
        choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()],
        default=RecurrenceKind.WEEKDAYS.value,
    )
    weekdays = MultiCheckboxField(
        _l("Days of the week"),
        choices=[SelectChoice(str(i), d) for i, d in enumerate(WEEKDAY_LABELS)],
    )
    every_days = IntegerField(_l("Every how many days"), validators=[Optional()])
    anchor_on = DateField(_l("First day"), validators=[Optional()])
    month_day = IntegerField(
        _l("Day of the month"),
        validators=[Optional()],
        description=_l("In months with fewer days, days 29 to 31 fall on the last day."),
    )


class AbsenceForm(FlaskForm):
    person_id = SelectField(_l("Who"), coerce=int, validators=[DataRequired()])
    kind = SelectField(
        _l("Why"),
        choices=[SelectChoice(k.value, v) for k, v in ABSENCE_LABELS.items()],
        default=AbsenceKind.HOLIDAY.value,
    )
    starts_on = DateField(_l("First day away"), validators=[DataRequired(_l("Choose a day."))])
    ends_on = DateField(_l("Last day away"), validators=[DataRequired(_l("Choose a day."))])


class MyAbsenceForm(FlaskForm):
    """The resident themself on the tablet: no "who"."""

    kind = AbsenceForm.kind
    starts_on = AbsenceForm.starts_on
    ends_on = AbsenceForm.ends_on


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that post."""
