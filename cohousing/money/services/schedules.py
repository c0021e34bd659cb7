"""Recurring expenses (rent, bills, internet), booked by a job, never by a page view.

`flask cohousing run-schedules` calls `run_schedules`: it books every occurrence due up to
today that is not booked yet. Each occurrence is claimed by inserting its RecurringBooking
row (unique on recurring expense and date, in a savepoint) in the transaction that books
the expense: only the run whose INSERT went in books it; a run alongside waits on the key,
then books nothing; a run that dies rolls back booking and claim alike, and the next run
books it. So each occurrence is booked exactly once, however often the job runs, several
at once, or after downtime (the missed months are booked then). Expenses and arrears are
taken in one order (by id), so two runs never deadlock.
"""

from __future__ import annotations

import calendar
import contextlib
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import (
    MAX_CENTS,
    ExpenseCategory,
    Period,
    RecurringBooking,
    RecurringExpense,
    RecurringShare,
    SplitKind,
)
from cohousing.money.services.arrears import raise_arrears_concerns
from cohousing.money.services.common import NOT_A_MEMBER, SYSTEM, Actor, members_on
from cohousing.money.services.expenses import ExpenseData, add_expense
from cohousing.money.services.splits import Split, shares_or_errors
from cohousing.rules import RuleError

MAX_DAYS_BACK = 366


def occurrences(recurring: RecurringExpense, until: date) -> list[date]:
    """The dates the expense falls on, from its start up to `until` and its end (inclusive)."""
    last = min(until, recurring.ends_on) if recurring.ends_on else until
    found: list[date] = []
    if recurring.period is Period.WEEKLY:
        day = recurring.starts_on + timedelta(
            days=(recurring.day - recurring.starts_on.weekday()) % 7
        )
        while day <= last:
            found.append(day)
            day += timedelta(days=7)
        return found
    year, month = recurring.starts_on.year, recurring.starts_on.month
    while date(year, month, 1) <= last:
        day = date(year, month, min(recurring.day, calendar.monthrange(year, month)[1]))
        if recurring.starts_on <= day <= last:
            found.append(day)
        year, month = year + (month == 12), month % 12 + 1
    return found


def create_recurring(
    household: Household,
    *,
    description: str,
    amount_cents: int,
    category: ExpenseCategory,
    payer_id: int,
    split: Split,
    period: Period,
    day: int,
    starts_on: date,
    ends_on: date | None,
    by: Actor,
    submission_id: str | None = None,
) -> RecurringExpense:
    """Set up a recurring expense (once per submission); the job books it from `starts_on`."""
    errors: dict[str, object] = {}
    today = household.today()
    if not description.strip():
        errors["description"] = _l("Say what the money is for.")
    if not 0 < amount_cents <= MAX_CENTS:
        errors["amount"] = _l("Enter an amount above zero, up to 100,000 euros.")
    if problem := _day_problem(period, day):
        errors["day"] = problem
    if starts_on < today - timedelta(days=MAX_DAYS_BACK):
        errors["starts_on"] = _l("The start can be at most one year ago.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _l("The end must come after the start.")
    if "amount" not in errors:
        shares_or_errors(amount_cents, split, 0, errors)
    people = {payer_id} | set(split.values)
    outsiders = people - members_on(household.id, people, today)
    if payer_id in outsiders:
        errors["payer"] = NOT_A_MEMBER
    if outsiders - {payer_id}:
        errors["participants"] = NOT_A_MEMBER
    if errors:
        raise RuleError(errors=errors)
    idempotency.claim(submission_id)
    recurring = RecurringExpense(
        household_id=household.id,
        description=description.strip()[:200],
        amount_cents=amount_cents,
        category=category,
        payer_id=payer_id,
        split_kind=split.kind,
        period=period,
        day=day,
        starts_on=starts_on,
        ends_on=ends_on,
        by_person_id=by.person_id,
        by_staff_id=by.staff_id,
        participants=[
            RecurringShare(person_id=p, value=v) for p, v in sorted(split.values.items())
        ],
    )
    db.session.add(recurring)
    db.session.flush()
    record("recurring.created", household_id=household.id, detail=f"recurring {recurring.id}")
    return recurring


def _day_problem(period: Period, day: int):
    if period is Period.MONTHLY and not 1 <= day <= 31:
        return _l("Choose a day of the month.")
    if period is Period.WEEKLY and not 0 <= day <= 6:
        return _l("Choose a day of the week.")
    return None


def stop_recurring(recurring: RecurringExpense, *, last_day: date) -> None:
    """No occurrence after `last_day`; what was booked stays booked."""
    if last_day < recurring.starts_on:
        raise RuleError(_l("The end must come after the start."), "last_day")
    recurring.ends_on = last_day
    record(
        "recurring.stopped", household_id=recurring.household_id, detail=f"recurring {recurring.id}"
    )


def _split_on(recurring: RecurringExpense, day: date) -> Split:
    """The split among participants living there that day; a percent split becomes weights."""
    values = {share.person_id: share.value for share in recurring.participants}
    present = members_on(recurring.household_id, set(values), day)
    kind = recurring.split_kind
    if kind is SplitKind.PERCENT and present != set(values):
        kind = SplitKind.SHARES
    return Split(kind, {p: v for p, v in values.items() if p in present})


def _book(recurring: RecurringExpense, household: Household, day: date) -> RecurringBooking | None:
    try:
        with db.session.begin_nested():
            booking = RecurringBooking(recurring_id=recurring.id, occurs_on=day)
            db.session.add(booking)
    except IntegrityError:
        return None  # another run booked it first
    data = ExpenseData(
        description=recurring.description,
        amount_cents=recurring.amount_cents,
        spent_on=day,
        category=recurring.category,
        payers={recurring.payer_id: recurring.amount_cents},
        split=_split_on(recurring, day),
    )
    try:
        with db.session.begin_nested():
            booking.expense_id = add_expense(household, data, by=SYSTEM).id
    except RuleError as error:
        booking.skipped_reason = str(error.message)[:200]
        record("recurring.skipped", household_id=household.id, detail=f"recurring {recurring.id}")
    return booking


def run_schedules(now: datetime | None = None) -> list[RecurringBooking]:
    """Book every occurrence due up to today (each household's own today), exactly once.

    `now` runs the job as of that moment (the CLI's --at, for tests and catching up).
    """
    if now is None:
        return _run_now()
    with clock.frozen_at(now):
        return _run_now()


def _run_now() -> list[RecurringBooking]:
    latest = clock.now().date() + timedelta(days=1)  # no local date is further ahead of UTC
    rows = db.session.execute(
        select(RecurringExpense, Household)
        .join(Household, Household.id == RecurringExpense.household_id)
        .where(
            RecurringExpense.starts_on <= latest,
            Household.archived_at.is_(None),
        )
        .order_by(RecurringExpense.id)
    ).all()
    booked = set(
        db.session.execute(
            select(RecurringBooking.recurring_id, RecurringBooking.occurs_on).where(
                RecurringBooking.recurring_id.in_([r.id for r, _h in rows])
            )
        ).all()
    )
    made: list[RecurringBooking] = []
    for recurring, household in rows:
        for day in occurrences(recurring, household.today()):
            if (recurring.id, day) not in booked:
                booking = _book(recurring, household, day)
                if booking is not None:
                    made.append(booking)
    return made


def run_schedules_at(at: str | None) -> str:
    """The CLI's entry: run the job (as of `at`, ISO 8601), commit, and say what it did.

    A scheduled job, not a request: it commits itself.
    """
    moment = None
    if at:
        moment = datetime.fromisoformat(at)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    made = run_schedules(moment)
    with clock.frozen_at(moment) if moment else contextlib.nullcontext():
        concerns = raise_arrears_concerns()
    db.session.commit()
    skipped = sum(1 for booking in made if booking.expense_id is None)
    return (
        f"Booked {len(made) - skipped} recurring expense(s), skipped {skipped}. "
        f"Raised {len(concerns)} arrears concern(s)."
    )
