"""Running balances: after any sequence of writes the kept balances equal a full
recomputation from the ledger; the rebuild command makes them again; concurrent writers on
PostgreSQL (threads on their own connections, committing for real) lose no update."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import (
    DwellingData,
    NewResident,
    create_household,
    current_residents,
)
from cohousing.money.models import Balance, Expense, Payment, SplitKind
from cohousing.money.services import (
    SYSTEM,
    Split,
    add_expense,
    balances,
    delete_expense,
    delete_payment,
    edit_expense,
    edit_payment,
    kept_balances,
    ledger_balances,
    rebuild_balances,
    record_payment,
    restore_expense,
)
from cohousing.rules import RuleError
from tests.fixtures.money import TODAY, expense_data
from tests.fixtures.people import default_organisation_id

POT = None


def nonzero(owed: dict) -> dict:
    return {party: cents for party, cents in owed.items() if cents}


def assert_kept_equals_ledger(household) -> None:
    ledger = nonzero(ledger_balances(household.id))
    assert kept_balances(household.id) == ledger
    assert nonzero(balances(household)) == ledger


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "edit", "delete", "restore", "pay", "edit_payment", "delete_payment"]
        ),
        st.integers(0, 3),  # who: Anna, Bruno, Carla (moved out), the pot
        st.integers(0, 3),  # whom, or which earlier row
        st.integers(1, 50_000),  # cents
        st.sampled_from([SplitKind.EQUAL, SplitKind.SHARES]),
    ),
    min_size=1,
    max_size=12,
)


def _apply(household, parties, operation, rows) -> None:
    kind, who, whom, cents, split_kind = operation
    expenses, payments = rows["expenses"], rows["payments"]
    here = parties[:2]  # Carla moved out: she can only settle up
    if kind in ("add", "edit"):
        payer = here[who % 2]
        sharers = here if whom % 2 else [payer, here[(who + 1) % 2]][: 1 + whom % 3]
        weights = {p: 1 + (cents + i) % 4 for i, p in enumerate(sharers)}
        data = expense_data({payer: cents}, Split(split_kind, weights))
        if kind == "add":
            expenses.append(add_expense(household, data, by=SYSTEM))
        elif expenses:
            edit_expense(expenses[whom % len(expenses)], data, by=SYSTEM)
    elif kind in ("delete", "restore") and expenses:
        expense = expenses[whom % len(expenses)]
        (delete_expense if kind == "delete" else restore_expense)(expense, by=SYSTEM)
    elif kind == "pay":
        payer, payee = parties[who], parties[whom]
        payments.append(
            record_payment(
                household, payer=payer, payee=payee, cents=cents, paid_on=TODAY, by=SYSTEM
            )
        )
    elif kind == "edit_payment" and payments:
        payment = payments[whom % len(payments)]
        edit_payment(payment, cents=cents, paid_on=payment.paid_on, note="corretto", by=SYSTEM)
    elif kind == "delete_payment" and payments:
        delete_payment(payments[whom % len(payments)], by=SYSTEM)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_after_any_writes_the_kept_balances_equal_the_ledger(trio_house, carla_left, operations):
    """Expenses added, edited, deleted, restored; payments between residents, with the one
    who moved out and with the pot, corrected and deleted; refused ones change nothing."""
    parties = [*carla_left, POT]
    with db.session.begin_nested() as savepoint:
        rows: dict[str, list] = {"expenses": [], "payments": []}
        for operation in operations:
            try:
                with db.session.begin_nested():
                    _apply(trio_house, parties, operation, rows)
            except RuleError:
                pass
        db.session.flush()
        assert_kept_equals_ledger(trio_house)
        savepoint.rollback()


def test_a_resident_who_moved_out_keeps_her_balance(trio_house, carla_left):
    anna, bruno, carla = carla_left
    assert kept_balances(trio_house.id) == {anna: 600, bruno: -300, carla: -300}
    assert balances(trio_house)[carla] == -300


def test_rebuild_makes_the_balances_again_from_the_ledger(app, trio_house, carla_left):
    anna, bruno, carla = carla_left
    payment = record_payment(
        trio_house, payer=bruno, payee=None, cents=500, paid_on=TODAY, by=SYSTEM
    )
    assert payment.id
    db.session.execute(update(Balance).values(cents=Balance.cents + 7))  # out of step
    assert kept_balances(trio_house.id) != nonzero(ledger_balances(trio_house.id))
    rebuild_balances([trio_house.id])
    assert kept_balances(trio_house.id) == {anna: 600, bruno: 200, carla: -300, POT: -500}
    assert_kept_equals_ledger(trio_house)


def test_the_rebuild_command_rebuilds_every_household(app, trio_house, carla_left):
    db.session.execute(update(Balance).values(cents=0))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cohousing", "rebuild-balances"])
    assert result.exit_code == 0, result.output
    assert "Balances rebuilt: 3 rows." in result.output
    db.session.expire_all()
    assert_kept_equals_ledger(trio_house)


def test_a_household_without_money_reads_zero_for_its_residents(trio_house, trio):
    assert balances(trio_house) == dict.fromkeys(trio, 0)
    assert kept_balances(trio_house.id) == {}


# --- concurrent writers, committing for real ------------------------------------------------

WRITERS = 4
WRITES = 12


def _seed(app) -> tuple[int, list[int]]:
    with app.app_context():
        household = create_household(
            name="Casa Veloce",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(address="Via Fillungo 2, Lucca", monthly_rent_cents=80000),
            residents=[
                NewResident(display_name=n, pin=p)
                for n, p in (("Anna", "1111"), ("Bruno", "2222"), ("Carla", "3333"))
            ],
            worker_ids=[],
            organisation_id=default_organisation_id(),
            locale="it",
        )
        for membership in household.memberships:
            membership.started_on = date(2026, 1, 1)
        db.session.commit()
        people = [p.id for p in current_residents(household)]
        return household.id, people


def together(target, argument_lists: list[tuple], timeout: float = 60) -> None:
    """Each call in its own thread (and so its own connection), started together."""
    threads = [threading.Thread(target=target, args=args) for args in argument_lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def _write(app, household_id: int, people: list[int], seed: int, errors: list) -> None:
    try:
        with app.app_context():
            for step in range(WRITES):
                household = db.session.get(Household, household_id)
                payer = people[(seed + step) % 3]
                other = people[(seed + step + 1) % 3]
                match step % 4:
                    case 0 | 1:
                        data = expense_data({payer: 300 + seed + step}, Split.equal(people))
                        add_expense(household, data, by=SYSTEM)
                    case 2:
                        record_payment(
                            household,
                            payer=payer,
                            payee=other,
                            cents=100 + step,
                            paid_on=TODAY,
                            by=SYSTEM,
                        )
                    case _:
                        mine = db.session.scalars(
                            select(Expense)
                            .where(
                                Expense.household_id == household_id, Expense.deleted_at.is_(None)
                            )
                            .order_by(Expense.id.desc())
                        ).first()
                        if mine is not None and seed % 2:
                            delete_expense(mine, by=SYSTEM)
                        elif mine is not None:  # the others correct the same expense
                            data = expense_data({other: 700 + seed}, Split.equal([payer, other]))
                            try:
                                edit_expense(mine, data, by=SYSTEM)
                            except RuleError:  # deleted meanwhile: the lock read it again
                                db.session.rollback()
                                continue
                db.session.commit()
            db.session.remove()
    except BaseException as error:  # reported in the test's thread
        errors.append(error)


@pytest.mark.no_db_transaction
def test_concurrent_writers_leave_the_kept_balances_equal_to_the_ledger(job_app):
    """Four threads, each on its own connection, add, pay, delete and correct (often the
    same expense) at once and commit after every write: on PostgreSQL they really overlap,
    and no update is lost."""
    with job_app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite writes one transaction at a time: the race needs PostgreSQL")
    household_id, people = _seed(job_app)
    errors: list = []
    together(_write, [(job_app, household_id, people, seed, errors) for seed in range(WRITERS)])
    assert not errors, errors
    with job_app.app_context():
        household = db.session.get(Household, household_id)
        assert db.session.scalar(select(func.count(Expense.id))) >= WRITERS * WRITES // 4
        assert db.session.scalar(select(func.count(Payment.id))) == WRITERS * WRITES // 4
        ledger = nonzero(ledger_balances(household_id))
        assert ledger  # money really moved
        assert kept_balances(household_id) == ledger
        assert sum(ledger.values()) == 0
        assert nonzero(balances(household)) == ledger
        db.session.remove()
