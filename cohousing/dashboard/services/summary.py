"""One household's summary for its workers: check-in trends per resident (the mood, for
those who share it; for those who share nothing, only how many times they checked in),
chore fairness, balances and contributions, concerns over time.

Opening it shows wellbeing data: one audit row per resident is written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cohousing.chores.services import Bar, fairness_bars
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money.services import balances, contribution_lines, settings_for
from cohousing.people.models import Person
from cohousing.wellbeing.models import CheckIn, Concern
from cohousing.wellbeing.services import shares_of, shows_mood

TREND_DAYS = 30
CONCERN_DAYS = 90


@dataclass
class ResidentTrend:
    person: Person
    moods: list[int | None]
    checkins: int = 0
    average: float | None = None
    shows_mood: bool = True  # False: the resident shares only that they checked in


@dataclass
class Summary:
    household: Household
    today: date
    days: list[date]
    trends: list[ResidentTrend] = field(default_factory=list)
    chore_bars: list[Bar] = field(default_factory=list)
    balances: list[tuple[Person, int]] = field(default_factory=list)
    arrears: list[tuple[Person, int, int]] = field(default_factory=list)  # person, cents, days
    concerns: list[Concern] = field(default_factory=list)
    concern_first: date | None = None


def _start_of(day: date, household: Household) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(household.timezone))


def build_summary(household: Household) -> Summary:
    today = household.today()
    first = today - timedelta(days=TREND_DAYS - 1)
    days = [first + timedelta(days=n) for n in range(TREND_DAYS)]
    residents = current_residents(household)
    summary = Summary(household, today, days)

    moods: dict[int, dict[date, int]] = defaultdict(dict)
    for person_id, day, mood in db.session.execute(
        select(CheckIn.person_id, CheckIn.local_date, CheckIn.mood).where(
            CheckIn.household_id == household.id, CheckIn.local_date >= first
        )
    ):
        moods[person_id][day] = mood
    shares = shares_of(household, [p.id for p in residents])
    for person in residents:
        found = moods.get(person.id, {})
        if not shows_mood(shares[person.id]):
            summary.trends.append(ResidentTrend(person, [], len(found), shows_mood=False))
            continue
        trend = ResidentTrend(person, [found.get(d) for d in days], len(found))
        if found:
            trend.average = round(sum(found.values()) / len(found), 1)
        summary.trends.append(trend)

    summary.chore_bars = fairness_bars(household, residents)  # what the tablet shows

    owed = balances(household)
    summary.balances = [(p, owed.get(p.id, 0)) for p in residents]
    # Every payer at once (three queries), not months and arrears per resident.
    for line in contribution_lines(household, residents, settings_for(household), today):
        summary.arrears.append((line.person, line.arrears_cents, line.arrears_days))

    summary.concern_first = today - timedelta(days=CONCERN_DAYS)
    summary.concerns = list(
        db.session.scalars(
            select(Concern)
            .where(
                Concern.household_id == household.id,
                Concern.created_at >= _start_of(summary.concern_first, household),
            )
            .order_by(Concern.created_at.desc(), Concern.id.desc())
        )
    )
    return summary
