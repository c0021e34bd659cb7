"""City-size data for the benchmark (`benchmark.scale`): shape, logins, determinism."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import Integer, delete, func, select

from benchmark import scale as scale_module
from benchmark.scale import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_PASSWORD,
    BENCH_PIN,
    BENCH_WORKER_EMAIL,
    fill_city,
)
from benchmark.scale.audit import _events
from benchmark.scale.core import CityIds
from cohousing.audit.models import AuditEvent
from cohousing.audit.services import maintain_register
from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
)
from cohousing.community.models import Meeting, Notice
from cohousing.extensions import db
from cohousing.households.models import Dwelling, Household, HouseholdKind, Membership, WorkerLink
from cohousing.money.models import Expense, ExpensePayer, ExpenseShare
from cohousing.people.models import Person
from cohousing.people.services import verify_secret
from cohousing.staff.models import Role, StaffAccount
from cohousing.tablet.models import EnrolmentCode, Tablet
from cohousing.visits.models import Visit
from cohousing.wellbeing.models import CheckIn, Concern, ConcernEvent

SHORT_HISTORY = 12  # days: enough to see the shape, cheap enough for every test run


@pytest.fixture
def short_history(monkeypatch):
    monkeypatch.setattr(scale_module, "HISTORY_DAYS", SHORT_HISTORY)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def fill(scale: int = 1, seed: int = 7) -> list[str]:
    return list(fill_city(scale=scale, seed=seed))


def test_scale_one_is_a_hundred_households_of_every_kind(short_history, clock):
    lines = fill()

    assert count(Household) == 100
    assert count(Dwelling) == 100
    kinds = Counter(db.session.scalars(select(Household.kind)))
    assert set(kinds) == set(HouseholdKind)
    assert kinds[HouseholdKind.FAMILY] > kinds[HouseholdKind.HOUSING_FIRST]
    assert any("100 households" in line for line in lines)
    assert any(BENCH_WORKER_EMAIL in line for line in lines)


def test_each_household_has_six_current_residents_and_some_moved_out(short_history, clock):
    fill()
    today = clock.today_in("Europe/Rome")

    current = Counter(
        db.session.scalars(
            select(Membership.household_id).where(
                Membership.ended_on.is_(None), Membership.started_on <= today
            )
        )
    )
    assert len(current) == 100
    assert set(current.values()) == {6}
    past = db.session.scalars(select(Membership).where(Membership.ended_on.is_not(None))).all()
    assert len(past) > 20
    assert all(m.started_on < m.ended_on <= today for m in past)
    assert count(Person) == 600 + len(past)


def test_workers_follow_about_forty_households_and_the_bench_worker_exactly_forty(
    short_history,
):
    fill()

    workers = db.session.scalars(select(StaffAccount).where(StaffAccount.role == Role.WORKER))
    assert len(workers.all()) == 20
    per_worker = Counter(
        db.session.scalars(select(WorkerLink.worker_id).where(WorkerLink.ended_on.is_(None)))
    )
    bench_worker = db.session.scalar(
        select(StaffAccount).where(StaffAccount.email == BENCH_WORKER_EMAIL)
    )
    assert per_worker[bench_worker.id] == 40
    assert all(36 <= n <= 44 for n in per_worker.values())
    assert count(WorkerLink, WorkerLink.ended_on.is_not(None)) > 0  # some links ended


def test_logins_work_and_secrets_are_hashed_once(short_history):
    fill()

    coordinator = db.session.scalar(
        select(StaffAccount).where(StaffAccount.email == BENCH_COORDINATOR_EMAIL)
    )
    assert coordinator.role is Role.COORDINATOR
    assert verify_secret(coordinator.password_hash, BENCH_PASSWORD)
    pin_hashes = set(db.session.scalars(select(Person.pin_hash)))
    assert len(pin_hashes) == 1  # computed once, shared by every resident
    assert verify_secret(pin_hashes.pop(), BENCH_PIN)
    staff_hashes = set(db.session.scalars(select(StaffAccount.password_hash)))
    assert len(staff_hashes) == 1


def test_one_enrolled_tablet_per_household_without_a_usable_secret(short_history):
    fill()

    tablets = db.session.scalars(select(Tablet)).all()
    assert len(tablets) == 100
    assert len({t.household_id for t in tablets}) == 100
    assert all(len(t.secret_hash) == 64 and t.revoked_at is None for t in tablets)
    assert count(EnrolmentCode) == 0  # the benchmark makes its own code when it runs


def test_audit_history_covers_the_whole_period(short_history, clock):
    fill()
    today = clock.today_in("Europe/Rome")

    first, last, total = db.session.execute(
        select(func.min(AuditEvent.at), func.max(AuditEvent.at), func.count(AuditEvent.id))
    ).one()
    assert first.date() >= today - timedelta(days=SHORT_HISTORY)
    assert last.date() < today
    assert 100 * SHORT_HISTORY < total < 100 * SHORT_HISTORY * 5  # a few a day per household
    roles = set(db.session.scalars(select(AuditEvent.actor_role).distinct()))
    assert {"worker", "coordinator", "resident"} <= roles


def test_a_second_fill_adds_nothing(short_history):
    fill()
    again = fill()

    assert count(Household) == 100
    assert again == ["Scale data is already in this database; nothing was added."]


def test_scale_two_doubles_households_and_workers(short_history):
    fill(scale=2)

    assert count(Household) == 200
    assert count(StaffAccount, StaffAccount.role == Role.WORKER) == 40


def _fingerprint() -> tuple:
    """The data without its ids (PostgreSQL sequences do not restart)."""
    households = db.session.execute(
        select(Household.name, Household.kind, Household.created_at).order_by(Household.id)
    ).all()
    people = db.session.execute(
        select(Person.display_name, Person.avatar_colour).order_by(Person.id)
    ).all()
    stays = db.session.execute(
        select(Membership.started_on, Membership.ended_on).order_by(Membership.id)
    ).all()
    audit = db.session.execute(
        select(func.count(AuditEvent.id), func.min(AuditEvent.at), func.max(AuditEvent.at))
    ).one()
    areas = tuple(
        db.session.execute(select(func.count(), func.coalesce(func.sum(column), 0))).one()
        for column in (
            ChoreAssignment.due_on.is_(None).cast(Integer),  # count is what matters here
            Expense.amount_cents,
            CheckIn.mood,
            Visit.duration_minutes,
            Notice.photo_version,
            Concern.person_id.is_(None).cast(Integer),
        )
    )
    return households, people, stays, tuple(audit), areas


def _empty_scale_tables() -> None:
    """Every table, children first: the generators of every area fill their own."""
    maintain_register()  # the register too: PostgreSQL's trigger refuses otherwise
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


def test_same_seed_same_data_other_seed_other_data(short_history):
    fill(seed=3)
    first = _fingerprint()
    _empty_scale_tables()
    fill(seed=3)
    assert _fingerprint() == first
    _empty_scale_tables()
    fill(seed=4)
    assert _fingerprint() != first


def test_audit_generator_is_deterministic_and_draws_its_own_numbers(clock):
    today = clock.today_in("Europe/Rome")
    ids = CityIds(today=today, start=today - timedelta(days=5), household_ids=[1, 2])
    ids.household_created = {1: ids.start, 2: ids.start}
    ids.residents = {1: [10, 11], 2: [12]}
    ids.links = {1: [5]}
    ids.coordinator_id = 4

    one = list(_events(random.Random("1:fill_audit"), ids))
    assert one == list(_events(random.Random("1:fill_audit"), ids))
    assert one != list(_events(random.Random("2:fill_audit"), ids))
    assert {e["household_id"] for e in one} == {1, 2}
    assert all(e["staff_id"] in (None, 4, 5) for e in one)


def test_fill_command_refuses_a_scale_below_one(capsys):
    from benchmark.fill import main

    with pytest.raises(SystemExit):
        main(["--scale", "0"])
    assert "--scale is 1 or more" in capsys.readouterr().err


# --- the areas' generators ---------------------------------------------------------------


def test_every_area_gets_its_rows_in_every_household(short_history, clock):
    lines = fill()
    today = clock.today_in("Europe/Rome")
    assert count(Chore) == 400
    turns = count(ChoreAssignment)
    assert turns > 100 * SHORT_HISTORY
    assert count(ChoreAssignment, ChoreAssignment.due_on >= today) == 0  # the app plans ahead
    done = count(ChoreAssignment, ChoreAssignment.status == AssignmentStatus.DONE)
    assert count(ChoreCompletion) == count(ChoreCredit) == done > turns / 2
    assert len(set(db.session.scalars(select(Expense.household_id)))) == 100
    assert count(Visit) > 0 and count(Concern) > 0
    for household_id in db.session.scalars(select(Household.id).limit(3)):
        assert count(CheckIn, CheckIn.household_id == household_id) > 0
        assert count(Notice, Notice.household_id == household_id) > 0
    assert count(CheckIn, CheckIn.local_date >= today) == 0  # today's check-in is the bench's
    assert count(Meeting) >= 100  # one ahead in every household
    assert any("check-ins" in line for line in lines)
    assert any("expenses" in line for line in lines)


def test_expenses_split_to_the_cent_among_current_residents(short_history):
    fill()
    shares = dict(
        db.session.execute(
            select(ExpenseShare.expense_id, func.sum(ExpenseShare.cents)).group_by(
                ExpenseShare.expense_id
            )
        ).all()
    )
    amounts = dict(db.session.execute(select(Expense.id, Expense.amount_cents)).all())
    assert shares == amounts
    paid = dict(db.session.execute(select(ExpensePayer.expense_id, ExpensePayer.cents)).all())
    assert paid == amounts


def test_the_bench_resident_checks_in_and_concerns_have_their_events(short_history):
    fill()
    first_residents = db.session.scalars(
        select(func.min(Membership.person_id))
        .where(Membership.ended_on.is_(None))
        .group_by(Membership.household_id)
    ).all()
    with_checkins = set(db.session.scalars(select(CheckIn.person_id).distinct()))
    assert set(first_residents) <= with_checkins
    raised = count(ConcernEvent, ConcernEvent.action == "raised")
    assert raised == count(Concern)
