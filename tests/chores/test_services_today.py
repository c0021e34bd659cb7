"""The today screen's chores (fixed query budget) and two devices marking done at once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import maintain_register
from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreBalance,
    ChoreCompletion,
    ChoreCredit,
    PlanChange,
)
from cohousing.chores.services import (
    ChoreData,
    Recurrence,
    RecurrenceKind,
    actions,
    can_undo,
    create_chore,
    extend_plan,
    set_chore_active,
    skip_words,
    today_for,
    today_screen,
)
from cohousing.chores.services.actions import mark_done, request_swap
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership
from cohousing.households.services import current_residents
from cohousing.people.models import Person
from tests.fixtures.people import default_organisation_id

TODAY = date(2026, 11, 25)
DAILY = Recurrence(RecurrenceKind.DAILY)


@pytest.fixture
def house(household):
    """Two daily chores; Anna and Bruno share them."""
    for chore in db.session.scalars(select(Chore).filter_by(household_id=household.id)):
        set_chore_active(chore, False)
    kitchen = create_chore(household, ChoreData("Clean the kitchen", DAILY, 2))
    rubbish = create_chore(household, ChoreData("Take out the rubbish", DAILY, 1))
    anna, bruno = current_residents(household)
    return household, kitchen, rubbish, anna, bruno


def add_history(household, chore, people, first_day: int, last_day: int) -> None:
    """Done turns from `first_day` to `last_day` days ago; every 7th one left undone."""
    for back in range(first_day, last_day + 1):
        person = people[back % len(people)]
        status = AssignmentStatus.PLANNED if back % 7 == 0 else AssignmentStatus.DONE
        assignment = ChoreAssignment(
            household_id=household.id,
            chore_id=chore.id,
            due_on=TODAY - timedelta(days=back),
            person_id=person.id,
            status=status,
        )
        if status is AssignmentStatus.DONE:
            assignment.completion = ChoreCompletion(done_by_id=person.id)
            assignment.completion.credits = [
                ChoreCredit(person_id=person.id, points_hundredths=200)
            ]
        db.session.add(assignment)
    db.session.flush()


def test_today_lists_mine_overdue_and_the_house(house):
    household, kitchen, rubbish, anna, _ = house
    add_history(household, kitchen, [anna], 1, 10)  # 7 days ago is left undone
    screen = today_for(household, anna)
    assert screen.day == TODAY
    assert {(a.chore_id, a.due_on) for a in screen.house_today} == {
        (kitchen.id, TODAY),
        (rubbish.id, TODAY),
    }
    assert all(a.person_id == anna.id and a.due_on == TODAY for a in screen.mine_today)
    assert [(a.chore_id, a.due_on) for a in screen.mine_overdue] == [
        (kitchen.id, TODAY - timedelta(days=7))
    ]
    assert today_for(household, None).mine_today == []


def test_done_today_shows_with_its_helpers_and_an_undone_one_does_not(house, clock):
    household, kitchen, _, anna, bruno = house
    kitchen_today = db.session.scalar(
        select(ChoreAssignment).filter_by(chore_id=kitchen.id, due_on=TODAY)
    )
    completion = mark_done(kitchen_today, anna, helpers=[bruno.id]).completion
    db.session.expire_all()
    shown = next(a for a in today_for(household, anna).house_today if a.chore_id == kitchen.id)
    assert shown.status is AssignmentStatus.DONE
    assert {c.person.display_name for c in shown.completion.credits} == {
        "Anna Bianchi",
        "Bruno Rossi",
    }
    actions.undo(completion, anna)
    db.session.expire_all()
    shown = next(a for a in today_for(household, anna).house_today if a.chore_id == kitchen.id)
    assert shown.completion is None and shown.status is AssignmentStatus.PLANNED


def test_today_uses_the_same_queries_for_5_or_200_days_of_history(house, count_queries):
    household, kitchen, rubbish, anna, bruno = house
    today_turn = db.session.scalar(
        select(ChoreAssignment).filter_by(chore_id=rubbish.id, due_on=TODAY)
    )
    mark_done(today_turn, anna, helpers=[bruno.id])
    brunos_turn = db.session.scalar(
        select(ChoreAssignment)
        .where(ChoreAssignment.person_id == bruno.id, ChoreAssignment.due_on > TODAY)
        .order_by(ChoreAssignment.due_on)
        .limit(1)
    )
    request_swap(brunos_turn, bruno, anna.id)  # waiting for Anna's answer on her screen

    statements_seen = []

    def measure() -> tuple[int, int]:
        db.session.expire_all()
        _ = household.timezone, anna.id  # loaded by the request already, not by the screen
        with count_queries() as statements:
            screen = today_for(household, anna)
            shown = [len(a.completion.credits) for a in screen.house_today if a.completion]
            _ = [s.assignment.chore.name for s in screen.swaps_for_me]
            _ = [a.chore.name and (a.person and a.person.display_name) for a in screen.house_today]
        statements_seen.append(statements)
        assert len(screen.swaps_for_me) == 1
        return len(statements), len(screen.mine_overdue) + sum(shown)

    add_history(household, kitchen, [anna, bruno], 1, 5)
    short, _ = measure()
    add_history(household, kitchen, [anna, bruno], 6, 200)
    add_history(household, rubbish, [anna, bruno], 1, 200)
    long, found = measure()
    assert short == long == 3, statements_seen  # assignments, helpers' credits, swaps
    assert found > 0


def test_the_today_screen_reads_what_is_planned_and_plans_nothing(house):
    household, kitchen, rubbish, anna, bruno = house
    db.session.execute(delete(ChoreAssignment).where(ChoreAssignment.due_on >= TODAY))
    empty = today_screen(household, anna)
    assert empty["screen"].mine_today == [] and empty["screen"].house_today == []
    assert db.session.scalar(select(func.count()).select_from(ChoreAssignment)) == 0
    extend_plan(household)  # what the daily job, or a write that changes the plan, does
    screen = today_screen(household, anna)
    assert {a.chore_id for a in screen["screen"].house_today} == {kitchen.id, rubbish.id}
    assert [p.id for p in screen["housemates"]] == [bruno.id]
    assert screen["can_undo"] is can_undo and screen["skip_words"] is skip_words
    assert today_screen(household, None) == {}


# --- two devices at once, on a real database ---------------------------------------


def _seed_committed() -> dict[str, int]:
    household = Household(
        name="Casa Doppia", kind=HouseholdKind.FAMILY, organisation_id=default_organisation_id()
    )
    anna = Person(display_name="Anna Doppia", pin_hash="x")
    bruno = Person(display_name="Bruno Doppio", pin_hash="x")
    db.session.add_all([household, anna, bruno])
    db.session.flush()
    for person in (anna, bruno):
        db.session.add(
            Membership(
                person_id=person.id,
                household_id=household.id,
                started_on=TODAY - timedelta(days=30),
            )
        )
    chore = Chore(
        household_id=household.id, name="Mop", effort_points=1, recurrence_kind=RecurrenceKind.DAILY
    )
    db.session.add(chore)
    db.session.flush()
    assignment = ChoreAssignment(
        household_id=household.id, chore_id=chore.id, due_on=TODAY, person_id=anna.id
    )
    db.session.add(assignment)
    db.session.commit()
    return {
        "household": household.id,
        "anna": anna.id,
        "bruno": bruno.id,
        "chore": chore.id,
        "assignment": assignment.id,
    }


def _remove(ids: dict[str, int]) -> None:
    completions = select(ChoreCompletion.id).where(
        ChoreCompletion.assignment_id == ids["assignment"]
    )
    db.session.execute(delete(ChoreCredit).where(ChoreCredit.completion_id.in_(completions)))
    db.session.execute(
        delete(ChoreCompletion).where(ChoreCompletion.assignment_id == ids["assignment"])
    )
    db.session.execute(delete(ChoreAssignment).where(ChoreAssignment.id == ids["assignment"]))
    for kept in (ChoreBalance, PlanChange):  # what the completion moved, and any note
        db.session.execute(delete(kept).where(kept.household_id == ids["household"]))
    db.session.execute(delete(Chore).where(Chore.id == ids["chore"]))
    maintain_register()  # the test's own rows: PostgreSQL's trigger refuses otherwise
    db.session.execute(delete(AuditEvent).where(AuditEvent.household_id == ids["household"]))
    db.session.execute(delete(Membership).where(Membership.household_id == ids["household"]))
    db.session.execute(delete(Person).where(Person.id.in_([ids["anna"], ids["bruno"]])))
    db.session.execute(delete(Household).where(Household.id == ids["household"]))
    db.session.commit()


@pytest.mark.no_db_transaction
def test_two_devices_marking_at_once_record_one_completion(app, monkeypatch):
    """Both taps pass the "already done?" check before either inserts: the unique key and
    the savepoint make one of them record nothing, without an error."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("one in-memory connection: the race needs PostgreSQL")
        ids = _seed_committed()
    barrier = threading.Barrier(2)
    real_check = actions._completion_row
    checked = threading.local()

    def check_then_wait(assignment_id):
        found = real_check(assignment_id)
        if not getattr(checked, "done", False):
            checked.done = True
            barrier.wait(timeout=10)
        return found

    monkeypatch.setattr(actions, "_completion_row", check_then_wait)
    results, errors = [], []

    def tap(person_key: str) -> None:
        try:
            with app.app_context():
                assignment = db.session.get(ChoreAssignment, ids["assignment"])
                person = db.session.get(Person, ids[person_key])
                results.append(mark_done(assignment, person).recorded)
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=tap, args=(key,)) for key in ("anna", "bruno")]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        assert sorted(results) == [False, True]
        with app.app_context():
            count = select(func.count()).where(ChoreCompletion.assignment_id == ids["assignment"])
            assert db.session.scalar(count) == 1
            credited = db.session.scalars(
                select(ChoreCredit.points_hundredths)
                .join(ChoreCompletion, ChoreCompletion.id == ChoreCredit.completion_id)
                .where(ChoreCompletion.assignment_id == ids["assignment"])
            ).all()
            assert sum(credited) == 100
    finally:
        with app.app_context():
            _remove(ids)
