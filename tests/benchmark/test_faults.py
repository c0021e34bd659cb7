"""The fault run (`python -m benchmark.faults`): its check finds a lost or half-saved write,
and the short run against gunicorn and a restarted PostgreSQL loses nothing.

The short run needs PostgreSQL (TEST_DATABASE_URL) on this machine and root: it runs on a
cluster of its own, made for it with pg_createcluster on a free port and dropped after, so
restarting that cluster never touches the suite's own server (or another test process
sharing it). It is skipped on SQLite, and runs after every other test of the session
(RUNS_LAST, see conftest.py).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from benchmark.faults.check import verify
from benchmark.faults.clients import EXPENSE_CENTS, Attempt, ClientLog
from benchmark.faults.house import Plan, add_chore_turns
from cohousing import ROOT
from cohousing.chores.models import ChoreAssignment
from cohousing.chores.services import mark_done
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import ExpenseShare
from cohousing.money.services import Actor, Split, add_expense
from cohousing.people.models import Person
from cohousing.wellbeing.services import record_checkin
from tests.fixtures.money import expense_data

RUNS_LAST = True


def attempt(kind: str, key: str, outcome: str = "ok", at: float = 1.0, **facts) -> Attempt:
    return Attempt(kind, key, started=at, ended=at + 0.1, outcome=outcome, **facts)


@pytest.fixture
def plan(money_house, pair) -> Plan:
    anna, bruno = pair
    found = Plan(0, money_house.id, anna.id, [anna.id, bruno.id], money_house.timezone)
    found.turn_ids = add_chore_turns(found, 3)
    db.session.flush()
    return found


def book(plan: Plan, token: str) -> int:
    """What the tablet books: 12 euro paid by the resident, shared by everyone."""
    data = expense_data(
        {plan.person_id: EXPENSE_CENTS}, Split.equal(plan.resident_ids), description="Faults"
    )
    household = db.session.get(Household, plan.household_id)
    return add_expense(household, data, by=Actor(person_id=plan.person_id), submission_id=token).id


def test_whole_writes_pass_and_a_failed_answer_that_was_saved_is_counted(app, plan):
    book(plan, "tok-ok")
    book(plan, "tok-saved-anyway")
    turn = db.session.get(ChoreAssignment, plan.turn_ids[0])
    person = db.session.get(Person, plan.person_id)
    mark_done(turn, person, [], "chore-ok")
    household = db.session.get(Household, plan.household_id)
    record_checkin(household, plan.person_id, 4, note="n-ok", keep_extras=False)
    db.session.flush()
    day = (household.today(),)
    log = ClientLog(plan, [
        attempt("expense", "tok-ok"),
        attempt("expense", "tok-saved-anyway", "broken"),
        attempt("expense", "tok-never-saved", "server_error"),
        attempt("chore", "chore-ok", turn_id=turn.id),
        attempt("chore", "chore-failed", "server_error", turn_id=plan.turn_ids[1]),
        attempt("checkin", "n-ok", mood=4, days=day),
    ])  # fmt: skip

    verdict = verify(app, [log])

    assert (verdict.lost, verdict.half_saved) == ([], [])
    assert verdict.saved_after_failure == 1


def test_an_acknowledged_write_missing_from_the_database_is_lost(app, plan):
    household = db.session.get(Household, plan.household_id)
    record_checkin(household, plan.person_id, 2, note="n-first", keep_extras=False)
    db.session.flush()
    day = (household.today(),)
    log = ClientLog(plan, [
        attempt("expense", "tok-told-saved"),
        attempt("chore", "chore-told-done", turn_id=plan.turn_ids[0]),
        attempt("checkin", "n-first", mood=2, days=day, at=1.0),
        attempt("checkin", "n-second", mood=5, days=day, at=2.0),
    ])  # fmt: skip

    verdict = verify(app, [log])

    assert len(verdict.lost) == 3
    assert verdict.half_saved == []


def test_an_expense_without_its_shares_is_half_saved(app, plan):
    expense_id = book(plan, "tok-half")
    db.session.execute(delete(ExpenseShare).where(ExpenseShare.expense_id == expense_id))
    log = ClientLog(plan, [attempt("expense", "tok-half", "server_error")])

    verdict = verify(app, [log])

    assert verdict.half_saved and "tok-half" in verdict.half_saved[0]


@pytest.fixture
def private_cluster() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL cluster of this machine's version, trusted on
    loopback, on a free port; dropped (stopped first) whatever the test does."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("the fault run needs PostgreSQL (TEST_DATABASE_URL)")
    if os.geteuid() != 0 or shutil.which("pg_createcluster") is None:
        pytest.skip("the fault run makes and restarts a cluster: needs root and pg_createcluster")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    name = f"faults_{os.getpid()}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    create = ["pg_createcluster", version, name, "-p", str(port), "--start"]
    subprocess.run(  # noqa: S603 (fixed arguments)
        [*create, "--", "--auth=trust"], check=True, capture_output=True, timeout=120
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/cohousing_faults"
    finally:
        drop = ["pg_dropcluster", "--stop", version, name]
        subprocess.run(drop, check=False, capture_output=True, timeout=120)  # noqa: S603


@pytest.mark.no_db_transaction
def test_the_short_fault_run_loses_nothing_and_recovers_by_itself(private_cluster, tmp_path):
    url = private_cluster
    figures_file = tmp_path / "faults.json"
    command = [sys.executable, "-m", "benchmark.faults", "--short", "--postgres-url", url]
    command += ["--json", str(figures_file), "--out", str(tmp_path)]
    done = subprocess.run(  # noqa: S603 (our own script)
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    figures = json.loads(figures_file.read_text())
    assert figures["lost"] == 0
    assert figures["half_saved"] == 0
    assert figures["acknowledged"] > 100 and figures["failed"] > 0  # the faults were felt
    assert set(figures["acknowledged_by_kind"]) == {"checkin", "expense", "chore"}
    assert figures["acknowledged_after_restart"] > 0
    assert figures["failed_after_database_back"] == 0
    assert figures["recovery_s"] < 10
    assert figures["connections"]["all_opened_after_restart"]
