"""The kept balances (`ChoreBalance`): moved by every write, always equal to a recount of
the whole history; done with help and swaps counted right; the rebuild command."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from cohousing.chores.models import (
    Absence,
    AbsenceKind,
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreBalance,
    ChoreCompletion,
)
from cohousing.chores.services import (
    ChoreData,
    Recurrence,
    RecurrenceKind,
    add_absence,
    answer_swap,
    balances,
    create_chore,
    extend_plan,
    mark_done,
    remove_absence,
    request_swap,
    set_capacity,
    set_chore_active,
    skip,
    undo,
)
from cohousing.chores.services.fairshare import HALF_LIFE_DAYS, decay
from cohousing.database import clock as app_clock
from cohousing.extensions import db
from cohousing.households.services import NewResident, add_resident, current_residents, move_out
from cohousing.rules import RuleError
from tests.conftest import TEST_NOW, counting_queries

TODAY = date(2026, 11, 25)
DAILY = Recurrence(RecurrenceKind.DAILY)


@pytest.fixture
def house(household):
    """Casa Serena (Anna, Bruno, Carla) with a daily 2-point kitchen and a 1-point rubbish."""
    for chore in db.session.scalars(select(Chore).filter_by(household_id=household.id)):
        set_chore_active(chore, False)
    add_resident(household, NewResident("Carla Neri", "2468"), started_on=TODAY)
    create_chore(household, ChoreData("Clean the kitchen", DAILY, 2))
    create_chore(household, ChoreData("Take out the rubbish", DAILY, 1))
    return household, *current_residents(household)


def turns_on(household, on: date) -> list[ChoreAssignment]:
    return list(
        db.session.scalars(
            select(ChoreAssignment)
            .filter_by(household_id=household.id, due_on=on)
            .order_by(ChoreAssignment.chore_id)
        )
    )


def kept_rows(household) -> dict[int, ChoreBalance]:
    return {
        row.person_id: row
        for row in db.session.scalars(select(ChoreBalance).filter_by(household_id=household.id))
    }


def assert_kept_equals_recount(household) -> None:
    rows = kept_rows(household)
    assert rows, "the writes keep one row per resident"
    kept = balances.faded(rows, household.today())
    counted = balances.recount_all(household)
    for person_id in set(kept) | set(counted):
        mine, truth = kept.get(person_id), counted.get(person_id)
        mine_done, mine_share = (mine.done, mine.share) if mine else (0.0, 0.0)
        truth_done, truth_share = (truth.done, truth.share) if truth else (0.0, 0.0)
        assert mine_done == pytest.approx(truth_done, abs=1e-6), person_id
        assert mine_share == pytest.approx(truth_share, abs=1e-6), person_id
    assert sum(t.balance for t in kept.values()) == pytest.approx(0, abs=1e-6)


def test_a_day_is_shared_by_who_was_home_by_capacity(house):
    """Anna does the kitchen (2), Bruno the rubbish (1); Carla at half capacity: the 3
    points are shared 1 : 1 : 0.5, so Anna +0.8, Bruno -0.2, Carla -0.6 points."""
    household, anna, bruno, carla = house
    set_capacity(household, carla.id, 50, valid_from=TODAY)
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(kitchen, anna)
    mark_done(rubbish, bruno)
    kept = balances.read(household)
    assert kept[anna.id].balance == pytest.approx(200 - 120)
    assert kept[bruno.id].balance == pytest.approx(100 - 120)
    assert kept[carla.id].balance == pytest.approx(0 - 60)
    assert_kept_equals_recount(household)


def test_someone_away_owes_nothing_of_that_day_even_told_late(house):
    household, anna, bruno, carla = house
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(kitchen, anna)
    mark_done(rubbish, anna)
    assert balances.read(household)[carla.id].balance == pytest.approx(-100)
    add_absence(household, carla.id, AbsenceKind.HOLIDAY, TODAY, TODAY + timedelta(days=2))
    kept = balances.read(household)  # told late: today is shared again among who was home
    assert kept[carla.id].balance == pytest.approx(0)
    assert kept[bruno.id].balance == pytest.approx(-150)
    assert kept[anna.id].balance == pytest.approx(150)
    remove_absence(db.session.scalar(select(Absence).filter_by(person_id=carla.id)))
    assert balances.read(household)[carla.id].balance == pytest.approx(-100)
    assert_kept_equals_recount(household)


def test_done_with_help_credits_each_helper_the_part_they_did(house):
    """Two did the 2-point kitchen together: 1 point each; the shares do not change, so
    helping moves effort from the one who did it to the helper, and nothing else."""
    household, anna, bruno, carla = house
    kitchen = turns_on(household, TODAY)[0]
    mark_done(kitchen, anna)
    alone = {pid: t.balance for pid, t in balances.read(household).items()}
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=kitchen.id))
    undo(completion, anna)
    mark_done(kitchen, anna, helpers=[bruno.id])
    helped = {pid: t.balance for pid, t in balances.read(household).items()}
    assert helped[anna.id] == pytest.approx(alone[anna.id] - 100)
    assert helped[bruno.id] == pytest.approx(alone[bruno.id] + 100)
    assert helped[carla.id] == pytest.approx(alone[carla.id])
    assert_kept_equals_recount(household)


def test_a_swap_moves_the_effort_between_the_two_and_nothing_else(house):
    household, anna, bruno, carla = house
    kitchen = next(t for t in turns_on(household, TODAY) if t.person_id is not None)
    giver = next(p for p in (anna, bruno, carla) if p.id == kitchen.person_id)
    taker = next(p for p in (anna, bruno, carla) if p.id != giver.id)
    before = {pid: t.balance for pid, t in balances.read(household).items()}
    answer_swap(request_swap(kitchen, giver, taker.id), taker, accept=True)
    assert {pid: t.balance for pid, t in balances.read(household).items()} == before
    mark_done(kitchen, taker)  # the taker does it, as agreed
    swapped = {pid: t.balance for pid, t in balances.read(household).items()}
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=kitchen.id))
    undo(completion, taker)
    mark_done(kitchen, giver)  # as if there had been no swap
    unswapped = {pid: t.balance for pid, t in balances.read(household).items()}
    points = kitchen.chore.effort_points * 100
    assert swapped[taker.id] == pytest.approx(unswapped[taker.id] + points)
    assert swapped[giver.id] == pytest.approx(unswapped[giver.id] - points)
    others = [p.id for p in (anna, bruno, carla) if p.id not in (giver.id, taker.id)]
    assert [swapped[pid] for pid in others] == pytest.approx([unswapped[pid] for pid in others])
    assert_kept_equals_recount(household)


def test_a_skipped_turn_is_nobodys_work_and_nobodys_share(house):
    household, anna, _bruno, _carla = house
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(rubbish, anna)
    before = {pid: t.balance for pid, t in balances.read(household).items()}
    skip(kitchen, anna, "Nobody had time")
    assert {pid: t.balance for pid, t in balances.read(household).items()} == before


def test_older_days_count_less_half_after_the_half_life(house, clock):
    household, anna, bruno, _carla = house
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(kitchen, anna)
    mark_done(rubbish, anna)
    assert balances.read(household)[anna.id].balance == pytest.approx(200)
    clock.advance(timedelta(days=HALF_LIFE_DAYS))
    assert balances.read(household)[anna.id].balance == pytest.approx(100)
    assert decay(HALF_LIFE_DAYS) == pytest.approx(0.5)
    extend_plan(household)
    later = household.today()
    mark_done(turns_on(household, later)[1], bruno)  # a write rolls the rows to today
    row = kept_rows(household)[anna.id]
    assert row.as_of == later
    assert row.done - row.share == pytest.approx(100 - 100 / 3)


def test_the_planner_reads_the_balances_in_one_query(house):
    household, anna, _bruno, _carla = house
    mark_done(turns_on(household, TODAY)[0], anna)
    db.session.flush()
    household.today()  # the household's timezone, loaded
    with counting_queries() as statements:
        balances.read(household)
    assert len(statements) == 1


def test_rebuild_command_counts_every_household_again(app, house):
    household, anna, bruno, carla = house
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(kitchen, anna, helpers=[carla.id])
    mark_done(rubbish, bruno)
    expected = {pid: t.balance for pid, t in balances.read(household).items()}
    db.session.execute(delete(ChoreBalance))  # as after the migration: nothing counted yet
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cohousing", "rebuild-chore-balances"])
    assert result.exit_code == 0, result.output
    assert "Chore balances counted again for" in result.output
    rows = kept_rows(household)
    assert {pid: row.done - row.share for pid, row in rows.items()} == pytest.approx(expected)
    assert set(rows) == {anna.id, bruno.id, carla.id}


def test_a_move_counts_the_household_again_at_its_next_write(house):
    household, anna, bruno, carla = house
    kitchen, rubbish = turns_on(household, TODAY)
    mark_done(kitchen, anna)
    move_out(household, carla.id, TODAY)  # she never lived here after all, from today
    db.session.flush()
    assert kept_rows(household) == {}
    mark_done(rubbish, bruno)
    assert_kept_equals_recount(household)
    assert balances.read(household).get(carla.id) is None or (
        balances.read(household)[carla.id].balance == pytest.approx(0)
    )


# --- any sequence of writes --------------------------------------------------------------

WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("done"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("undo"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("skip"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("swap"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("absence"), st.integers(0, 2), st.integers(-4, 4), st.integers(0, 3)),
        st.tuples(st.just("unabsent"), st.integers(0, 2), st.integers(0, 0), st.booleans()),
        st.tuples(st.just("capacity"), st.integers(0, 2), st.integers(-4, 0), st.integers(0, 4)),
        st.tuples(st.just("night"), st.integers(0, 0), st.integers(1, 3), st.booleans()),
        st.tuples(st.just("move"), st.integers(0, 2), st.integers(0, 0), st.booleans()),
    ),
    min_size=1,
    max_size=14,
)


def _apply(household, people, write) -> None:  # noqa: C901 (one branch a kind of write)
    kind, who, number, flag = write
    person = people[who]
    today = household.today()
    todays = [t for t in turns_on(household, today) if t.person_id is not None]
    if kind == "done" and todays:
        turn = todays[number % len(todays)]
        helpers = [people[(who + 1) % 3].id] if flag else []
        mark_done(turn, person, helpers=helpers)
    elif kind == "undo":
        done = [t for t in todays if t.completion is not None and t.completion.undone_at is None]
        if done:
            undo(done[0].completion, done[0].completion.done_by)
    elif kind == "skip" and todays:
        skip(todays[number % len(todays)], person, "")
    elif kind == "swap":
        planned = [t for t in todays if t.status is AssignmentStatus.PLANNED]
        if planned:
            turn = planned[number % len(planned)]
            giver = next(p for p in people if p.id == turn.person_id)
            taker = people[(people.index(giver) + 1) % 3]
            answer_swap(request_swap(turn, giver, taker.id), taker, accept=flag)
    elif kind == "absence":
        start = today + timedelta(days=number)
        add_absence(household, person.id, AbsenceKind.OTHER, start, start + timedelta(days=flag))
    elif kind == "unabsent":
        absence = db.session.scalar(select(Absence).filter_by(person_id=person.id))
        if absence is not None:
            remove_absence(absence)
    elif kind == "capacity":
        set_capacity(household, person.id, flag * 50, valid_from=today + timedelta(days=number))
    elif kind == "night":
        app_clock.advance(timedelta(days=number))
        extend_plan(household)
    elif kind == "move" and who == 2:
        move_out(household, person.id, today + timedelta(days=1))


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=WRITES)
def test_after_any_writes_the_kept_balances_equal_a_full_recount(house, writes):
    """Done alone or with help, undone, skipped, swapped, absences told ahead or late and
    removed, capacity changed back in time, nights passing, someone moving out: the kept
    rows, faded to today, equal the balances counted again from the whole history."""
    household, *people = house
    app_clock.set_now(TEST_NOW)
    with db.session.begin_nested() as savepoint:
        for write in writes:
            # refused (too late to undo, not due, moved out…): nothing was written
            with contextlib.suppress(RuleError):
                _apply(household, people, write)
        extend_plan(household)  # any write: the rows exist (counted again after a move)
        assert_kept_equals_recount(household)
        savepoint.rollback()
    app_clock.set_now(TEST_NOW)
