"""What the API serves, from the same services as the screens, never health notes.

Every function receives the household the scope already opened (an organisation's own),
or builds on `households_visible_to_token()`. Names of residents go out only with the
`residents:read` scope; visits carry the areas rated, never a note or a rating's words;
wellbeing goes out only as a household's daily aggregates, hidden below three sharers
(the dashboard's rule, `cohousing.dashboard.services.daily_moods`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cohousing.api.models import Scope
from cohousing.api.services.pages import Page, page_of
from cohousing.dashboard.services import daily_moods
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_residents
from cohousing.money.services import contribution_lines, settings_for
from cohousing.security import households_visible_to_token
from cohousing.visits.models import Visit

MAX_PERIOD_DAYS = 92  # a quarter: what a report to a national system covers
DEFAULT_PERIOD_DAYS = 14


def households_page(after: int | None, limit: int) -> Page:
    query = households_visible_to_token().options(selectinload(Household.dwelling))
    return page_of(query, Household.id, after, limit)


def household_view(household: Household) -> dict:
    """A household with its dwelling and lease: no resident, no health data."""
    dwelling = household.dwelling
    return {
        "id": household.id,
        "name": household.name,
        "kind": household.kind.value,
        "timezone": household.timezone,
        "archived": household.archived_at is not None,
        "created_at": household.created_at,
        "dwelling": None
        if dwelling is None
        else {
            "address": dwelling.address,
            "landlord_name": dwelling.landlord_name,
            "monthly_rent_cents": dwelling.monthly_rent_cents,
            "lease_start": dwelling.lease_start,
            "lease_end": dwelling.lease_end,
        },
    }


def stays_page(household: Household, scopes: frozenset[str], after: int | None, limit: int):
    """Who lived there and when; the names only with `residents:read`."""
    query = (
        select(Membership)
        .options(selectinload(Membership.person))
        .where(Membership.household_id == household.id)
    )
    page = page_of(query, Membership.id, after, limit)
    named = Scope.RESIDENTS.value in scopes
    items = [
        {
            "id": stay.id,
            "person_id": stay.person_id,
            "name": stay.person.display_name if named else None,
            "started_on": stay.started_on,
            "ended_on": stay.ended_on,
        }
        for stay in page.items
    ]
    return Page(items, page.next_cursor)


def _local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def visits_page(
    scopes: frozenset[str],
    after: int | None,
    limit: int,
    since: date | None = None,
    until: date | None = None,
) -> Page:
    """The social-case export: date, household, resident, kind, professional and the areas
    rated, for the organisation's households. Notes and agreed actions never leave."""
    households = households_visible_to_token().with_only_columns(Household.id)
    query = (
        select(Visit)
        .options(
            selectinload(Visit.household),
            selectinload(Visit.person),
            selectinload(Visit.recorded_by),
            selectinload(Visit.observations),
        )
        .where(Visit.household_id.in_(households))
    )
    if since is not None:
        query = query.where(Visit.visited_at >= datetime.combine(since, time(), UTC))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), UTC)
        query = query.where(Visit.visited_at < end)
    page = page_of(query, Visit.id, after, limit)
    named = Scope.RESIDENTS.value in scopes
    items = [
        {
            "id": visit.id,
            "date": _local_day(visit.visited_at, visit.household.timezone),
            "household_id": visit.household_id,
            "household_name": visit.household.name,
            "person_id": visit.person_id,
            "resident_name": visit.person.display_name if named and visit.person else None,
            "kind": visit.kind.value,
            "professional": visit.recorded_by.display_name if visit.recorded_by else None,
            "areas_rated": [o.area for o in visit.observations if o.rating is not None],
        }
        for visit in page.items
    ]
    return Page(items, page.next_cursor)


def contributions_of(household: Household) -> dict:
    """Each resident's monthly contribution: the recent months and what is overdue."""
    today = household.today()
    lines = contribution_lines(
        household, current_residents(household), settings_for(household), today
    )
    return {
        "household_id": household.id,
        "on": today,
        "residents": [
            {
                "person_id": line.person.id,
                "arrears_cents": line.arrears_cents,
                "over_threshold": line.over_threshold,
                "months": [
                    {
                        "month": m.month,
                        "due_on": m.due_on,
                        "due_cents": m.due_cents,
                        "paid_cents": m.paid_cents,
                    }
                    for m in line.months
                ],
            }
            for line in lines
        ],
    }


@dataclass(frozen=True)
class Period:
    first: date
    last: date


def period_for(household: Household, first: date | None, last: date | None) -> Period:
    """The days asked for: ending today at the latest, the last MAX_PERIOD_DAYS of them at
    most; empty (first after last) when `first` comes after `last`."""
    today = household.today()
    last = min(last or today, today)
    first = max(
        first or last - timedelta(days=DEFAULT_PERIOD_DAYS - 1),
        last - timedelta(days=MAX_PERIOD_DAYS - 1),
    )
    return Period(first, last)


def wellbeing_aggregates(household: Household, period: Period) -> dict:
    """Per day: how many check-ins, and the mood's average only when three or more
    residents shared it that day (fewer could tell who felt what)."""
    found = daily_moods([household.id], period.first, period.last).get(household.id, {})
    days = []
    day = period.first
    while day <= period.last:
        mood = found.get(day)
        days.append(
            {
                "date": day,
                "checkins": mood.checkins if mood else 0,
                "mood_average": mood.average if mood else None,
            }
        )
        day += timedelta(days=1)
    return {"household_id": household.id, "from": period.first, "to": period.last, "days": days}
