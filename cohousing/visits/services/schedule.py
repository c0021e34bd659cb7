"""How often a household expects a visit, and the overdue-visit rule.

Housing First households start with a visit every 7 days (from the kind's template);
managers change it per household. When the expected day has passed without a visit, the
scan raises one OVERDUE_VISIT concern per expected day, however often it runs and however
many runs go at once (`run_visit_check`, the cron job): the concern is an INSERT on its
dedupe key (UNIQUE, in a savepoint), so only the run whose INSERT went in writes it, and a
run after downtime raises what is late by then. A call that nobody answered does not count as a
visit: the person was not seen.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import TEMPLATES, HouseholdTemplate, on_household_created
from cohousing.rules import RuleError
from cohousing.visits.models import Visit, VisitKind, VisitSchedule
from cohousing.wellbeing.models import ConcernKind
from cohousing.wellbeing.services import deliver_pending, parse_at, raise_concern

MAX_EVERY_DAYS = 90
EVERY_DAYS = _l("Choose between 1 and 90 days, or no regular visits.")


@on_household_created
def create_schedule(household: Household, template: HouseholdTemplate) -> None:
    db.session.flush()
    db.session.add(VisitSchedule(household_id=household.id, every_days=template.visit_every_days))


def visit_interval(household: Household) -> int | None:
    """Days between visits the household expects, or None when it expects no rhythm."""
    row = db.session.scalar(select(VisitSchedule).filter_by(household_id=household.id))
    if row is not None:
        return row.every_days
    return TEMPLATES[household.kind].visit_every_days


def set_interval(household: Household, every_days: int | None) -> VisitSchedule:
    if every_days is not None and not 1 <= every_days <= MAX_EVERY_DAYS:
        raise RuleError(EVERY_DAYS, "every_days")
    row = db.session.scalar(select(VisitSchedule).filter_by(household_id=household.id))
    if row is None:
        row = VisitSchedule(household_id=household.id)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            row = db.session.scalar(select(VisitSchedule).filter_by(household_id=household.id))
    row.every_days = every_days
    row.updated_at = clock.now()
    record("visit.schedule_changed", household_id=household.id, detail=str(every_days or "none"))
    return row


def counted_visits():
    """Visits that reset the clock: someone was seen or spoken to."""
    return Visit.kind != VisitKind.NO_ANSWER


def due_on(
    household: Household, every_days: int | None, last_day: date | None, next_on: date | None
) -> date | None:
    """The day the next visit is expected: the agreed date, or the rhythm after the last."""
    if not every_days:
        return None
    start = last_day or clock.local(household.created_at, household.timezone).date()
    expected = start + timedelta(days=every_days)
    return min(expected, next_on) if next_on and last_day else expected


def last_visits(household_ids: list[int]) -> dict[int, tuple[date, date | None]]:
    """{household: (local day of its last counted visit, the next date agreed then)}.

    Two queries whatever the number of households: the newest visit per household, then
    those visits.
    """
    if not household_ids:
        return {}
    newest = (
        select(Visit.household_id, func.max(Visit.visited_at).label("at"))
        .where(Visit.household_id.in_(household_ids), counted_visits())
        .group_by(Visit.household_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Visit.household_id, Visit.visited_at, Visit.next_visit_on, Household.timezone)
        .join(
            newest,
            (newest.c.household_id == Visit.household_id) & (newest.c.at == Visit.visited_at),
        )
        .join(Household, Household.id == Visit.household_id)
        .where(counted_visits())
    ).all()
    result: dict[int, tuple[date, date | None]] = {}
    for household_id, at, next_on, zone in rows:
        day = clock.local(at, zone).date()
        current = result.get(household_id)
        if current is None or (next_on or date.max) < (current[1] or date.max):
            result[household_id] = (day, next_on)
    return result


def intervals(household_ids: list[int]) -> dict[int, int | None]:
    rows = db.session.execute(
        select(VisitSchedule.household_id, VisitSchedule.every_days).where(
            VisitSchedule.household_id.in_(household_ids)
        )
    ).all()
    return dict(rows)


def check_overdue_visits() -> list:
    """Raise a concern for each household whose expected visit day has passed."""
    households = list(
        db.session.scalars(
            select(Household).where(Household.archived_at.is_(None)).order_by(Household.id)
        )
    )  # one order in every run: two runs alongside wait for each other, never deadlock
    ids = [h.id for h in households]
    every = intervals(ids)
    last = last_visits(ids)
    raised = []
    for household in households:
        days = every.get(household.id, TEMPLATES[household.kind].visit_every_days)
        last_day, next_on = last.get(household.id, (None, None))
        due = due_on(household, days, last_day, next_on)
        if due is None or household.today() <= due:
            continue
        concern = raise_concern(
            household,
            ConcernKind.OVERDUE_VISIT,
            dedupe_key=f"visit-overdue:{household.id}:{due.isoformat()}",
            note=f"{due.isoformat()}",
        )
        if concern is not None:
            raised.append(concern)
    return raised


def run_visit_check(at: str | None = None) -> str:
    """What `flask cohousing check-visits` does (a scheduled job, not a request: it commits
    itself): raise overdue-visit concerns (once per expected day), send due alerts."""
    moment = parse_at(at)
    if moment is not None:
        with clock.frozen_at(moment):
            raised = check_overdue_visits()
    else:
        raised = check_overdue_visits()
    db.session.commit()
    sent = deliver_pending()
    return f"{len(raised)} overdue visit concern(s) raised. {sent} alert email(s) sent."
