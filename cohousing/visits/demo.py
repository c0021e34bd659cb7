"""Visits demo: the supported-living flat expects a visit every 7 days; the last one was 9
days ago (a house visit, and a talk with Samuel alone about him), so the dashboard shows it
late and `flask cohousing check-visits` raises the concern. Two personal goals, one past its
review date."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership
from cohousing.households.services import current_residents
from cohousing.households.services.kinds import N_
from cohousing.staff.models import StaffAccount
from cohousing.visits.models import VisitKind
from cohousing.visits.services import VisitData, add_goal, log_visit, set_interval
from cohousing.web.i18n import in_language

# Written in the household's language (`in_language`), as its worker would write them.
HOUSE_OBSERVATIONS = {  # the house visit: every housemate reads it on the tablet
    "home_tenancy": (4, N_("The flat is tidy; the boiler makes a noise.")),
    "common_spaces": (4, N_("The kitchen rota works.")),
}
SAMUEL_OBSERVATIONS = {  # about Samuel only: only he reads it
    "emotional_wellbeing": (3, N_("Tired this week, says the evenings are long.")),
    "social_contacts": (3, N_("Sees his sister on Sundays.")),
    "money": (4, N_("Paid the contribution on time.")),
}
AGREED = N_("Call the landlord about the boiler together.")
SAMUEL_GOAL = (N_("Enrol in an Italian course"), N_("Visit the library on Tuesday"))
MARCO_GOAL = N_("Cook dinner twice a week")


def _written(observations: dict, locale: str) -> dict:
    return {
        area: (rating, in_language(note, locale)) for area, (rating, note) in observations.items()
    }


def add_visits_demo(household: Household, worker: StaffAccount) -> list[str]:
    if household.kind is not HouseholdKind.SUPPORTED_LIVING:
        return []
    set_interval(household, 7)
    today = household.today()
    zone = ZoneInfo(household.timezone)
    words = household.locale
    residents = {p.display_name: p for p in current_residents(household)}
    for stay in db.session.scalars(select(Membership).filter_by(household_id=household.id)):
        stay.started_on = min(stay.started_on, today - timedelta(days=30))  # lived there
    samuel, marco = residents.get("Samuel Okafor"), residents.get("Marco Del Carlo")
    with clock.frozen_at(datetime.combine(today - timedelta(days=9), time(11, 0), zone)):
        log_visit(
            household,
            VisitData(
                kind=VisitKind.HOME,
                visited_at=clock.now() - timedelta(hours=1),
                duration_minutes=50,
                staff_present=worker.display_name,
                agreed_actions=in_language(AGREED, words),
                next_visit_on=today - timedelta(days=2),
                observations=_written(HOUSE_OBSERVATIONS, words),
            ),
            staff=worker,
        )
        if samuel is not None:
            log_visit(
                household,
                VisitData(
                    kind=VisitKind.HOME,
                    visited_at=clock.now() - timedelta(minutes=20),
                    person_id=samuel.id,
                    duration_minutes=20,
                    staff_present=worker.display_name,
                    observations=_written(SAMUEL_OBSERVATIONS, words),
                ),
                staff=worker,
            )
    if samuel is not None:
        add_goal(
            household,
            person_id=samuel.id,
            title=in_language(SAMUEL_GOAL[0], words),
            steps=in_language(SAMUEL_GOAL[1], words),
            review_on=today + timedelta(days=10),
            staff=worker,
        )
    if marco is not None:
        with clock.frozen_at(datetime.combine(today - timedelta(days=5), time(11, 0), zone)):
            add_goal(
                household,
                person_id=marco.id,
                title=in_language(MARCO_GOAL, words),
                steps="",
                review_on=today - timedelta(days=2),
                staff=worker,
            )
    return [
        f"Visits: {household.name} expects a visit every 7 days; the last was 9 days ago.",
        "  Run `flask --app cohousing cohousing check-visits` to raise the overdue-visit concern.",
    ]
