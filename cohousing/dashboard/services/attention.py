"""The worker's "needs attention" list: one line per household from its kept summary,
urgent first, then overdue, then what needs a look, then the calm ones.

One query for the households and their summaries, whatever their number and history;
households without a summary yet (a database just upgraded) are recomputed in the same
fixed number of queries, and nothing is written (a GET writes nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select

from cohousing.dashboard.models import HouseholdSummary
from cohousing.dashboard.services.kept import FACTS, Line, recompute
from cohousing.extensions import db
from cohousing.households.models import Dwelling, Household, HouseholdKind

URGENT, OVERDUE, LOOK, CALM = range(4)


@dataclass(frozen=True)
class AttentionFilter:
    """What the worker narrowed the list to (every field optional)."""

    search: str = ""
    kind: HouseholdKind | None = None
    has_concerns: bool = False
    visit_overdue: bool = False

    def keeps(self, line: Line) -> bool:
        if self.has_concerns and not line.open_concerns:
            return False
        return not (self.visit_overdue and not line.visit_overdue_days)


def level(line: Line) -> int:
    """URGENT (an urgent concern), OVERDUE (a visit, a contribution or a goal review is
    late), LOOK (open concerns or silent residents), CALM."""
    if line.urgent_concerns:
        return URGENT
    if line.visit_overdue_days or line.overdue_cents or line.goals_past_review:
        return OVERDUE
    if line.open_concerns or line.missed:
        return LOOK
    return CALM


def sort_key(line: Line) -> tuple:
    return (
        level(line),
        -line.urgent_concerns,
        -line.unacknowledged_concerns,
        -line.open_concerns,
        -line.visit_overdue_days,
        -line.missed,
        -line.overdue_cents,
        line.household.name,
        line.household.id,
    )


def _narrowed(households: Select[tuple[Household]], chosen: AttentionFilter):
    query = households.where(Household.archived_at.is_(None))
    if chosen.kind is not None:
        query = query.where(Household.kind == chosen.kind)
    if chosen.search:
        pattern = (
            "%" + chosen.search.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        )
        address = select(Dwelling.household_id).where(Dwelling.address.ilike(pattern, escape="\\"))
        query = query.where(
            or_(Household.name.ilike(pattern, escape="\\"), Household.id.in_(address))
        )
    return query


def attention_list(
    households: Select[tuple[Household]], chosen: AttentionFilter, today: date
) -> list[Line]:
    """The lines of `households` (a query of those the viewer may open) that `chosen`
    keeps, most in need first."""
    columns = [getattr(HouseholdSummary, name) for name in FACTS]
    query = (
        _narrowed(households, chosen)
        .add_columns(HouseholdSummary.household_id, *columns)
        .outerjoin(HouseholdSummary, HouseholdSummary.household_id == Household.id)
    )
    found: dict[int, tuple[Household, dict | None]] = {}
    for household, kept_id, *values in db.session.execute(query):
        found[household.id] = (
            household,
            dict(zip(FACTS, values, strict=True)) if kept_id is not None else None,
        )
    missing = [hid for hid, (_h, values) in found.items() if values is None]
    computed = recompute(missing, today) if missing else {}
    lines = []
    for hid, (household, values) in found.items():
        values = dict(values if values is not None else computed[hid])
        values["mood_days"] = json.loads(values["mood_days"] or "[]")
        line = Line(household, **values)
        if line.visit_due is not None and today > line.visit_due:
            line.visit_overdue_days = (today - line.visit_due).days
        if chosen.keeps(line):
            lines.append(line)
    return sorted(lines, key=sort_key)
