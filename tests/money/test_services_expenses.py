"""Expenses on the database (no HTTP): splits, rules, history, soft deletion, who acts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.models import AuditEvent
from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.money.models import ChangeKind, Expense, ExpenseCategory, ExpenseShare, SplitKind
from cohousing.money.services import (
    SYSTEM,
    Actor,
    ExpenseData,
    Split,
    add_expense,
    balances,
    delete_expense,
    edit_expense,
    history,
    recent_expenses,
    restore_expense,
)
from cohousing.people.models import Person
from cohousing.rules import RuleError
from tests.fixtures.money import TODAY, count, expense_data


def test_add_expense_splits_books_history_and_audit(trio_house, trio):
    anna, bruno, carla = trio
    booked = add_expense(trio_house, expense_data({anna: 1000}, Split.equal(trio)), by=Actor(anna))
    db.session.commit()
    assert booked.amount_cents == 1000
    assert {s.person_id: s.cents for s in booked.shares} == {anna: 333, bruno: 334, carla: 333}
    assert [(p.person_id, p.cents) for p in booked.payers] == [(anna, 1000)]
    assert balances(trio_house) == {anna: 667, bruno: -334, carla: -333}
    (created,) = history(booked)
    assert created.kind is ChangeKind.CREATED and created.person_name == "Anna"
    assert created.changes["amount_cents"] == [None, 1000]
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == (
        "expense.added"
    )


def test_several_payers_and_every_split_kind(trio_house, trio):
    anna, bruno, carla = trio
    cases = [
        (
            Split(SplitKind.SHARES, {anna: 2, bruno: 1, carla: 1}),
            {anna: 500, bruno: 250, carla: 250},
        ),
        (Split(SplitKind.PERCENT, {anna: 5000, bruno: 5000}), {anna: 500, bruno: 500}),
        (Split(SplitKind.EXACT, {anna: 100, carla: 900}), {anna: 100, carla: 900}),
    ]
    for split, shares in cases:
        booked = add_expense(trio_house, expense_data({anna: 400, bruno: 600}, split), by=SYSTEM)
        assert {s.person_id: s.cents for s in booked.shares} == shares
        basis = {s.person_id: s.basis for s in booked.shares}
        if split.kind is SplitKind.EXACT:
            assert set(basis.values()) == {None}
        else:
            assert basis == dict(split.values)


def test_the_spare_cent_goes_round(trio_house, trio):
    got = []
    for _ in range(6):
        booked = add_expense(trio_house, expense_data({trio[0]: 100}, Split.equal(trio)), by=SYSTEM)
        got.append(next(s.person_id for s in booked.shares if s.cents == 34))
    assert sorted(got) == sorted(trio * 2)
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
def test_bad_input_is_refused_by_field_and_nothing_saved(trio_house, trio, change, field):
    anna, bruno, _carla = trio
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
        split=splits.get(change.get("split"), Split.equal(trio)),
    )
    with pytest.raises(RuleError) as caught:
        add_expense(trio_house, data, by=SYSTEM)
    assert field in caught.value.errors
    assert count(Expense) == 0


def test_people_from_elsewhere_are_refused(trio_house, trio, other_household):
    stranger = current_residents(other_household)[0].id
    with pytest.raises(RuleError) as caught:
        add_expense(trio_house, expense_data({stranger: 500}, Split.equal(trio)), by=SYSTEM)
    assert "payers" in caught.value.errors
    with pytest.raises(RuleError) as caught:
        add_expense(
            trio_house, expense_data({trio[0]: 500}, Split.equal([*trio, stranger])), by=SYSTEM
        )
    assert set(caught.value.errors) == {"participants"}
    assert count(Expense) == 0


def test_someone_who_moved_out_can_share_an_expense_from_before(trio_house, trio):
    anna, _bruno, carla = trio
    move_out(trio_house, carla, TODAY - timedelta(days=3))
    old = expense_data({anna: 300}, Split.equal(trio), spent_on=TODAY - timedelta(days=10))
    assert add_expense(trio_house, old, by=SYSTEM).amount_cents == 300
    with pytest.raises(RuleError):
        add_expense(trio_house, expense_data({anna: 300}, Split.equal(trio)), by=SYSTEM)


def test_two_taps_on_save_book_one_expense(trio_house, trio):
    data = expense_data({trio[0]: 900}, Split.equal(trio))
    first = add_expense(trio_house, data, by=SYSTEM, submission_id="tap-1")
    db.session.commit()
    with pytest.raises(AlreadySubmitted) as caught:
        add_expense(trio_house, data, by=SYSTEM, submission_id="tap-1")
    assert caught.value.result == f"expense:{first.id}"
    assert count(Expense) == 1


def test_edit_keeps_who_changed_what_and_when(trio_house, trio, clock):
    anna, bruno, carla = trio
    booked = add_expense(trio_house, expense_data({anna: 900}, Split.equal(trio)), by=Actor(anna))
    db.session.commit()
    clock.advance(timedelta(hours=2))
    edit_expense(
        booked,
        expense_data({anna: 1200}, Split.equal([anna, bruno])),
        by=Actor(staff_id=None, person_id=bruno),
    )
    db.session.commit()
    assert balances(trio_house) == {anna: 600, bruno: -600, carla: 0}
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


def test_an_edit_that_breaks_a_rule_changes_nothing(trio_house, trio):
    booked = add_expense(trio_house, expense_data({trio[0]: 900}, Split.equal(trio)), by=SYSTEM)
    db.session.commit()
    with pytest.raises(RuleError):
        edit_expense(booked, expense_data({trio[0]: 0}, Split.equal(trio)), by=SYSTEM)
    db.session.rollback()
    assert db.session.get(Expense, booked.id).amount_cents == 900
    assert len(history(booked)) == 1


def test_delete_is_soft_visible_and_restorable(trio_house, trio):
    anna, bruno, carla = trio
    booked = add_expense(trio_house, expense_data({anna: 900}, Split.equal(trio)), by=SYSTEM)
    delete_expense(booked, by=Actor(person_id=carla))
    db.session.commit()
    assert balances(trio_house) == {anna: 0, bruno: 0, carla: 0}
    assert db.session.get(Expense, booked.id).deleted_at is not None
    assert [entry.kind for entry in history(booked)] == [ChangeKind.CREATED, ChangeKind.DELETED]
    assert history(booked)[-1].person_name == "Carla"
    with pytest.raises(RuleError):
        edit_expense(booked, expense_data({anna: 100}, Split.equal(trio)), by=SYSTEM)
    restore_expense(booked, by=SYSTEM)
    assert balances(trio_house)[anna] == 600


def test_listing_stays_in_the_household_in_two_queries(
    trio_house, trio, other_household, count_queries
):
    mine = add_expense(trio_house, expense_data({trio[0]: 500}, Split.equal(trio)), by=SYSTEM)
    gone = add_expense(trio_house, expense_data({trio[1]: 700}, Split.equal(trio)), by=SYSTEM)
    delete_expense(gone, by=SYSTEM)
    db.session.commit()
    db.session.expire_all()
    assert trio_house.id  # loaded again before counting, as a view has it
    with count_queries() as ran:
        listed = recent_expenses(trio_house)
        assert [[p.person_id for p in e.payers] for e in listed] == [[trio[1]], [trio[0]]]
    assert len(ran) == 2  # the expenses, then every payer at once
    with count_queries() as ran:
        assert len(recent_expenses(trio_house, with_payers=False)) == 2
    assert len(ran) == 1
    assert recent_expenses(other_household) == []
    assert [e.id for e in recent_expenses(trio_house, with_deleted=False)] == [mine.id]


def test_the_list_reads_expenses_as_columns_not_objects(trio_house, trio):
    """A page of fifty expenses hydrates no Expense and no payer: the lines are plain."""
    from cohousing.money.models import Expense, ExpensePayer

    add_expense(trio_house, expense_data({trio[0]: 500}, Split.equal(trio)), by=SYSTEM)
    db.session.commit()
    household_id = trio_house.id
    db.session.expunge_all()
    household = db.session.get(type(trio_house), household_id)
    (line,) = recent_expenses(household)
    kept = {type(obj) for obj in db.session.identity_map.values()}
    assert Expense not in kept and ExpensePayer not in kept
    assert (line.amount_cents, [(p.person_id, p.cents) for p in line.payers]) == (
        500,
        [(trio[0], 500)],
    )


def test_actor_is_whoever_acts(app, trio_house, trio, worker):
    from flask import g

    assert Actor.current() == SYSTEM
    with app.test_request_context():
        g.resident = db.session.get(Person, trio[0])
        assert Actor.current() == Actor(person_id=trio[0])
    with app.test_request_context():
        g.resident = None  # g belongs to the app context the test already holds
        login_user(worker)
        assert Actor.current() == Actor(staff_id=worker.id)


def test_history_names_staff_and_the_system(trio_house, trio, worker):
    booked = add_expense(trio_house, expense_data({trio[0]: 900}, Split.equal(trio)), by=SYSTEM)
    delete_expense(booked, by=Actor(staff_id=worker.id))
    created, deleted = history(booked)
    assert (created.person_name, created.staff_name) == (None, None)
    assert (deleted.person_name, deleted.staff_name) == (None, "Walter Operatore")


@pytest.mark.parametrize("cents", [0, -1, 10_000_001])
def test_the_database_refuses_absurd_amounts_too(trio_house, trio, cents):
    bad = Expense(
        household_id=trio_house.id,
        description="x",
        amount_cents=cents,
        spent_on=TODAY,
        category=ExpenseCategory.OTHER,
        split_kind=SplitKind.EQUAL,
    )
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(bad)
        db.session.flush()
