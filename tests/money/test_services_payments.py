"""Payments, balances and settling up on the database (no HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.money.models import (
    ChangeKind,
    Expense,
    ExpenseCategory,
    ExpensePayer,
    ExpenseShare,
    Payment,
    RecurringExpense,
    SplitKind,
)
from cohousing.money.services import (
    POT,
    SYSTEM,
    Actor,
    Split,
    Transfer,
    add_expense,
    balances,
    delete_payment,
    edit_payment,
    payment_history,
    rebuild_balances,
    record_payment,
    suggested_transfers,
    update_settings,
)
from cohousing.rules import RuleError
from tests.fixtures.money import TODAY, count, expense_data


def test_payments_move_balances_and_keep_history(trio_house, trio):
    anna, bruno, carla = trio
    add_expense(trio_house, expense_data({anna: 900}, Split.equal(trio)), by=SYSTEM)
    payment = record_payment(
        trio_house, payer=bruno, payee=anna, cents=300, paid_on=TODAY, by=Actor(bruno)
    )
    assert balances(trio_house) == {anna: 300, bruno: 0, carla: -300}
    edit_payment(payment, cents=200, paid_on=TODAY, note="contanti", by=Actor(anna))
    assert balances(trio_house)[bruno] == -100
    delete_payment(payment, by=SYSTEM)
    assert balances(trio_house)[bruno] == -300
    entries = payment_history(payment)
    assert [e.kind for e in entries] == [ChangeKind.CREATED, ChangeKind.EDITED, ChangeKind.DELETED]
    assert [e.person_name for e in entries] == ["Bruno", "Anna", None]
    assert entries[1].changes == {"cents": [300, 200], "note": ["", "contanti"]}
    assert count(Payment) == 1


@pytest.mark.parametrize(
    ("payer", "payee", "cents", "days_ahead", "field"),
    [
        (0, 1, 0, 0, "amount"),
        (0, 1, 10_000_001, 0, "amount"),
        (0, 0, 100, 0, "to_person"),
        (0, 1, 100, 40, "paid_on"),
        (None, None, 100, 0, "from_person"),
    ],
)
def test_bad_payments_are_refused(trio_house, trio, payer, payee, cents, days_ahead, field):
    who = dict(enumerate(trio))
    with pytest.raises(RuleError) as caught:
        record_payment(
            trio_house,
            payer=who.get(payer),
            payee=who.get(payee),
            cents=cents,
            paid_on=TODAY + timedelta(days=days_ahead),
            by=SYSTEM,
        )
    assert field in caught.value.errors
    assert count(Payment) == 0


def test_paying_a_suggestion_leaves_the_others_unchanged(trio_house, trio):
    anna, bruno, carla = trio
    add_expense(trio_house, expense_data({anna: 1000, bruno: 200}, Split.equal(trio)), by=SYSTEM)
    add_expense(trio_house, expense_data({carla: 100}, Split.equal([anna, carla])), by=SYSTEM)
    plan = suggested_transfers(trio_house)
    assert sum(1 for _ in plan) <= 2
    for step, transfer in enumerate(plan):
        record_payment(
            trio_house,
            payer=transfer.payer,
            payee=transfer.payee,
            cents=transfer.cents,
            paid_on=TODAY,
            by=SYSTEM,
        )
        assert suggested_transfers(trio_house) == plan[step + 1 :]
    assert set(balances(trio_house).values()) == {0}


def test_kitty_mode_settles_through_the_pot(trio_house, trio):
    anna, bruno, carla = trio
    update_settings(
        trio_house, kitty_mode=True, arrears_threshold_cents=None, arrears_threshold_days=None
    )
    add_expense(trio_house, expense_data({anna: 900}, Split.equal(trio)), by=SYSTEM)
    plan = suggested_transfers(trio_house)
    assert plan == [Transfer(bruno, POT, 300), Transfer(carla, POT, 300), Transfer(POT, anna, 600)]
    record_payment(trio_house, payer=bruno, payee=None, cents=300, paid_on=TODAY, by=SYSTEM)
    assert balances(trio_house) == {anna: 600, bruno: 0, carla: -300, POT: -300}
    assert suggested_transfers(trio_house) == [Transfer(carla, POT, 300), Transfer(POT, anna, 600)]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_balances_always_sum_to_zero_and_transfers_clear_them(trio_house, trio, data):
    for _ in range(data.draw(st.integers(1, 4))):
        amount = data.draw(st.integers(1, 1_000_000))
        payer = data.draw(st.sampled_from(trio))
        who = data.draw(st.lists(st.sampled_from(trio), min_size=1, unique=True))
        kind = data.draw(st.sampled_from([SplitKind.EQUAL, SplitKind.SHARES]))
        weights = {p: data.draw(st.integers(1, 5)) for p in who}
        add_expense(trio_house, expense_data({payer: amount}, Split(kind, weights)), by=SYSTEM)
    now = balances(trio_house)
    assert sum(now.values()) == 0
    plan = suggested_transfers(trio_house)
    assert len(plan) <= len(trio) - 1
    for transfer in plan:
        record_payment(
            trio_house,
            payer=transfer.payer,
            payee=transfer.payee,
            cents=transfer.cents,
            paid_on=TODAY,
            by=SYSTEM,
        )
    assert set(balances(trio_house).values()) == {0}


def _many_expenses(trio_house, trio, n):
    for index in range(n):
        booked = Expense(
            household_id=trio_house.id,
            description=f"Spesa {index}",
            amount_cents=300,
            spent_on=TODAY,
            category=ExpenseCategory.GROCERIES,
            split_kind=SplitKind.EQUAL,
            rotation_seq=index,
        )
        booked.payers = [ExpensePayer(person_id=trio[index % 3], cents=300)]
        booked.shares = [ExpenseShare(person_id=p, cents=100) for p in trio]
        db.session.add(booked)
    db.session.flush()
    rebuild_balances([trio_house.id])  # rows added straight to the tables


def test_balance_queries_do_not_grow_with_expenses(trio_house, trio, count_queries):
    statements = []
    for n in (3, 297):
        _many_expenses(trio_house, trio, n)
        record_payment(trio_house, payer=trio[1], payee=trio[0], cents=50, paid_on=TODAY, by=SYSTEM)
        db.session.commit()
        db.session.expire_all()
        with count_queries() as ran:
            balances(trio_house)
            suggested_transfers(trio_house)
        statements.append(len(ran))
    assert statements[0] == statements[1] <= 6
    assert count(RecurringExpense) == 0


def test_two_taps_on_a_payment_record_one(trio_house, trio):
    kwargs = {"payer": trio[1], "payee": trio[0], "cents": 500, "paid_on": TODAY}
    kwargs["by"] = SYSTEM
    first = record_payment(trio_house, **kwargs, submission_id="pay-1")
    with pytest.raises(AlreadySubmitted) as caught:
        record_payment(trio_house, **kwargs, submission_id="pay-1")
    assert caught.value.result == f"payment:{first.id}"
    assert count(Payment) == 1
