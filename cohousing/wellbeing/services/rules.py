"""The rules `flask cohousing scan` runs: missed check-ins, low mood, escalation.

Low mood looks only at residents who share their mood: one who shares only that they
checked in gets no low mood concern (the missed check-in rule still applies to them).

`run_scan` is the scheduled job itself: a command, not a request, so it commits what the
rules raised before it sends the alerts.

Safe to run every minute, several at once and after downtime, because every step claims
its work with a write only one process can make: a concern is an INSERT on its dedupe key
(UNIQUE, in a savepoint), so a rule that still holds never raises it twice; an escalation
is a conditional UPDATE (`escalated_at IS NULL AND status = 'open'`) in the transaction
that writes its event and queues its alerts; each email is claimed before it is sent
(`alerts`). The rules look back over the days they missed (LOOK_BACK_DAYS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from cohousing.chores.models import Absence
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.staff.services import deliver_warnings
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernKind,
    ConcernStatus,
    WellbeingSettings,
)
from cohousing.wellbeing.services.alerts import deliver_pending
from cohousing.wellbeing.services.all_fine import queue_all_fine, send_all_fine
from cohousing.wellbeing.services.concerns import escalate_due, raise_concern
from cohousing.wellbeing.services.ladder import climb
from cohousing.wellbeing.services.settings import get_settings
from cohousing.wellbeing.services.sharing import shares_of, shows_mood

LOOK_BACK_DAYS = 60  # how far back a run of missed days is followed to its first day
LOW_MOOD_WINDOW = 5  # 3 of the last 5 check-ins ...
LOW_MOOD_COUNT = 3
LOW_MOOD_MAX = 2  # ... in the bottom two faces
DROP = 2  # or 2 or more below the resident's own average of the 14 days before
AVERAGE_DAYS = 14
AVERAGE_MIN_CHECKINS = 3  # an average of one or two check-ins says too little


@dataclass
class ScanResult:
    raised: list[Concern] = field(default_factory=list)
    escalated: list[Concern] = field(default_factory=list)
    ladder: list = field(default_factory=list)  # the ladder's steps taken (LadderRung)
    all_fine: list = field(default_factory=list)  # the day's "all fine" emails queued

    def summary(self) -> str:
        return (
            f"{len(self.raised)} concern(s) raised, {len(self.escalated)} escalated, "
            f"{len(self.ladder)} ladder step(s) taken."
        )


def _absent_days(person_id: int, household_id: int, first: date, last: date) -> set[date]:
    """Days away (holiday, hospital), as the chores area records them."""
    days: set[date] = set()
    for absence in db.session.scalars(
        select(Absence).where(
            Absence.person_id == person_id,
            Absence.household_id == household_id,
            Absence.starts_on <= last,
            Absence.ends_on >= first,
        )
    ):
        day = max(absence.starts_on, first)
        while day <= min(absence.ends_on, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def missed_run_start(membership: Membership, today: date) -> tuple[date, int] | None:
    """The first day and length of the run of missed days ending yesterday.

    Today does not count until it is over; days before the stay began and days away
    (an absence) end the run.
    """
    last = today - timedelta(days=1)
    first = max(membership.started_on, today - timedelta(days=LOOK_BACK_DAYS))
    if last < first:
        return None
    checked = set(
        db.session.scalars(
            select(CheckIn.local_date).where(
                CheckIn.person_id == membership.person_id,
                CheckIn.local_date >= first,
                CheckIn.local_date <= last,
                CheckIn.without_pin.is_(False),  # a housemate's tap hides nobody's silence
            )
        )
    )
    away = _absent_days(membership.person_id, membership.household_id, first, last)
    day, length = last, 0
    while day >= first and day not in checked and day not in away:
        length += 1
        day -= timedelta(days=1)
    if length == 0:
        return None
    return day + timedelta(days=1), length


def check_missed(household: Household, settings: WellbeingSettings, today: date) -> list:
    if settings.missed_days_alert is None:
        return []
    raised = []
    for membership in _stays(household, today):
        run = missed_run_start(membership, today)
        if run is None or run[1] < settings.missed_days_alert:
            continue
        if _raised_since(membership.person_id, household, run[0]):
            continue  # this run of missed days was reported already
        concern = raise_concern(
            household,
            ConcernKind.MISSED_CHECKINS,
            person_id=membership.person_id,
            dedupe_key=f"missed:{membership.person_id}:{run[0].isoformat()}",
        )
        if concern is not None:
            raised.append(concern)
    return raised


def is_low_mood(person_id: int, today: date) -> date | None:
    """The date of the check-in that shows low mood, if the latest one does."""
    recent = list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.person_id == person_id, CheckIn.local_date <= today)
            .order_by(CheckIn.local_date.desc())
            .limit(LOW_MOOD_WINDOW)
        )
    )
    if not recent or recent[0].local_date < today - timedelta(days=1):
        return None  # only fresh check-ins raise a concern
    latest = recent[0]
    if sum(1 for c in recent if c.mood <= LOW_MOOD_MAX) >= LOW_MOOD_COUNT:
        return latest.local_date
    before = list(
        db.session.scalars(
            select(CheckIn.mood).where(
                CheckIn.person_id == person_id,
                CheckIn.local_date < latest.local_date,
                CheckIn.local_date >= latest.local_date - timedelta(days=AVERAGE_DAYS),
            )
        )
    )
    if len(before) >= AVERAGE_MIN_CHECKINS and sum(before) / len(before) - latest.mood >= DROP:
        return latest.local_date
    return None


def _raised_since(person_id: int, household: Household, first: date) -> bool:
    """A missed check-in concern raised during the run (the key covers runs of one start;
    this covers a run longer than the look-back, whose first day moves)."""
    start = datetime.combine(first, time(0), ZoneInfo(household.timezone))
    return (
        db.session.scalar(
            select(Concern.id)
            .where(
                Concern.person_id == person_id,
                Concern.kind == ConcernKind.MISSED_CHECKINS,
                Concern.created_at >= start,
            )
            .limit(1)
        )
        is not None
    )


def _has_unresolved(person_id: int, kind: ConcernKind) -> bool:
    return (
        db.session.scalar(
            select(Concern.id)
            .where(
                Concern.person_id == person_id,
                Concern.kind == kind,
                Concern.status != ConcernStatus.RESOLVED,
            )
            .limit(1)
        )
        is not None
    )


def check_low_mood(household: Household, settings: WellbeingSettings, today: date) -> list:
    if not settings.low_mood_enabled:
        return []
    raised = []
    stays = _stays(household, today)
    shares = shares_of(household, [m.person_id for m in stays])
    for membership in stays:
        person_id = membership.person_id
        if not shows_mood(shares[person_id]):
            continue  # shares only that they checked in: their mood raises nothing either
        on = is_low_mood(person_id, today)
        if on is None or _has_unresolved(person_id, ConcernKind.LOW_MOOD):
            continue  # one low mood concern at a time; a new one after it is resolved
        concern = raise_concern(
            household,
            ConcernKind.LOW_MOOD,
            person_id=person_id,
            dedupe_key=f"lowmood:{person_id}:{on.isoformat()}",
        )
        if concern is not None:
            raised.append(concern)
    return raised


def _stays(household: Household, today: date) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).where(
                Membership.household_id == household.id, current_membership_clause(today)
            )
        )
    )


def scan(at: datetime | None = None) -> ScanResult:
    """Run every rule as of `at` (now by default). The caller commits, then sends alerts."""
    if at is not None:
        with clock.frozen_at(at):
            return scan()
    result = ScanResult()
    households = db.session.scalars(
        select(Household).where(Household.archived_at.is_(None)).order_by(Household.id)
    )  # one order in every run, so two runs alongside wait for each other, never deadlock
    for household in list(households):
        settings = get_settings(household)
        today = household.today()
        result.raised += check_missed(household, settings, today)
        result.raised += check_low_mood(household, settings, today)
        result.ladder += climb(household, settings, _stays(household, today))
        result.all_fine += queue_all_fine(household, settings)
    result.escalated = escalate_due()
    return result


def parse_at(at: str | None) -> datetime | None:
    """An ISO 8601 moment; UTC when it names no zone. Raises ValueError when malformed."""
    if not at:
        return None
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_scan(at: str | None = None) -> str:
    """The `scan` command: scan, commit what the rules raised, then send every alert due."""
    result = scan(parse_at(at))
    db.session.commit()
    sent = deliver_pending()
    warned = deliver_warnings()
    fine = send_all_fine()
    return (
        f"{result.summary()} {sent} alert email(s) sent. {warned} sign-in warning(s) sent. "
        f"{fine} all-fine email(s) sent."
    )
