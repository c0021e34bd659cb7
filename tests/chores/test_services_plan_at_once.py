"""`flask cohousing plan-chores` started four times at the same moment, as separate
processes: every turn of the 14 days ahead is planned once, and no run fails."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from cohousing.chores.models import ChoreAssignment
from cohousing.extensions import db
from tests.fixtures.jobs import count_rows, run_at_once

pytestmark = pytest.mark.no_db_transaction


def test_four_planning_runs_at_once_plan_each_turn_once(job_app, clock, make_household):
    clock.set_now(datetime.now(UTC))  # plan-chores has no --at: it runs in the present
    with job_app.app_context():
        ids = [make_household(name).id for name in ("Casa Turni", "Casa Giri")]
        planned = count_rows(ChoreAssignment)  # what one run plans, at creation
        assert planned > 0
        db.session.execute(delete(ChoreAssignment))  # as if the households were new to it
        db.session.commit()

    runs = run_at_once(job_app, ["plan-chores"], 4)

    assert all(re.search(r"for 2 households", run.out) for run in runs)
    with job_app.app_context():
        turns = db.session.execute(
            select(ChoreAssignment.chore_id, ChoreAssignment.due_on, ChoreAssignment.household_id)
        ).all()
        assert len(turns) == planned
        assert {household for _chore, _day, household in turns} == set(ids)
