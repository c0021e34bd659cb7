"""The ladder under the jobs' exactly-once rule: three `flask cohousing scan --at …`
processes at once, against a slow SMTP server, take each step once and send each email
once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.staff.models import Role
from cohousing.wellbeing.models import AlertReason, ConcernAlert, LadderRung
from cohousing.wellbeing.services import set_buddy, update_ladder, update_reminders
from tests.fixtures.jobs import count_rows, run_at_once

pytestmark = pytest.mark.no_db_transaction

NOON_ROME = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def test_three_scans_at_once_take_each_step_once(
    job_app, slow_mailbox, clock, make_staff, make_household
):
    with job_app.app_context():
        worker = make_staff(Role.WORKER, language="en")
        coordinator = make_staff(Role.COORDINATOR, language="en")
        clock.set_now(NOON_ROME - timedelta(hours=5))
        flat = make_household("Casa Elisa", HouseholdKind.ELDERLY, workers=(worker,))
        anna, bruno = current_residents(flat)[:2]
        update_reminders(flat, reminder_at=time(9), quiet_from=None, quiet_until=None)
        update_ladder(flat, housemate_after=30, worker_after=60, coordinators_after=90)
        set_buddy(flat, anna.id, bruno.id)
        db.session.commit()
        emails = sorted([worker.email, coordinator.email] * 2)  # about Anna and about Bruno

    runs = run_at_once(job_app, ["scan", "--at", NOON_ROME.isoformat()], 3, slow_mailbox)

    steps = sum(int(re.search(r"(\d+) ladder step", run.out).group(1)) for run in runs)
    assert steps == 5  # Anna: housemate, workers, coordinators; Bruno (no buddy): two
    assert sorted(m["To"] for m in slow_mailbox.messages) == emails
    with job_app.app_context():
        assert count_rows(LadderRung) == 5
        assert count_rows(ConcernAlert, ConcernAlert.reason == AlertReason.URGENT) == 2
        assert count_rows(ConcernAlert, ConcernAlert.reason == AlertReason.ESCALATED) == 2
