"""`flask cohousing run-schedules` started four times at the same moment, as separate
processes: each occurrence of a recurring expense is booked once, and arrears raise one
concern."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money.models import ExpenseCategory, Period, RecurringBooking
from cohousing.money.services import (
    SYSTEM,
    Split,
    create_recurring,
    set_contribution,
    update_settings,
)
from cohousing.wellbeing.models import Concern, ConcernEvent, ConcernKind
from tests.conftest import TEST_NOW
from tests.fixtures.jobs import count_rows, run_at_once
from tests.fixtures.money import count

pytestmark = pytest.mark.no_db_transaction


def _recurring(house, anna, bruno, period: Period, day: int, starts_on: date):
    return create_recurring(
        house,
        description=f"{period.value} {day}",
        amount_cents=80000,
        category=ExpenseCategory.RENT,
        payer_id=anna.id,
        split=Split.equal([anna.id, bruno.id]),
        period=period,
        day=day,
        starts_on=starts_on,
        ends_on=None,
        by=SYSTEM,
    ).id


def test_four_runs_at_once_book_each_occurrence_once_and_raise_arrears_once(
    job_app, make_household
):
    from cohousing.money.models import Expense

    with job_app.app_context():
        house = make_household("Casa Gara")
        for membership in house.memberships:
            membership.started_on = date(2026, 1, 1)
        anna, bruno = current_residents(house)
        monthly = _recurring(house, anna, bruno, Period.MONTHLY, 1, date(2026, 9, 1))
        weekly = _recurring(house, anna, bruno, Period.WEEKLY, 0, date(2026, 11, 1))
        set_contribution(house, anna.id, monthly_cents=15000, starts_on=date(2026, 9, 1))
        update_settings(
            house, kitty_mode=False, arrears_threshold_cents=30000, arrears_threshold_days=None
        )
        db.session.commit()
        anna_id = anna.id

    runs = run_at_once(job_app, ["run-schedules", "--at", TEST_NOW.isoformat()], 4)

    booked = sum(int(re.search(r"Booked (\d+)", run.out).group(1)) for run in runs)
    raised = sum(int(re.search(r"Raised (\d+) arrears", run.out).group(1)) for run in runs)
    assert (booked, raised) == (7, 1)
    with job_app.app_context():
        days = {
            recurring: db.session.scalars(
                select(RecurringBooking.occurs_on)
                .where(RecurringBooking.recurring_id == recurring)
                .order_by(RecurringBooking.occurs_on)
            ).all()
            for recurring in (monthly, weekly)
        }
        assert days[monthly] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
        assert days[weekly] == [date(2026, 11, d) for d in (2, 9, 16, 23)]  # Mondays
        assert count(Expense) == 7
        assert count_rows(RecurringBooking, RecurringBooking.expense_id.is_(None)) == 0
        (concern,) = db.session.scalars(select(Concern)).all()
        assert (concern.kind, concern.person_id) == (ConcernKind.ARREARS, anna_id)
        assert count_rows(ConcernEvent, ConcernEvent.concern_id == concern.id) == 1
