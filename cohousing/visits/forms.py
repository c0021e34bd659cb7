"""Visit, goal and rhythm forms, and the words for visit kinds, observation areas, ratings
and goal states (English msgids). Validation of shapes only: the rules are in the
services. Ids, numbers and dates are parsed the one way (`cohousing.web.parsing`): a
made-up value gets the field's message, never a 500; text loses control characters.
"""

from __future__ import annotations

from flask_babel import LazyString, gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from cohousing.visits.models import AREAS, GoalStatus, VisitKind
from cohousing.visits.services import (
    EVERY_DAYS,
    LIVES_HERE,
    MAX_EVERY_DAYS,
    MAX_MINUTES,
    MAX_RATING,
    MINUTES_RANGE,
    RATING_RANGE,
)
from cohousing.web.forms import BaseForm, BoundedDateField, BoundedIntegerField, OnceForm
from cohousing.web.parsing import MAX_ID, parse_int

# --- words -------------------------------------------------------------------------------

KIND_LABELS = {
    VisitKind.HOME: _l("Home visit"),
    VisitKind.PHONE: _l("Phone call"),
    VisitKind.ACCOMPANIMENT: _l("Accompaniment"),
    VisitKind.NO_ANSWER: _l("Nobody was home"),
}

AREA_LABELS = {
    "home_tenancy": _l("The home and the tenancy"),
    "common_spaces": _l("Common spaces"),
    "house_relations": _l("Relations in the house"),
    "emotional_wellbeing": _l("How they feel"),
    "physical_health": _l("Physical health"),
    "substance_use": _l("Alcohol and drugs (keeping safer)"),
    "social_contacts": _l("Friends, family and other people"),
    "daily_activities": _l("Daily activities"),
    "money": lazy_pgettext("visit topic", "Money"),
    "safety": _l("Safety"),
}

AREA_HINTS = {
    "home_tenancy": _l(
        "Is the home kept as they want it? Any problem with the lease or neighbours?"
    ),
    "common_spaces": _l("Kitchen, stairs, garden: are they kept together?"),
    "house_relations": _l("How the housemates get on; any conflict to mediate."),
    "emotional_wellbeing": _l("Mood, worries, sleep, in their own words."),
    "physical_health": _l("Pain, illness, appointments, medicines."),
    "substance_use": _l("What helps them use more safely, without judging."),
    "social_contacts": _l("Who they see and talk to."),
    "daily_activities": _l("Work, courses, hobbies, how the days go."),
    "money": _l("Income, rent contribution, debts."),
    "safety": _l("Do they feel safe at home and outside?"),
}

RATING_LABELS = {
    1: _l("1 – very worrying"),  # noqa: RUF001 (a dash, as translated)
    2: _l("2 – worrying"),  # noqa: RUF001 (a dash, as translated)
    3: _l("3 – so-so"),  # noqa: RUF001 (a dash, as translated)
    4: _l("4 – going well"),  # noqa: RUF001 (a dash, as translated)
    5: _l("5 – going very well"),  # noqa: RUF001 (a dash, as translated)
}

GOAL_STATUS_LABELS = {
    GoalStatus.ACTIVE: _l("Working on it"),
    GoalStatus.REACHED: _l("Reached"),
    GoalStatus.STOPPED: lazy_pgettext("goal", "Stopped"),
}


def labels() -> dict:
    """The words the visit templates use, by the names they use them."""
    return {
        "VISIT_KIND_LABELS": KIND_LABELS,
        "AREA_LABELS": AREA_LABELS,
        "RATING_LABELS": RATING_LABELS,
        "GOAL_STATUS_LABELS": GOAL_STATUS_LABELS,
        "AREAS": AREAS,
    }


# --- fields ------------------------------------------------------------------------------


class NumberChoiceField(SelectField):
    """A select whose values are whole numbers within [low, high], or "" for none. What is
    not such a number ("²", 2^63, a 400-digit number) is the field's `message`."""

    def __init__(self, label=None, validators=None, *, low: int, high: int, message, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, coerce=self._number_or_none, **kwargs)
        self.low, self.high, self.message = low, high, message

    def _number_or_none(self, value) -> int | None:
        if value in (None, "", "None"):
            return None
        return parse_int(value, low=self.low, high=self.high)

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", "None"):
            self.data = None
            return
        self.data = self._number_or_none(valuelist[0])
        if self.data is None:
            raise ValueError(self.message)


def person_field(label, message, validators=None) -> NumberChoiceField:
    """A resident chosen from a list of ids (the view fills the choices)."""
    return NumberChoiceField(label, validators, low=1, high=MAX_ID, message=message)


# --- forms -------------------------------------------------------------------------------


class VisitForm(OnceForm):
    kind = RadioField(
        _l("What kind of contact"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Choose what kind of contact it was."))],
    )
    person_id = person_field(_l("About whom"), LIVES_HERE, validators=[Optional()])
    visit_date = BoundedDateField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    visit_time = TimeField(_l("Time"), validators=[InputRequired(_l("Choose the time."))])
    duration_minutes = BoundedIntegerField(
        _l("How long, in minutes"),
        low=1,
        high=MAX_MINUTES,
        message=MINUTES_RANGE,
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_MINUTES},
    )
    staff_present = StringField(
        _l("Staff present"),
        description=_l("Names of the team members who were there."),
        render_kw={"maxlength": 300},
    )
    agreed_actions = TextAreaField(
        _l("What we agreed to do"), render_kw={"rows": 4, "maxlength": 4000}
    )
    next_visit_on = BoundedDateField(_l("Next visit"), validators=[Optional()])


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
        NumberChoiceField(
            AREA_LABELS[_area],
            low=1,
            high=MAX_RATING,
            message=RATING_RANGE,
            choices=RATING_CHOICES,
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


class GoalForm(OnceForm):
    person_id = person_field(
        _l("Whose goal"),
        LIVES_HERE,
        validators=[InputRequired(_l("Choose whose goal it is."))],
    )
    title = StringField(
        _l("The goal, in their words"),
        validators=[InputRequired(_l("Write the goal in a few words."))],
        render_kw={"maxlength": 200},
    )
    steps = TextAreaField(_l("First steps"), render_kw={"rows": 3, "maxlength": 2000})
    review_on = BoundedDateField(
        _l("Look at it again on"),
        validators=[InputRequired(_l("Choose when to look at it again."))],
    )


class GoalReviewForm(BaseForm):
    status = RadioField(
        _l("How is it going"),
        choices=[SelectChoice(s.value, label) for s, label in GOAL_STATUS_LABELS.items()],
        validators=[InputRequired(_l("Choose how it is going."))],
    )
    review_on = BoundedDateField(_l("Next review"), validators=[Optional()])


class ScheduleForm(BaseForm):
    every_days = BoundedIntegerField(
        _l("A visit every how many days"),
        low=1,
        high=MAX_EVERY_DAYS,
        message=EVERY_DAYS,
        description=_l("Leave empty when the household expects no regular visits."),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_EVERY_DAYS},
    )
