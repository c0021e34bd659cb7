"""The same expense form sent by several writers at the same moment (a double tap, two
tablets, a retry), each on its own connection and committing for real: one expense, one
set of balances, and every other writer told where the first one led."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from cohousing.database.idempotency import AlreadySubmitted, new_token
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import Expense, ExpenseShare
from cohousing.money.services import SYSTEM, Split, add_expense, kept_balances, ledger_balances
from tests.fixtures.money import expense_data
from tests.money.test_services_running import _seed, nonzero, together

pytestmark = pytest.mark.no_db_transaction

WRITERS = 4


def _submit(app, household_id, people, token, barrier, outcomes, errors) -> None:
    try:
        with app.app_context():
            household = db.session.get(Household, household_id)
            data = expense_data({people[0]: 900}, Split.equal(people))
            barrier.wait(timeout=10)
            try:
                expense = add_expense(household, data, by=SYSTEM, submission_id=token)
                db.session.commit()
                outcomes.append(f"expense:{expense.id}")
            except AlreadySubmitted as first:
                db.session.rollback()
                outcomes.append(("again", first.result))
            db.session.remove()
    except BaseException as error:  # reported in the test's thread
        errors.append(error)


def test_one_expense_however_many_send_it_at_once(job_app):
    household_id, people = _seed(job_app)
    token = new_token()
    barrier = threading.Barrier(WRITERS)
    outcomes: list = []
    errors: list = []
    together(_submit, [(job_app, household_id, people, token, barrier, outcomes, errors)] * WRITERS)
    assert not errors, errors
    booked = [o for o in outcomes if isinstance(o, str)]
    assert len(booked) == 1
    assert [o for o in outcomes if o != booked[0]] == [("again", booked[0])] * (WRITERS - 1)
    with job_app.app_context():
        assert db.session.scalar(select(func.count(Expense.id))) == 1
        assert db.session.scalar(select(func.count()).select_from(ExpenseShare)) == len(people)
        assert kept_balances(household_id) == nonzero(ledger_balances(household_id))
        db.session.remove()
