"""`flask cohousing check-visits` started four times at the same moment, as separate
processes: one concern per overdue visit, raised once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.wellbeing.models import Concern, ConcernEvent, ConcernKind
from tests.conftest import TEST_NOW
from tests.fixtures.jobs import count_rows, run_at_once

pytestmark = pytest.mark.no_db_transaction


def test_four_checks_at_once_raise_one_concern_per_overdue_visit(job_app, clock, make_household):
    with job_app.app_context():
        houses = []
        for name, days_ago in (("Casa Primo", 20), ("Casa Secondo", 9), ("Casa Nuova", 3)):
            clock.set_now(TEST_NOW - timedelta(days=days_ago))  # a visit every 7 days
            houses.append(
                make_household(name, HouseholdKind.HOUSING_FIRST, residents=((name, "2468"),)).id
            )
        clock.set_now(TEST_NOW)

    runs = run_at_once(job_app, ["check-visits", "--at", TEST_NOW.isoformat()], 4)

    raised = sum(int(re.search(r"(\d+) overdue visit", run.out).group(1)) for run in runs)
    assert raised == 2
    with job_app.app_context():
        late = db.session.scalars(
            select(Concern.household_id).where(Concern.kind == ConcernKind.OVERDUE_VISIT)
        ).all()
        assert sorted(late) == houses[:2]  # the newest house is not late yet
        for concern_id in db.session.scalars(select(Concern.id)):
            assert count_rows(ConcernEvent, ConcernEvent.concern_id == concern_id) == 1
