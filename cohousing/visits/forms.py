"""Visit, goal and rhythm forms: validation of shapes only; the rules are in the services."""

from __future__ import annotations

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
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
from wtforms.validators import InputRequired, Optional

from cohousing.visits.labels import (
    AREA_HINTS,
    AREA_LABELS,
    GOAL_STATUS_LABELS,
    KIND_LABELS,
    RATING_LABELS,
)
from cohousing.visits.models import AREAS


def int_or_none(value) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


class VisitForm(FlaskForm):
    submission_id = HiddenField()
    kind = RadioField(
        _l("What kind of contact"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Choose what kind of contact it was."))],
    )
    person_id = SelectField(
        _l("About whom"), coerce=int_or_none, validate_choice=False, validators=[Optional()]
    )
    visit_date = DateField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    visit_time = TimeField(_l("Time"), validators=[InputRequired(_l("Choose the time."))])
    duration_minutes = IntegerField(
        _l("How long, in minutes"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": 1440},
    )
    staff_present = StringField(
        _l("Staff present"),
        description=_l("Names of the team members who were there."),
        render_kw={"maxlength": 300},
    )
    agreed_actions = TextAreaField(
        _l("What we agreed to do"), render_kw={"rows": 4, "maxlength": 4000}
    )
    next_visit_on = DateField(_l("Next visit"), validators=[Optional()])


def _note_label(area: str) -> str:
    """ "Note: Physical health": each note names its area for screen readers."""
    return f"{gettext('Note')}: {AREA_LABELS[area]}"


RATING_CHOICES = [SelectChoice("", _l("Not looked at this time"))] + [
    SelectChoice(str(n), label) for n, label in RATING_LABELS.items()
]

for _area in AREAS:
    setattr(
        VisitForm,
        f"{_area}_rating",
        SelectField(
            AREA_LABELS[_area],
            choices=RATING_CHOICES,
            coerce=int_or_none,
            validate_choice=False,
            description=AREA_HINTS[_area],
        ),
    )
    setattr(
        VisitForm,
        f"{_area}_note",
        TextAreaField(
            LazyString(_note_label, _area),
            render_kw={"rows": 2, "maxlength": 2000},
        ),
    )


class GoalForm(FlaskForm):
    submission_id = HiddenField()
    person_id = SelectField(
        _l("Whose goal"),
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired(_l("Choose whose goal it is."))],
    )
    title = StringField(
        _l("The goal, in their words"),
        validators=[InputRequired(_l("Write the goal in a few words."))],
        render_kw={"maxlength": 200},
    )
    steps = TextAreaField(_l("First steps"), render_kw={"rows": 3, "maxlength": 2000})
    review_on = DateField(
        _l("Look at it again on"),
        validators=[InputRequired(_l("Choose when to look at it again."))],
    )


class GoalReviewForm(FlaskForm):
    status = RadioField(
        _l("How is it going"),
        choices=[SelectChoice(s.value, label) for s, label in GOAL_STATUS_LABELS.items()],
        validators=[InputRequired(_l("Choose how it is going."))],
    )
    review_on = DateField(_l("Next review"), validators=[Optional()])


class ScheduleForm(FlaskForm):
    every_days = IntegerField(
        _l("A visit every how many days"),
        description=_l("Leave empty when the household expects no regular visits."),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": 90},
    )
