"""Expenses, payments, history and balances on the database (no HTTP)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_login import login_user
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.models import AuditEvent
from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.money.contributions import update_settings
from cohousing.money.models import (
    ChangeKind,
    Expense,
    ExpenseCategory,
    ExpensePayer,
    ExpenseShare,
    Payment,
    RecurringExpense,
)
from cohousing.money.services import (
    SYSTEM,
    Actor,
    ExpenseData,
    MoneyRuleError,
    add_expense,
    balances,
    delete_expense,
    delete_payment,
    edit_expense,
    edit_payment,
    expense_in,
    history,
    payment_history,
    recent_expenses,
    record_payment,
    restore_expense,
    suggested_transfers,
)
from cohousing.money.settle import POT, Transfer
from cohousing.money.splits import Split, SplitKind
from cohousing.people.models import Person

TODAY = date(2026, 11, 25)


@pytest.fixture
def house(make_household):
    """Anna, Bruno and Carla, living there since January."""
    household = make_household(
        "Casa Soldi",
        residents=(("Anna", "1111"), ("Bruno", "2222"), ("Carla", "3333")),
    )
    for membership in household.memberships:
        membership.started_on = date(2026, 1, 1)
    db.session.commit()
    return household


@pytest.fixture
def people(house):
    return [person.id for person in current_residents(house)]  # Anna, Bruno, Carla


def expense(payers, split, amount=None, **extra):
    amount = amount if amount is not None else sum(payers.values())
    return ExpenseData(
        description=extra.pop("description", "Spesa"),
        amount_cents=amount,
        spent_on=extra.pop("spent_on", TODAY),
        category=extra.pop("category", ExpenseCategory.GROCERIES),
        payers=payers,
        split=split,
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_add_expense_splits_books_history_and_audit(house, people):
    anna, bruno, carla = people
    booked = add_expense(house, expense({anna: 1000}, Split.equal(people)), by=Actor(anna))
    db.session.commit()
    assert booked.amount_cents == 1000
    assert {s.person_id: s.cents for s in booked.shares} == {anna: 333, bruno: 334, carla: 333}
    assert [(p.person_id, p.cents) for p in booked.payers] == [(anna, 1000)]
    assert balances(house) == {anna: 667, bruno: -334, carla: -333}
    (created,) = history(booked)
    assert created.kind is ChangeKind.CREATED and created.person_name == "Anna"
    assert created.changes["amount_cents"] == [None, 1000]
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == (
        "expense.added"
    )


def test_several_payers_and_every_split_kind(house, people):
    anna, bruno, carla = people
    cases = [
        (
            Split(SplitKind.SHARES, {anna: 2, bruno: 1, carla: 1}),
            {anna: 500, bruno: 250, carla: 250},
        ),
        (Split(SplitKind.PERCENT, {anna: 5000, bruno: 5000}), {anna: 500, bruno: 500}),
        (Split(SplitKind.EXACT, {anna: 100, carla: 900}), {anna: 100, carla: 900}),
    ]
    for split, shares in cases:
        booked = add_expense(house, expense({anna: 400, bruno: 600}, split), by=SYSTEM)
        assert {s.person_id: s.cents for s in booked.shares} == shares
        basis = {s.person_id: s.basis for s in booked.shares}
        if split.kind is SplitKind.EXACT:
            assert set(basis.values()) == {None}
        else:
            assert basis == dict(split.values)


def test_the_spare_cent_goes_round(house, people):
    got = []
    for _ in range(6):
        booked = add_expense(house, expense({people[0]: 100}, Split.equal(people)), by=SYSTEM)
        got.append(next(s.person_id for s in booked.shares if s.cents == 34))
    assert sorted(got) == sorted(people * 2)
    assert got[:3] != [got[0]] * 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -500}, "amount"),
        ({"amount": 10_000_001}, "amount"),
        ({"description": "  "}, "description"),
        ({"spent_on": TODAY + timedelta(days=32)}, "spent_on"),
        ({"payers_sum": 999}, "payers"),
        ({"split": "percent_99"}, "percent"),
        ({"split": "exact_short"}, "exact"),
        ({"split": "nobody"}, "participants"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_saved(house, people, change, field):
    anna, bruno, _carla = people
    amount = change.get("amount", 1000)
    splits = {
        "percent_99": Split(SplitKind.PERCENT, {anna: 5000, bruno: 4900}),
        "exact_short": Split(SplitKind.EXACT, {anna: 500, bruno: 400}),
        "nobody": Split.equal([]),
    }
    data = ExpenseData(
        description=change.get("description", "Pane"),
        amount_cents=amount,
        spent_on=change.get("spent_on", TODAY),
        category=ExpenseCategory.GROCERIES,
        payers={anna: change.get("payers_sum", amount)},
        split=splits.get(change.get("split"), Split.equal(people)),
    )
    with pytest.raises(MoneyRuleError) as caught:
        add_expense(house, data, by=SYSTEM)
    assert field in caught.value.errors
    assert count(Expense) == 0


def test_people_from_elsewhere_are_refused(house, people, other_household):
    stranger = current_residents(other_household)[0].id
    with pytest.raises(MoneyRuleError) as caught:
        add_expense(house, expense({stranger: 500}, Split.equal(people)), by=SYSTEM)
    assert "payers" in caught.value.errors
    with pytest.raises(MoneyRuleError) as caught:
        add_expense(house, expense({people[0]: 500}, Split.equal([*people, stranger])), by=SYSTEM)
    assert set(caught.value.errors) == {"participants"}
    assert count(Expense) == 0


def test_someone_who_moved_out_can_share_an_expense_from_before(house, people):
    anna, _bruno, carla = people
    move_out(house, carla, TODAY - timedelta(days=3))
    old = expense({anna: 300}, Split.equal(people), spent_on=TODAY - timedelta(days=10))
    assert add_expense(house, old, by=SYSTEM).amount_cents == 300
    with pytest.raises(MoneyRuleError):
        add_expense(house, expense({anna: 300}, Split.equal(people)), by=SYSTEM)


def test_two_taps_on_save_book_one_expense(house, people):
    data = expense({people[0]: 900}, Split.equal(people))
    first = add_expense(house, data, by=SYSTEM, submission_id="tap-1")
    db.session.commit()
    with pytest.raises(AlreadySubmitted) as caught:
        add_expense(house, data, by=SYSTEM, submission_id="tap-1")
    assert caught.value.result == f"expense:{first.id}"
    assert count(Expense) == 1


def test_edit_keeps_who_changed_what_and_when(house, people, clock):
    anna, bruno, carla = people
    booked = add_expense(house, expense({anna: 900}, Split.equal(people)), by=Actor(anna))
    db.session.commit()
    clock.advance(timedelta(hours=2))
    edit_expense(
        booked,
        expense({anna: 1200}, Split.equal([anna, bruno])),
        by=Actor(staff_id=None, person_id=bruno),
    )
    db.session.commit()
    assert balances(house) == {anna: 600, bruno: -600, carla: 0}
    _created, edited = history(booked)
    changes = edited.changes
    assert edited.kind is ChangeKind.EDITED and edited.person_name == "Bruno"
    assert edited.staff_name is None
    assert edited.at == clock.now()
    assert changes["amount_cents"] == [900, 1200]
    assert changes["shares"] == [
        {str(anna): 300, str(bruno): 300, str(carla): 300},
        {str(anna): 600, str(bruno): 600},
    ]
    assert "description" not in changes
    assert count(ExpenseShare) == 2  # the old shares are replaced, their values kept in history


def test_an_edit_that_breaks_a_rule_changes_nothing(house, people):
    booked = add_expense(house, expense({people[0]: 900}, Split.equal(people)), by=SYSTEM)
    db.session.commit()
    with pytest.raises(MoneyRuleError):
        edit_expense(booked, expense({people[0]: 0}, Split.equal(people)), by=SYSTEM)
    db.session.rollback()
    assert db.session.get(Expense, booked.id).amount_cents == 900
    assert len(history(booked)) == 1


def test_delete_is_soft_visible_and_restorable(house, people):
    anna, bruno, carla = people
    booked = add_expense(house, expense({anna: 900}, Split.equal(people)), by=SYSTEM)
    delete_expense(booked, by=Actor(person_id=carla))
    db.session.commit()
    assert balances(house) == {anna: 0, bruno: 0, carla: 0}
    assert db.session.get(Expense, booked.id).deleted_at is not None
    assert [entry.kind for entry in history(booked)] == [ChangeKind.CREATED, ChangeKind.DELETED]
    assert history(booked)[-1].person_name == "Carla"
    with pytest.raises(MoneyRuleError):
        edit_expense(booked, expense({anna: 100}, Split.equal(people)), by=SYSTEM)
    restore_expense(booked, by=SYSTEM)
    assert balances(house)[anna] == 600


def test_payments_move_balances_and_keep_history(house, people):
    anna, bruno, carla = people
    add_expense(house, expense({anna: 900}, Split.equal(people)), by=SYSTEM)
    payment = record_payment(
        house, payer=bruno, payee=anna, cents=300, paid_on=TODAY, by=Actor(bruno)
    )
    assert balances(house) == {anna: 300, bruno: 0, carla: -300}
    edit_payment(payment, cents=200, paid_on=TODAY, note="contanti", by=Actor(anna))
    assert balances(house)[bruno] == -100
    delete_payment(payment, by=SYSTEM)
    assert balances(house)[bruno] == -300
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
def test_bad_payments_are_refused(house, people, payer, payee, cents, days_ahead, field):
    who = dict(enumerate(people))
    with pytest.raises(MoneyRuleError) as caught:
        record_payment(
            house,
            payer=who.get(payer),
            payee=who.get(payee),
            cents=cents,
            paid_on=TODAY + timedelta(days=days_ahead),
            by=SYSTEM,
        )
    assert field in caught.value.errors
    assert count(Payment) == 0


def test_paying_a_suggestion_leaves_the_others_unchanged(house, people):
    anna, bruno, carla = people
    add_expense(house, expense({anna: 1000, bruno: 200}, Split.equal(people)), by=SYSTEM)
    add_expense(house, expense({carla: 100}, Split.equal([anna, carla])), by=SYSTEM)
    plan = suggested_transfers(house)
    assert sum(1 for _ in plan) <= 2
    for step, transfer in enumerate(plan):
        record_payment(
            house,
            payer=transfer.payer,
            payee=transfer.payee,
            cents=transfer.cents,
            paid_on=TODAY,
            by=SYSTEM,
        )
        assert suggested_transfers(house) == plan[step + 1 :]
    assert set(balances(house).values()) == {0}


def test_kitty_mode_settles_through_the_pot(house, people):
    anna, bruno, carla = people
    update_settings(
        house, kitty_mode=True, arrears_threshold_cents=None, arrears_threshold_days=None
    )
    add_expense(house, expense({anna: 900}, Split.equal(people)), by=SYSTEM)
    plan = suggested_transfers(house)
    assert plan == [Transfer(bruno, POT, 300), Transfer(carla, POT, 300), Transfer(POT, anna, 600)]
    record_payment(house, payer=bruno, payee=None, cents=300, paid_on=TODAY, by=SYSTEM)
    assert balances(house) == {anna: 600, bruno: 0, carla: -300, POT: -300}
    assert suggested_transfers(house) == [Transfer(carla, POT, 300), Transfer(POT, anna, 600)]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_balances_always_sum_to_zero_and_transfers_clear_them(house, people, data):
    for _ in range(data.draw(st.integers(1, 4))):
        amount = data.draw(st.integers(1, 1_000_000))
        payer = data.draw(st.sampled_from(people))
        who = data.draw(st.lists(st.sampled_from(people), min_size=1, unique=True))
        kind = data.draw(st.sampled_from([SplitKind.EQUAL, SplitKind.SHARES]))
        weights = {p: data.draw(st.integers(1, 5)) for p in who}
        add_expense(house, expense({payer: amount}, Split(kind, weights)), by=SYSTEM)
    now = balances(house)
    assert sum(now.values()) == 0
    plan = suggested_transfers(house)
    assert len(plan) <= len(people) - 1
    for transfer in plan:
        record_payment(
            house,
            payer=transfer.payer,
            payee=transfer.payee,
            cents=transfer.cents,
            paid_on=TODAY,
            by=SYSTEM,
        )
    assert set(balances(house).values()) == {0}


def _many_expenses(house, people, n):
    for index in range(n):
        booked = Expense(
            household_id=house.id,
            description=f"Spesa {index}",
            amount_cents=300,
            spent_on=TODAY,
            category=ExpenseCategory.GROCERIES,
            split_kind=SplitKind.EQUAL,
            rotation_seq=index,
        )
        booked.payers = [ExpensePayer(person_id=people[index % 3], cents=300)]
        booked.shares = [ExpenseShare(person_id=p, cents=100) for p in people]
        db.session.add(booked)
    db.session.flush()


def test_balance_queries_do_not_grow_with_expenses(house, people, count_queries):
    statements = []
    for n in (3, 297):
        _many_expenses(house, people, n)
        record_payment(house, payer=people[1], payee=people[0], cents=50, paid_on=TODAY, by=SYSTEM)
        db.session.commit()
        db.session.expire_all()
        with count_queries() as ran:
            balances(house)
            suggested_transfers(house)
        statements.append(len(ran))
    assert statements[0] == statements[1] <= 6
    assert count(RecurringExpense) == 0


def test_two_taps_on_a_payment_record_one(house, people):
    kwargs = {"payer": people[1], "payee": people[0], "cents": 500, "paid_on": TODAY}
    kwargs["by"] = SYSTEM
    first = record_payment(house, **kwargs, submission_id="pay-1")
    with pytest.raises(AlreadySubmitted) as caught:
        record_payment(house, **kwargs, submission_id="pay-1")
    assert caught.value.result == f"payment:{first.id}"
    assert count(Payment) == 1


def test_listing_and_lookup_stay_in_the_household(house, people, other_household, count_queries):
    mine = add_expense(house, expense({people[0]: 500}, Split.equal(people)), by=SYSTEM)
    gone = add_expense(house, expense({people[1]: 700}, Split.equal(people)), by=SYSTEM)
    delete_expense(gone, by=SYSTEM)
    db.session.commit()
    db.session.expire_all()
    assert expense_in(house, mine.id).id == mine.id
    assert expense_in(other_household, mine.id) is None
    assert expense_in(house, 999_999) is None
    with count_queries() as ran:
        listed = recent_expenses(house)
        assert [len(e.shares) for e in listed] == [3, 3]
    assert len(ran) == 3
    assert [e.id for e in recent_expenses(house, with_deleted=False)] == [mine.id]


def test_actor_is_whoever_acts(app, house, people, worker):
    from flask import g

    assert Actor.current() == SYSTEM
    with app.test_request_context():
        g.resident = db.session.get(Person, people[0])
        assert Actor.current() == Actor(person_id=people[0])
    with app.test_request_context():
        g.resident = None  # g belongs to the app context the test already holds
        login_user(worker)
        assert Actor.current() == Actor(staff_id=worker.id)


def test_history_names_staff_and_the_system(house, people, worker):
    booked = add_expense(house, expense({people[0]: 900}, Split.equal(people)), by=SYSTEM)
    delete_expense(booked, by=Actor(staff_id=worker.id))
    created, deleted = history(booked)
    assert (created.person_name, created.staff_name) == (None, None)
    assert (deleted.person_name, deleted.staff_name) == (None, "Walter Operatore")


@pytest.mark.parametrize("cents", [0, -1, 10_000_001])
def test_the_database_refuses_absurd_amounts_too(house, people, cents):
    bad = Expense(
        household_id=house.id,
        description="x",
        amount_cents=cents,
        spent_on=TODAY,
        category=ExpenseCategory.OTHER,
        split_kind=SplitKind.EQUAL,
    )
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(bad)
        db.session.flush()
