"""The visit rules, without HTTP: what the rest of the app may use.

visits     logging a visit with its observations, and who may read them (audited)
goals      personal goals and their review dates
schedule   how often a household expects a visit, and the overdue-visit job

Writes only flush: the request commits once (`web.transaction`); `run_visit_check`, a
scheduled job, commits itself. A broken rule raises `cohousing.rules.RuleError` with
every field it is about.
"""

from cohousing.visits.services.goals import (
    add_goal,
    default_review_on,
    goals_for_person,
    goals_of,
    is_past_review,
    note_goals_viewed,
    review_goal,
)
from cohousing.visits.services.schedule import (
    EVERY_DAYS,
    MAX_EVERY_DAYS,
    check_overdue_visits,
    counted_visits,
    due_on,
    intervals,
    last_visits,
    run_visit_check,
    set_interval,
    visit_interval,
)
from cohousing.visits.services.visits import (
    LIVES_HERE,
    MAX_MINUTES,
    MAX_RATING,
    MINUTES_RANGE,
    RATING_RANGE,
    VisitData,
    log_visit,
    note_visit_viewed,
    readers_of,
    subjects_of,
    visits_about,
    visits_of,
)

__all__ = [
    "EVERY_DAYS",
    "LIVES_HERE",
    "MAX_EVERY_DAYS",
    "MAX_MINUTES",
    "MAX_RATING",
    "MINUTES_RANGE",
    "RATING_RANGE",
    "VisitData",
    "add_goal",
    "check_overdue_visits",
    "counted_visits",
    "default_review_on",
    "due_on",
    "goals_for_person",
    "goals_of",
    "intervals",
    "is_past_review",
    "last_visits",
    "log_visit",
    "note_goals_viewed",
    "note_visit_viewed",
    "readers_of",
    "review_goal",
    "run_visit_check",
    "set_interval",
    "subjects_of",
    "visit_interval",
    "visits_about",
    "visits_of",
]
