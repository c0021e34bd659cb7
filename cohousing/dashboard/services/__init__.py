"""The dashboard's read models, without HTTP: what the rest of the app may use.

attention     the "needs attention" list: one line a household, from the kept summaries
kept          the summaries kept per household on every write (and their rebuild)
cards         the cards of the followed households, most urgent first (fixed queries)
money_health  overdue contributions and the largest debt, for many households at once
summary       one household's summary (opening it is a look: one register row a resident)
overview      the coordinators' overview: every household and each worker's caseload
caseload      whose households the dashboard shows
charts        small server-rendered SVG charts (title and description for screen readers)
"""

from cohousing.dashboard.services.attention import AttentionFilter, attention_list, level
from cohousing.dashboard.services.cards import (
    MIN_SHARERS,
    MOOD_DAYS,
    Card,
    DayMood,
    build_cards,
    daily_moods,
)
from cohousing.dashboard.services.caseload import (
    active_workers,
    chosen_worker,
    dashboard_households,
)
from cohousing.dashboard.services.charts import bars, sparkline, timeline
from cohousing.dashboard.services.kept import Line, init_kept_summaries, rebuild
from cohousing.dashboard.services.money_health import MoneyHealth, money_health
from cohousing.dashboard.services.overview import overview
from cohousing.dashboard.services.summary import Summary, build_summary

__all__ = [
    "MIN_SHARERS",
    "MOOD_DAYS",
    "AttentionFilter",
    "Card",
    "DayMood",
    "Line",
    "MoneyHealth",
    "Summary",
    "active_workers",
    "attention_list",
    "bars",
    "build_cards",
    "build_summary",
    "chosen_worker",
    "daily_moods",
    "dashboard_households",
    "init_kept_summaries",
    "level",
    "money_health",
    "overview",
    "rebuild",
    "sparkline",
    "timeline",
]
