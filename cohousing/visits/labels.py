"""Words for visit kinds, observation areas, ratings and goal states (English msgids)."""

from flask_babel import lazy_gettext as _l

from cohousing.visits.models import GoalStatus, VisitKind

KIND_LABELS = {
    VisitKind.HOME: _l("Home visit"),
    VisitKind.PHONE: _l("Phone call"),
    VisitKind.ACCOMPANIMENT: _l("Accompaniment"),
    VisitKind.NO_ANSWER: _l("Tried, but nobody answered"),
}

AREA_LABELS = {
    "home_tenancy": _l("The home and the tenancy"),
    "emotional_wellbeing": _l("How they feel"),
    "physical_health": _l("Physical health"),
    "substance_use": _l("Alcohol and drugs (keeping safer)"),
    "social_contacts": _l("Friends, family and other people"),
    "daily_activities": _l("Daily activities"),
    "money": _l("Money"),
    "safety": _l("Safety"),
}

AREA_HINTS = {
    "home_tenancy": _l(
        "Is the home kept as they want it? Any problem with the lease or neighbours?"
    ),
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
    GoalStatus.STOPPED: _l("Stopped"),
}
