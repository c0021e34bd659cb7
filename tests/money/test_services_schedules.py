"""Recurring expenses: each occurrence booked exactly once, by the job only."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import maintain_register
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership
from cohousing.households.services import current_residents, move_out
from cohousing.money.models import (
    Balance,
    Expense,
    ExpenseCategory,
    ExpenseChange,
    ExpensePayer,
    ExpenseShare,
    Period,
    PotBalance,
    RecurringBooking,
    RecurringExpense,
    RecurringShare,
    SplitKind,
)
from cohousing.money.services import (
    SYSTEM,
    Split,
    balances,
    create_recurring,
    occurrences,
    run_schedules,
    schedules,
    stop_recurring,
)
from cohousing.money.services.schedules import _book
from cohousing.people.models import Person
from cohousing.rules import RuleError
from tests.fixtures.people import default_organisation_id


@pytest.fixture
def house(make_household):
    household = make_household(
        "Casa Affitto", residents=(("Anna", "1111"), ("Bruno", "2222"), ("Carla", "3333"))
    )
    for membership in household.memberships:
        membership.started_on = date(2026, 1, 1)
    db.session.commit()
    return household


@pytest.fixture
def people(house):
    return [person.id for person in current_residents(house)]


@pytest.fixture
def rent(house, people):
    def make(starts_on=date(2026, 9, 1), day=1, period=Period.MONTHLY, ends_on=None, split=None):
        recurring = create_recurring(
            house,
            description="Affitto",
            amount_cents=90000,
            category=ExpenseCategory.RENT,
            payer_id=people[0],
            split=split or Split.equal(people),
            period=period,
            day=day,
            starts_on=starts_on,
            ends_on=ends_on,
            by=SYSTEM,
        )
        db.session.commit()
        return recurring

    return make


def booked_days(recurring) -> list[date]:
    return list(
        db.session.scalars(
            select(Expense.spent_on)
            .join(RecurringBooking, RecurringBooking.expense_id == Expense.id)
            .where(RecurringBooking.recurring_id == recurring.id)
            .order_by(Expense.spent_on)
        )
    )


def expenses() -> int:
    return db.session.scalar(select(func.count()).select_from(Expense))


def test_creating_a_schedule_books_nothing_by_itself(rent):
    rent()
    assert expenses() == 0


def test_run_twice_books_each_month_once(rent, people, house):
    recurring = rent()
    made = run_schedules()
    db.session.commit()
    assert [b.occurs_on for b in made] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert run_schedules() == []
    assert booked_days(recurring) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert balances(house) == {people[0]: 180000, people[1]: -90000, people[2]: -90000}


def test_after_a_three_month_gap_the_missed_months_are_booked(rent, clock):
    recurring = rent(starts_on=date(2026, 11, 1), day=20)
    assert len(run_schedules()) == 1
    clock.advance(timedelta(days=92))  # 2027-02-25: Dec, Jan, Feb were missed
    made = run_schedules()
    assert [b.occurs_on for b in made] == [date(2026, 12, 20), date(2027, 1, 20), date(2027, 2, 20)]
    assert run_schedules() == []
    assert len(booked_days(recurring)) == 4


def test_run_at_a_given_moment(rent):
    rent(starts_on=date(2026, 9, 1))
    made = run_schedules(datetime(2026, 10, 15, 12, tzinfo=UTC))
    assert [b.occurs_on for b in made] == [date(2026, 9, 1), date(2026, 10, 1)]


def test_two_runs_at_once_book_one_expense(rent, house):
    recurring = rent(starts_on=date(2026, 11, 1))
    first = _book(recurring, house, date(2026, 11, 1))
    second = _book(recurring, house, date(2026, 11, 1))  # the other run lost the race
    assert first is not None and first.expense_id is not None
    assert second is None
    assert expenses() == 1


def test_monthly_day_31_falls_on_the_last_day(rent):
    recurring = rent(starts_on=date(2026, 1, 1), day=31)
    days = occurrences(recurring, date(2026, 4, 30))
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_weekly_and_end_date(rent):
    recurring = rent(
        starts_on=date(2026, 11, 4), day=0, period=Period.WEEKLY, ends_on=date(2026, 11, 23)
    )  # Mondays
    assert occurrences(recurring, date(2026, 12, 31)) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert [b.occurs_on for b in run_schedules()] == occurrences(recurring, date(2026, 11, 25))


def test_stop_keeps_what_was_booked(rent):
    recurring = rent(starts_on=date(2026, 9, 1))
    run_schedules()
    stop_recurring(recurring, last_day=date(2026, 11, 30))
    with pytest.raises(RuleError):
        stop_recurring(recurring, last_day=date(2026, 8, 1))
    assert len(booked_days(recurring)) == 3


def test_someone_who_moved_out_stops_sharing(rent, house, people):
    anna, bruno, carla = people
    rent(
        starts_on=date(2026, 10, 1),
        split=Split(SplitKind.PERCENT, {anna: 5000, bruno: 2500, carla: 2500}),
    )
    move_out(house, carla, date(2026, 10, 15))
    run_schedules()
    november = db.session.scalar(select(Expense).where(Expense.spent_on == date(2026, 11, 1)))
    assert {s.person_id: s.cents for s in november.shares} == {anna: 60000, bruno: 30000}


def test_a_payer_who_moved_out_is_skipped_with_a_reason(rent, house, people):
    recurring = rent(starts_on=date(2026, 10, 1))
    move_out(house, people[0], date(2026, 10, 15))
    made = run_schedules()
    assert [(b.occurs_on, b.expense_id is None) for b in made] == [
        (date(2026, 10, 1), False),
        (date(2026, 11, 1), True),
    ]
    assert "live in this household" in made[1].skipped_reason
    assert run_schedules() == []  # not retried forever
    assert booked_days(recurring) == [date(2026, 10, 1)]


def test_bad_schedules_are_refused(house, people, other_household):
    stranger = current_residents(other_household)[0].id
    with pytest.raises(RuleError) as caught:
        create_recurring(
            house,
            description="",
            amount_cents=0,
            category=ExpenseCategory.RENT,
            payer_id=stranger,
            split=Split.equal([]),
            period=Period.MONTHLY,
            day=40,
            starts_on=date(2020, 1, 1),
            ends_on=date(2019, 1, 1),
            by=SYSTEM,
        )
    assert set(caught.value.errors) >= {
        "description",
        "amount",
        "payer",
        "day",
        "starts_on",
        "ends_on",
    }


def test_cli_command_books_and_commits(app, rent):
    rent(starts_on=date(2026, 11, 1))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["cohousing", "run-schedules", "--at", "2026-11-25T09:00:00"])
    assert result.exit_code == 0, result.output
    assert "Booked 1 recurring expense(s), skipped 0." in result.output
    again = runner.invoke(args=["cohousing", "run-schedules"])
    assert "Booked 0" in again.output
    bad = runner.invoke(args=["cohousing", "run-schedules", "--at", "yesterday"])
    assert bad.exit_code != 0
    assert expenses() == 1


def test_an_archived_household_books_nothing(rent, house, clock):
    rent(starts_on=date(2026, 11, 1))
    house.archived_at = clock.now()
    assert run_schedules() == []
    assert expenses() == 0


# --- two runs of the job at the same moment, on a real database ---------------------


def _seed_committed() -> dict[str, int]:
    household = Household(
        name="Casa Gara", kind=HouseholdKind.FAMILY, organisation_id=default_organisation_id()
    )
    anna = Person(display_name="Anna Gara", pin_hash="x")
    bruno = Person(display_name="Bruno Gara", pin_hash="x")
    db.session.add_all([household, anna, bruno])
    db.session.flush()
    for person in (anna, bruno):
        db.session.add(
            Membership(person_id=person.id, household_id=household.id, started_on=date(2026, 1, 1))
        )
    db.session.flush()
    recurring = create_recurring(
        household,
        description="Affitto",
        amount_cents=80000,
        category=ExpenseCategory.RENT,
        payer_id=anna.id,
        split=Split.equal([anna.id, bruno.id]),
        period=Period.MONTHLY,
        day=1,
        starts_on=date(2026, 9, 1),
        ends_on=None,
        by=SYSTEM,
    )
    db.session.commit()
    return {"household": household.id, "people": [anna.id, bruno.id], "recurring": recurring.id}


def _remove(ids: dict) -> None:
    expense_ids = select(Expense.id).where(Expense.household_id == ids["household"])
    maintain_register()  # the test's own rows: PostgreSQL's trigger refuses otherwise
    for statement in (
        delete(RecurringBooking).where(RecurringBooking.recurring_id == ids["recurring"]),
        delete(ExpenseChange).where(ExpenseChange.household_id == ids["household"]),
        delete(ExpensePayer).where(ExpensePayer.expense_id.in_(expense_ids)),
        delete(ExpenseShare).where(ExpenseShare.expense_id.in_(expense_ids)),
        delete(Expense).where(Expense.household_id == ids["household"]),
        delete(RecurringShare).where(RecurringShare.recurring_id == ids["recurring"]),
        delete(RecurringExpense).where(RecurringExpense.id == ids["recurring"]),
        delete(AuditEvent).where(AuditEvent.household_id == ids["household"]),
        delete(Balance).where(Balance.household_id == ids["household"]),
        delete(PotBalance).where(PotBalance.household_id == ids["household"]),
        delete(Membership).where(Membership.household_id == ids["household"]),
        delete(Person).where(Person.id.in_(ids["people"])),
        delete(Household).where(Household.id == ids["household"]),
    ):
        db.session.execute(statement)
    db.session.commit()


@pytest.mark.no_db_transaction
def test_two_runs_at_the_same_moment_book_each_month_once(app, monkeypatch):
    """Both runs read "not booked yet" before either books: the unique key and the
    savepoint make the second one book nothing, without an error."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("one in-memory connection: the race needs PostgreSQL")
        ids = _seed_committed()
    barrier = threading.Barrier(2)
    real_occurrences = schedules.occurrences

    def occurrences_then_wait(recurring, until):
        found = real_occurrences(recurring, until)
        barrier.wait(timeout=10)
        return found

    monkeypatch.setattr(schedules, "occurrences", occurrences_then_wait)
    made, errors = [], []

    def run() -> None:
        try:
            with app.app_context():
                made.append(len(run_schedules()))
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        assert sorted(made) == [0, 3]
        with app.app_context():
            days = db.session.scalars(
                select(Expense.spent_on)
                .where(Expense.household_id == ids["household"])
                .order_by(Expense.spent_on)
            ).all()
            assert days == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    finally:
        with app.app_context():
            _remove(ids)
            db.session.remove()
