"""Two workers pressing "Acknowledge" (or "Resolve") on the same concern at the same
moment: the history says it once, and the slower one is told someone was quicker.

The conditional UPDATE is checked twice: against a concern changed behind the loaded
object's back (what the slower worker's request holds), and with two threads on their own
connections to a database file (SQLite) or PostgreSQL, committing for real.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import update

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.staff.models import Role, StaffAccount
from cohousing.wellbeing.models import Concern, ConcernEvent, ConcernStatus
from cohousing.wellbeing.services import acknowledge, request_help, resolve
from tests.fixtures.jobs import count_rows


@pytest.fixture
def help_asked(make_staff, make_household):
    first, second = make_staff(Role.WORKER), make_staff(Role.WORKER)
    flat = make_household("Casa Elisa", HouseholdKind.SUPPORTED_LIVING, workers=(first, second))
    concern = request_help(flat, current_residents(flat)[0])
    db.session.flush()
    return concern, first, second


def _events(concern_id: int, action: str) -> int:
    return count_rows(
        ConcernEvent, ConcernEvent.concern_id == concern_id, ConcernEvent.action == action
    )


def _acknowledged_behind_its_back(concern: Concern, by: StaffAccount) -> None:
    db.session.execute(
        update(Concern)
        .where(Concern.id == concern.id)
        .values(status=ConcernStatus.ACKNOWLEDGED, acknowledged_by_id=by.id)
        .execution_options(synchronize_session=False)
    )


def test_acknowledging_a_concern_someone_just_acknowledged_writes_nothing(help_asked):
    concern, first, second = help_asked
    before = _events(concern.id, "acknowledged")
    _acknowledged_behind_its_back(concern, first)
    assert concern.status is ConcernStatus.OPEN  # what the slower request still holds

    assert acknowledge(concern, second) is False

    assert _events(concern.id, "acknowledged") == before
    assert concern.status is ConcernStatus.ACKNOWLEDGED
    assert concern.acknowledged_by_id == first.id


def test_resolving_a_concern_someone_just_resolved_is_refused(help_asked):
    concern, first, second = help_asked
    resolve(concern, first, "Called her; all well.")
    db.session.flush()
    before = _events(concern.id, "resolved")
    db.session.execute(  # the loaded object forgets, as a request that read it earlier
        update(Concern)
        .where(Concern.id == concern.id)
        .values(status=ConcernStatus.ACKNOWLEDGED)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(concern)
    concern.status  # noqa: B018 (loads "acknowledged")
    db.session.execute(
        update(Concern)
        .where(Concern.id == concern.id)
        .values(status=ConcernStatus.RESOLVED)
        .execution_options(synchronize_session=False)
    )

    with pytest.raises(RuleError, match="already resolved"):
        resolve(concern, second, "Me too.")

    assert _events(concern.id, "resolved") == before


@pytest.mark.no_db_transaction
@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_two_workers_at_the_same_moment_record_it_once(action, job_app, make_staff, make_household):
    with job_app.app_context():
        workers = [make_staff(Role.WORKER), make_staff(Role.WORKER)]
        flat = make_household("Casa Elisa", HouseholdKind.SUPPORTED_LIVING, workers=workers)
        concern_id = request_help(flat, current_residents(flat)[0]).id
        worker_ids = [w.id for w in workers]
        db.session.commit()

    on_postgres = job_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    # SQLite's writers begin IMMEDIATE, one at a time: a barrier after the first read would
    # wait for a lock the other holds. PostgreSQL lets both read "open" before either writes.
    barrier = threading.Barrier(2) if on_postgres else None
    outcomes: list[object] = []

    def press(staff_id: int) -> None:
        with job_app.app_context():
            concern = db.session.get(Concern, concern_id)
            staff = db.session.get(StaffAccount, staff_id)
            if barrier:
                barrier.wait(timeout=10)
            try:
                if action == "acknowledge":
                    outcomes.append(acknowledge(concern, staff))
                else:
                    resolve(concern, staff, "Called her; all well.")
                    outcomes.append(True)
                db.session.commit()
            except RuleError:
                db.session.rollback()
                outcomes.append(False)

    threads = [threading.Thread(target=press, args=(staff_id,)) for staff_id in worker_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [False, True]
    with job_app.app_context():
        recorded = count_rows(
            ConcernEvent,
            ConcernEvent.concern_id == concern_id,
            ConcernEvent.action == ("acknowledged" if action == "acknowledge" else "resolved"),
        )
        assert recorded == 1
