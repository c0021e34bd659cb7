"""The gentle check-in reminder on the tablet's faces, and the quiet hours.

A household that sets a reminder time sees, on the faces screen, who has not checked in
today; from that time on the screen greets "Good morning — how are you today?" while
someone has not. In the quiet hours (which may span midnight: 21:00 to 08:00) the tablet
shows no reminder at all, of any area (the picker asks `is_quiet`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.wellbeing.models import CheckIn, WellbeingSettings
from cohousing.wellbeing.services.settings import get_settings

GREETINGS = (  # by the hour the greeting is shown
    (12, _l("Good morning \u2014 how are you today?")),
    (18, _l("Good afternoon \u2014 how are you today?")),
    (24, _l("Good evening \u2014 how are you today?")),
)


def is_quiet(settings: WellbeingSettings, at: time) -> bool:
    """Inside the quiet hours at local time `at` (from included, until excluded)."""
    start, end = settings.quiet_from, settings.quiet_until
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end  # across midnight


@dataclass(frozen=True)
class CheckinReminder:
    quiet: bool  # the quiet hours: the tablet shows no reminder
    greeting: str | None  # the reminder's time has come and someone has not checked in
    not_checked_in: frozenset[int]  # only when the household sets a reminder time


def checkin_reminder(household: Household, person_ids: list[int]) -> CheckinReminder:
    """What the faces screen says about today's check-ins: one query (none when off)."""
    settings = get_settings(household)
    now = clock.local(clock.now(), household.timezone)
    quiet = is_quiet(settings, now.time())
    if quiet or settings.reminder_at is None or not person_ids:
        return CheckinReminder(quiet, None, frozenset())
    done = set(
        db.session.scalars(
            select(CheckIn.person_id).where(
                CheckIn.household_id == household.id,
                CheckIn.local_date == now.date(),
                CheckIn.person_id.in_(person_ids),
            )
        )
    )
    waiting = frozenset(p for p in person_ids if p not in done)
    greeting = None
    if waiting and now.time() >= settings.reminder_at:
        greeting = str(next(words for hour, words in GREETINGS if now.hour < hour))
    return CheckinReminder(False, greeting, waiting)
