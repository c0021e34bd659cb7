"""Wellbeing demo: a week of check-ins in the supported-living flat, one resident silent
for the last two days, so `flask cohousing scan` raises a missed check-in concern."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership, WorkerLink
from cohousing.households.services import current_residents
from cohousing.wellbeing.services import record_checkin, settings_to_change

WEEK_OF_MOODS = (4, 3, 4, 5, 3, 4, 4)
SILENT_RESIDENT = "Marco Del Carlo"
DEMO_HELP_NUMBERS = "Servizio sociale, reperibilità: 0583 000 404\nGuardia medica: 0583 000 505"


def add_wellbeing_demo(household: Household) -> list[str]:
    """Fill a supported-living flat's last week; returns lines for the demo output."""
    if household.kind is not HouseholdKind.SUPPORTED_LIVING:
        return []
    today = household.today()
    week_ago = today - timedelta(days=len(WEEK_OF_MOODS))
    # The flat has been lived in (and followed) for a while: the stays start a week back.
    for model in (Membership, WorkerLink):
        for row in db.session.scalars(select(model).filter_by(household_id=household.id)):
            row.started_on = min(row.started_on, week_ago)
    settings_to_change(household).help_numbers = DEMO_HELP_NUMBERS
    zone = ZoneInfo(household.timezone)
    for person in current_residents(household):
        last_day = 3 if person.display_name == SILENT_RESIDENT else 1  # he missed two days
        for back in range(len(WEEK_OF_MOODS), last_day - 1, -1):
            day = today - timedelta(days=back)
            with clock.frozen_at(datetime.combine(day, time(9, 30), zone)):
                record_checkin(household, person.id, WEEK_OF_MOODS[back - 1])
    return [
        f"Wellbeing: in {household.name}, {SILENT_RESIDENT} has not checked in for two days.",
        "  Run `flask --app cohousing cohousing scan` to raise the missed check-in concern;",
        "  the linked worker gets the alerts (`flask --app cohousing cohousing send-digests`",
        "  sends the daily digest). Without MAIL_SERVER, emails are written to instance/outbox/.",
        '  A resident pressing "I need help" on the tablet alerts the worker at once.',
    ]
