"""What the house tablet queued while the Wi-Fi was down, sent when it came back.

Offline, nobody can check a PIN (the tablet never keeps PIN hashes: a 4-digit PIN falls to
an offline guess at once), so a resident taps their face and can only queue two things: a
check-in and "I need help", both marked "made without PIN". Each carries the submission id
made on the tablet, so however often it is sent it is recorded once, and its age in
seconds when sent: the server dates it `now - age`, so a tablet whose clock is wrong still
dates it right. An age below zero is now; one older than MAX_AGE is refused (the day it
belonged to is gone, and a help request that old would only mislead).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from cohousing.database import clock, idempotency
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.rules import RuleError
from cohousing.wellbeing.models import CheckIn, Concern
from cohousing.wellbeing.services.checkins import record_checkin
from cohousing.wellbeing.services.help import WHO_NEEDS_HELP, request_help_without_pin

MAX_AGE = timedelta(hours=24)
TOO_OLD = _l("This was made more than a day ago and was not sent.")


def made_at(age_seconds: int | None) -> datetime:
    """When a queued tap was made, from its age on arrival; never in the future."""
    age = timedelta(seconds=max(age_seconds or 0, 0))
    if age > MAX_AGE:
        raise RuleError(TOO_OLD, "age_seconds")
    return clock.now() - age


def record_queued_checkin(
    household: Household,
    person_id: int | None,
    mood: int,
    *,
    age_seconds: int | None,
    submission_id: str | None,
) -> CheckIn:
    """A check-in tapped on the faces without a PIN, recorded once, dated when made."""
    at = made_at(age_seconds)
    if person_id is None or not is_current_resident(
        person_id, household, clock.local(at, household.timezone).date()
    ):
        raise RuleError(WHO_NEEDS_HELP, "person_id")
    idempotency.claim(submission_id)
    return record_checkin(household, person_id, mood, made_at=at, without_pin=True)


def request_queued_help(
    household: Household,
    *,
    tablet_id: int,
    person_id: int | None,
    age_seconds: int | None,
    submission_id: str | None,
) -> Concern | None:
    """ "I need help" tapped offline: the usual help without a PIN, dated when made."""
    return request_help_without_pin(
        household,
        tablet_id=tablet_id,
        person_id=person_id,
        submission_id=submission_id,
        made_at=made_at(age_seconds),
    )
