"""Chore forms: validation of what was typed only; the rules are in `services`.

Numbers and dates come through the bounded fields (`cohousing.web.forms`): "²", a
400-digit number or year 9999 get the field's message, never reach a rule or the database.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from cohousing.chores.models import AbsenceKind, ChoreArea
from cohousing.chores.services import (
    CAPACITY_STEPS,
    SKIP_REASONS,
    ChoreData,
    Recurrence,
    RecurrenceKind,
    mask_from_weekdays,
)
from cohousing.web.forms import (
    BaseForm,
    BoundedDateField,
    BoundedIntegerField,
    MultiCheckboxField,
    OnceForm,
)
from cohousing.web.parsing import parse_id, parse_int

# Far wider than any rule: every number typed reaches the rule and its own message.
ANY_NUMBER = 10**9

__all__ = [
    "ABSENCE_LABELS",
    "AREA_LABELS",
    "CAPACITY_STEPS",
    "ICONS",
    "KIND_LABELS",
    "SKIP_REASONS",
    "WEEKDAY_LABELS",
    "AbsenceForm",
    "ChoreForm",
    "EmptyForm",
    "MyAbsenceForm",
]

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


def _as_id(value) -> int:
    """SelectField coerce: an id in ASCII digits, else WTForms' "not a valid choice"."""
    found = parse_id(value)
    if found is None:
        raise ValueError(value)
    return found


class ChoreForm(OnceForm):
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
    minutes = BoundedIntegerField(
        _l("Minutes (optional)"),
        validators=[Optional()],
        low=1,
        high=600,
        message=_l("Choose between 1 and 600 minutes."),
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
    every_days = BoundedIntegerField(
        _l("Every how many days"),
        validators=[Optional()],
        low=-ANY_NUMBER,
        high=ANY_NUMBER,
        message=_l("Choose a number of days of 1 or more."),
    )
    anchor_on = BoundedDateField(_l("First day"), validators=[Optional()])
    month_day = BoundedIntegerField(
        _l("Day of the month"),
        validators=[Optional()],
        low=-ANY_NUMBER,
        high=ANY_NUMBER,
        message=_l("Choose a day of the month from 1 to 31."),
        description=_l("In months with fewer days, days 29 to 31 fall on the last day."),
    )

    def chore_data(self, today: date) -> ChoreData:
        """What was typed, for `create_chore` / `update_chore` (call after validating):
        only the line of the rule that goes with the kind chosen counts."""
        kind = RecurrenceKind(self.recurrence_kind.data)
        weekdays = [parse_int(d, low=0, high=6) for d in self.weekdays.data or []]
        rule = Recurrence(
            kind,
            weekdays_mask=mask_from_weekdays([d for d in weekdays if d is not None])
            if kind is RecurrenceKind.WEEKDAYS
            else 0,
            every_days=self.every_days.data if kind is RecurrenceKind.EVERY_N_DAYS else None,
            anchor_on=(self.anchor_on.data or today)
            if kind is RecurrenceKind.EVERY_N_DAYS
            else None,
            month_day=self.month_day.data if kind is RecurrenceKind.MONTHLY else None,
        )
        return ChoreData(
            name=self.name.data or "",
            rule=rule,
            effort_points=parse_int(self.effort_points.data, low=1, high=3) or 1,
            icon=self.icon.data if self.icon.data in ICONS else "",
            area=ChoreArea(self.area.data),
            minutes=self.minutes.data,
        )


class AbsenceForm(BaseForm):
    person_id = SelectField(_l("Who"), coerce=_as_id, validators=[DataRequired()])
    kind = SelectField(
        _l("Why"),
        choices=[SelectChoice(k.value, v) for k, v in ABSENCE_LABELS.items()],
        default=AbsenceKind.HOLIDAY.value,
    )
    starts_on = BoundedDateField(
        _l("First day away"), validators=[DataRequired(_l("Choose a day."))]
    )
    ends_on = BoundedDateField(_l("Last day away"), validators=[DataRequired(_l("Choose a day."))])


class MyAbsenceForm(BaseForm):
    """The resident themself on the tablet: no "who"."""

    kind = AbsenceForm.kind
    starts_on = AbsenceForm.starts_on
    ends_on = AbsenceForm.ends_on


class EmptyForm(BaseForm):
    """Only the CSRF token: for buttons that post."""
