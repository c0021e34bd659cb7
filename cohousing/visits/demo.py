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
from cohousing.staff.models import StaffAccount
from cohousing.visits.models import VisitKind
from cohousing.visits.services import VisitData, add_goal, log_visit, set_interval

HOUSE_OBSERVATIONS = {  # the house visit: every housemate reads it on the tablet
    "home_tenancy": (4, "The flat is tidy; the boiler makes a noise."),
    "common_spaces": (4, "The kitchen rota works."),
}
SAMUEL_OBSERVATIONS = {  # about Samuel only: only he reads it
    "emotional_wellbeing": (3, "Tired this week, says the evenings are long."),
    "social_contacts": (3, "Sees his sister on Sundays."),
    "money": (4, "Paid the contribution on time."),
}


def add_visits_demo(household: Household, worker: StaffAccount) -> list[str]:
    if household.kind is not HouseholdKind.SUPPORTED_LIVING:
        return []
    set_interval(household, 7)
    today = household.today()
    zone = ZoneInfo(household.timezone)
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
                agreed_actions="Call the landlord about the boiler together.",
                next_visit_on=today - timedelta(days=2),
                observations=HOUSE_OBSERVATIONS,
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
                    observations=SAMUEL_OBSERVATIONS,
                ),
                staff=worker,
            )
    if samuel is not None:
        add_goal(
            household,
            person_id=samuel.id,
            title="Enrol in an Italian course",
            steps="Visit the library on Tuesday",
            review_on=today + timedelta(days=10),
            staff=worker,
        )
    if marco is not None:
        with clock.frozen_at(datetime.combine(today - timedelta(days=5), time(11, 0), zone)):
            add_goal(
                household,
                person_id=marco.id,
                title="Cook dinner twice a week",
                steps="",
                review_on=today - timedelta(days=2),
                staff=worker,
            )
    return [
        f"Visits: {household.name} expects a visit every 7 days; the last was 9 days ago.",
        "  Run `flask --app cohousing cohousing check-visits` to raise the overdue-visit concern.",
    ]
