"""An archived household changes no more: every flush that writes one of its rows is
refused, whatever area the row belongs to, without HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import record
from cohousing.chores.models import Chore, RecurrenceKind
from cohousing.community.models import Notice
from cohousing.extensions import db
from cohousing.households.models import Membership
from cohousing.households.services import (
    ARCHIVED,
    NewResident,
    add_resident,
    archive_household,
    current_residents,
    unarchive_household,
)
from cohousing.money.models import Expense, ExpenseCategory, ExpensePayer, ExpenseShare, SplitKind
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.wellbeing.models import CheckIn

TODAY = date(2026, 11, 25)


@pytest.fixture
def archived(household):
    """`household`, archived and committed (what the archive page does)."""
    archive_household(household)
    db.session.commit()
    return household


def expense(household, payer) -> Expense:
    row = Expense(
        household_id=household.id,
        description="Spesa",
        amount_cents=1000,
        spent_on=TODAY,
        category=ExpenseCategory.GROCERIES,
        split_kind=SplitKind.EQUAL,
        by_person_id=payer.id,
    )
    row.payers = [ExpensePayer(person_id=payer.id, cents=1000)]
    row.shares = [ExpenseShare(person_id=payer.id, cents=1000)]
    return row


def new_rows(household) -> dict[str, object]:
    """One new row of each area, all of `household`."""
    anna = current_residents(household)[0]
    return {
        "expense": expense(household, anna),
        "chore": Chore(
            household_id=household.id, name="Sweep", recurrence_kind=RecurrenceKind.DAILY
        ),
        "notice": Notice(household_id=household.id, body="Hello", author_person_id=anna.id),
        "check-in": CheckIn(person_id=anna.id, household_id=household.id, local_date=TODAY, mood=3),
        "membership": Membership(person_id=anna.id, household_id=household.id, started_on=TODAY),
    }


def refused_flush() -> RuleError:
    with pytest.raises(RuleError) as error:
        db.session.flush()
    db.session.rollback()
    return error.value


@pytest.mark.parametrize("kind", ["expense", "chore", "notice", "check-in", "membership"])
def test_a_new_row_of_any_area_is_refused(archived, kind):
    db.session.add(new_rows(archived)[kind])
    error = refused_flush()
    assert error.message == ARCHIVED and error.field is None
    assert str(error.message) == (
        "This household is archived: unarchive it first to change anything."
    )


@pytest.mark.parametrize("kind", ["expense", "chore", "notice", "check-in", "membership"])
def test_the_same_rows_are_saved_for_an_open_household(household, kind):
    row = new_rows(household)[kind]
    db.session.add(row)
    db.session.flush()
    assert row.id is not None


def test_changing_or_deleting_a_row_is_refused(household):
    rows = new_rows(household)
    db.session.add_all(rows.values())
    db.session.commit()
    archive_household(household)
    db.session.commit()
    chore, notice = rows["chore"], rows["notice"]
    chore.name = "Sweep the stairs"
    refused_flush()
    db.session.delete(db.session.get(Notice, notice.id))
    refused_flush()
    assert db.session.get(Chore, chore.id).name == "Sweep"
    assert db.session.get(Notice, notice.id) is not None


def test_a_service_that_writes_through_relationships_is_refused(archived):
    """add_resident gives the membership its household object, not yet an id."""
    people = db.session.scalar(select(func.count(Person.id)))
    add_resident(archived, NewResident("Carla Blu", "8642"), started_on=TODAY)
    refused_flush()
    assert db.session.scalar(select(func.count(Person.id))) == people
    assert "Carla Blu" not in [p.display_name for p in current_residents(archived)]


def test_archiving_and_restoring_still_work_and_are_registered(household):
    archive_household(household)
    db.session.flush()
    unarchive_household(household)
    db.session.flush()
    archive_household(household)
    db.session.commit()
    assert household.archived_at is not None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.household_id == household.id)
    ).all()
    assert actions.count("household.archived") == 2 and "household.unarchived" in actions


def test_the_access_register_still_writes_for_an_archived_household(archived):
    record("household.viewed", household_id=archived.id)
    db.session.flush()
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "household.viewed")
        )
        == 1
    )


def test_restored_in_this_session_counts_as_open(archived):
    """Restored but not yet flushed: the session's state wins over the database's."""
    unarchive_household(archived)
    db.session.add(new_rows(archived)["notice"])
    db.session.flush()
    assert db.session.scalar(select(func.count(Notice.id))) == 1


def test_archived_in_this_session_counts_as_archived(household):
    archive_household(household)
    db.session.add(new_rows(household)["chore"])
    refused_flush()


def test_one_query_per_flush_and_none_without_household_rows(archived, count_queries):
    rows = new_rows(archived)
    db.session.add_all([rows["chore"], rows["notice"]])
    db.session.expire_all()  # nothing cached: the guard must still ask only once
    with count_queries() as statements, pytest.raises(RuleError):
        db.session.flush()
    household_reads = [s for s in statements if "FROM household" in s]
    assert len(household_reads) == 1, statements
    db.session.rollback()
    anna = current_residents(archived)[0]
    anna.display_name = "Anna B."  # a person belongs to no household directly
    with count_queries() as statements:
        db.session.flush()
    assert not [s for s in statements if "FROM household" in s]


def test_a_household_loaded_in_the_session_is_not_read_again(household, count_queries):
    """The tablet and the staff pages have the household loaded: the guard decides from
    it, so a write of its rows reads no household row."""
    assert household.archived_at is None  # loaded, as a request has it
    db.session.add(new_rows(household)["notice"])
    with count_queries() as statements:
        db.session.flush()
    assert not [s for s in statements if "FROM household" in s], statements
    db.session.rollback()
    archive_household(household)
    db.session.commit()
    assert household.archived_at is not None  # loaded again after the commit
    db.session.add(new_rows(household)["notice"])
    with count_queries() as statements, pytest.raises(RuleError):
        db.session.flush()
    assert not [s for s in statements if "FROM household" in s], statements
