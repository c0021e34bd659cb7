"""The rota through the database: the same plan as the pure simulation, and steady plans
(an absence, a capacity change or a new chore moves the person concerned's turns and as
few others as needed; today's turns of the others never move; each one is told)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from cohousing.chores.models import (
    Absence,
    AbsenceKind,
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreBalance,
    PlanChange,
)
from cohousing.chores.services import (
    ChoreData,
    Recurrence,
    RecurrenceKind,
    add_absence,
    create_chore,
    extend_plan,
    mark_done,
    planner,
    set_capacity,
    set_chore_active,
)
from cohousing.chores.services import changes as plan_changes
from cohousing.extensions import db
from cohousing.households.services import current_residents
from tests.chores import simulation as sim

DAYS = 21
NOON = 11  # UTC: noon in Rome, the same day everywhere in the tests


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, NOON, tzinfo=UTC)


@pytest.fixture
def four(make_household, clock):
    """Four residents from `sim.START`, the fourth at half capacity, five of the ten
    simulated chores; the plan and balances empty, as for the simulation."""
    clock.set_now(at(sim.START))
    household = make_household(
        "Casa Prova",
        residents=(("Anna", "1111"), ("Bruno", "2222"), ("Carla", "3333"), ("Dario", "4444")),
    )
    for membership in household.memberships:
        membership.started_on = sim.START
    for chore in db.session.scalars(select(Chore).filter_by(household_id=household.id)):
        set_chore_active(chore, False)
    people = sorted(current_residents(household), key=lambda p: p.id)
    set_capacity(household, people[3].id, 50, valid_from=sim.START)
    chores = []
    for rule in sim.TEN_CHORES[:5]:
        chore = create_chore(household, ChoreData(f"Chore {rule.chore_id}", rule.rule, rule.points))
        chores.append(sim.ChoreRule(chore.id, rule.points, rule.rule))
    for model in (PlanChange, ChoreAssignment, ChoreBalance):
        db.session.execute(delete(model).where(model.household_id == household.id))
    db.session.flush()
    db.session.expire_all()
    return household, people, tuple(chores)


def test_the_database_plans_as_the_pure_simulation_does(four, clock):
    """Three weeks of absences told ahead, the daily extension and every turn done by its
    person, through the services: the same turns to the same people as `sim.live`, which
    the 50-seed figures are measured on."""
    household, people, chores = four
    rng = random.Random(7)
    residents = {
        p.id: planner.Resident(p.id, ((sim.START, None),), ((sim.START, 50 if i == 3 else 100),))
        for i, p in enumerate(people)
    }
    away = []  # one absence told a day, as the tablet records them one at a time
    for index, p in enumerate(people):
        told = sim.START + timedelta(days=1 + 4 * index)
        first = told + timedelta(days=rng.randint(0, 6))
        away.append(sim.Away(p.id, first, first + timedelta(days=rng.randint(0, 5)), told))
    house = sim.House(residents, chores, away)
    run = sim.live(house, DAYS, seed=7)

    by_db: dict[tuple[int, date], int | None] = {}
    for offset in range(DAYS):
        today = sim.START + timedelta(days=offset)
        clock.set_now(at(today))
        for told in (a for a in away if a.told_on == today):
            add_absence(household, told.person_id, AbsenceKind.HOLIDAY, told.first, told.last)
        extend_plan(household)
        for turn in db.session.scalars(
            select(ChoreAssignment).filter_by(household_id=household.id, due_on=today)
        ):
            by_db[(turn.chore_id, today)] = turn.person_id
            assert turn.person_id is not None
            mark_done(turn, next(p for p in people if p.id == turn.person_id))
    done_by_db: dict[date, dict[int, int]] = {}
    points = {c.chore_id: c.points * 100 for c in chores}
    for (chore_id, day), person_id in by_db.items():
        done_by_db.setdefault(day, {})
        done_by_db[day][person_id] = done_by_db[day].get(person_id, 0) + points[chore_id]
    assert len(by_db) > 5 * DAYS // 2
    assert done_by_db == {day: credits for day, credits in run.credits.items() if credits}
    for person_id, tally in sim.distances(house, run).items():
        assert abs(tally) <= 2.0, person_id


def _plan(household) -> dict[tuple[int, date], int | None]:
    return {
        (a.chore_id, a.due_on): a.person_id
        for a in db.session.scalars(
            select(ChoreAssignment).where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.status == AssignmentStatus.PLANNED,
            )
        )
    }


def _lived(four, clock, days: int = 10) -> None:
    """Ten days of turns done by their people, so the balances are not all 0."""
    household, people, _chores = four
    for offset in range(days):
        today = sim.START + timedelta(days=offset)
        clock.set_now(at(today))
        extend_plan(household)
        for turn in db.session.scalars(
            select(ChoreAssignment).filter_by(household_id=household.id, due_on=today)
        ):
            mark_done(turn, next(p for p in people if p.id == turn.person_id))
    clock.set_now(at(sim.START + timedelta(days=days)))
    extend_plan(household)


def _moved(before, after, concerned: set[int]) -> tuple[list, list]:
    """Turns of the others that moved, and those of them due today."""
    moved = [
        key
        for key, person_id in before.items()
        if person_id not in concerned and after.get(key) != person_id
    ]
    return moved, [key for key in moved if key[1] == min(day for _c, day in before)]


def test_an_absence_moves_that_persons_turns_and_few_others(four, clock):
    household, people, _chores = four
    _lived(four, clock)
    today = household.today()
    before = _plan(household)
    bruno = people[1]
    add_absence(household, bruno.id, AbsenceKind.HOSPITAL, today, today + timedelta(days=4))
    after = _plan(household)
    away_days = {today + timedelta(days=i) for i in range(5)}
    assert not [k for k, pid in after.items() if pid == bruno.id and k[1] in away_days]
    moved, moved_today = _moved(before, after, {bruno.id})
    lost = sum(1 for k, pid in before.items() if pid == bruno.id and k[1] in away_days)
    assert lost > 0
    assert moved_today == []
    assert len(moved) <= lost  # at most one other turn for each turn of his that moved
    notes = db.session.scalars(select(PlanChange).filter_by(person_id=bruno.id)).all()
    assert notes and all(n.from_on in away_days for n in notes if n.to_on is None)


def test_a_capacity_change_moves_that_persons_turns_and_few_others(four, clock):
    household, people, _chores = four
    _lived(four, clock)
    today = household.today()
    before = _plan(household)
    carla = people[2]
    set_capacity(household, carla.id, 0, valid_from=today + timedelta(days=1))
    after = _plan(household)
    assert not [k for k, pid in after.items() if pid == carla.id and k[1] > today]
    moved, moved_today = _moved(before, after, {carla.id})
    lost = sum(1 for k, pid in before.items() if pid == carla.id and k[1] > today)
    assert moved_today == [] and len(moved) <= lost


def test_a_new_chore_keeps_todays_turns_and_moves_few_others(four, clock):
    household, _people, _chores = four
    _lived(four, clock)
    before = _plan(household)
    chore = create_chore(household, ChoreData("Windows", Recurrence(RecurrenceKind.DAILY), 3))
    after = _plan(household)
    moved, moved_today = _moved(before, after, set())
    new_turns = sum(1 for k in after if k[0] == chore.id)
    assert new_turns == 14
    assert moved_today == []
    assert len(moved) <= new_turns // 2  # the new turns are spread; few old ones move


def test_the_notes_say_what_moved_in_both_languages(four, clock, app):
    household, people, _chores = four
    _lived(four, clock, days=3)
    today = household.today()
    anna = people[0]
    add_absence(
        household,
        anna.id,
        AbsenceKind.HOLIDAY,
        today + timedelta(days=1),
        today + timedelta(days=3),
    )
    notes = plan_changes.for_person(household, anna)
    assert notes
    with app.test_request_context(headers={"Accept-Language": "en"}):
        words = [plan_changes.words(n) for n in notes]
    assert any("turn on" in w and ("went to someone else" in w or "moved to" in w) for w in words)
    with app.test_request_context(), force_locale("it"):
        italian = [plan_changes.words(n) for n in notes]
    assert all("turno" in w for w in italian), italian
    assert plan_changes.dismiss(household, anna) == len(notes)
    assert plan_changes.for_person(household, anna) == []
    assert db.session.scalar(select(Absence.id).filter_by(person_id=anna.id))
