"""`flask cohousing scan` and `send-digests` started five times at the same moment, as
separate processes, against a slow SMTP server: one email per recipient, one escalation.

The scenario an operator found: an urgent help request unacknowledged for 31 minutes, two
coordinators, several scans at once (each coordinator got 3 to 5 copies, and the concern's
history said "escalated" twice); several digest runs at once (the digest went 2 or 3 times).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.staff.models import Role
from cohousing.wellbeing.models import (
    AlertReason,
    Concern,
    ConcernAlert,
    ConcernEvent,
    ConcernKind,
)
from cohousing.wellbeing.services import raise_concern, request_help
from tests.conftest import TEST_NOW
from tests.fixtures.jobs import count_rows, run_at_once

pytestmark = pytest.mark.no_db_transaction

AT = TEST_NOW.isoformat()


def _total(runs, pattern: str) -> int:
    return sum(int(re.search(pattern, run.out).group(1)) for run in runs)


def test_five_scans_at_once_send_each_email_once_and_escalate_once(
    job_app, slow_mailbox, clock, make_staff, make_household
):
    with job_app.app_context():
        worker = make_staff(Role.WORKER, language="en")
        coordinators = [make_staff(Role.COORDINATOR, language="en") for _ in range(2)]
        clock.set_now(TEST_NOW - timedelta(days=10))
        flat = make_household("Casa Elisa", HouseholdKind.SUPPORTED_LIVING, workers=(worker,))
        clock.set_now(TEST_NOW - timedelta(minutes=31))  # asked for help 31 minutes ago
        help_id = request_help(flat, current_residents(flat)[0]).id
        db.session.commit()
        clock.set_now(TEST_NOW)
        emails = [worker.email] + [c.email for c in coordinators]

    runs = run_at_once(job_app, ["scan", "--at", AT], 5, slow_mailbox)

    assert sorted(m["To"] for m in slow_mailbox.messages) == sorted(emails)  # one each
    assert _total(runs, r"(\d+) escalated") == 1
    assert _total(runs, r"(\d+) alert email\(s\) sent") == 3
    with job_app.app_context():
        events = db.session.scalars(
            select(ConcernEvent.action).where(ConcernEvent.concern_id == help_id)
        ).all()
        assert sorted(events) == ["escalated", "raised"]
        # Nobody checked in for nine days: one missed check-in concern per resident.
        missed = count_rows(Concern, Concern.kind == ConcernKind.MISSED_CHECKINS)
        assert missed == 2
        for concern_id in db.session.scalars(select(Concern.id)):
            raised = (ConcernEvent.concern_id == concern_id, ConcernEvent.action == "raised")
            assert count_rows(ConcernEvent, *raised) == 1
        alerts = db.session.scalars(
            select(ConcernAlert).where(ConcernAlert.reason != AlertReason.DIGEST)
        ).all()
        assert len(alerts) == 3
        assert all(a.sent_at is not None and a.attempts == 1 for a in alerts)


def test_five_digest_runs_at_once_send_each_worker_one_digest(
    job_app, slow_mailbox, clock, make_staff, make_household
):
    clock.set_now(datetime.now(UTC))  # send-digests has no --at: it runs in the present
    with job_app.app_context():
        serena, altrove = (make_staff(Role.WORKER, language="en") for _ in range(2))
        first = make_household("Casa Serena", workers=(serena,))
        second = make_household("Casa Altrove", workers=(altrove,))
        for household, key in ((first, "a"), (first, "b"), (second, "c")):
            raise_concern(household, ConcernKind.OTHER, dedupe_key=key)
        db.session.commit()
        serena_email, altrove_email = serena.email, altrove.email

    runs = run_at_once(job_app, ["send-digests"], 5, slow_mailbox)

    assert len(slow_mailbox.messages) == 2
    assert _total(runs, r"(\d+) digest email") == 2
    (mine,) = slow_mailbox.to(serena_email)
    assert "Casa Serena: 2 new concerns" in slow_mailbox.text(mine)
    (theirs,) = slow_mailbox.to(altrove_email)
    assert "Casa Altrove: 1 new concern" in slow_mailbox.text(theirs)
    with job_app.app_context():
        rows = db.session.scalars(select(ConcernAlert)).all()
        assert len(rows) == 3  # each concern queued once per worker, however many runs
        assert all(r.reason is AlertReason.DIGEST and r.sent_at is not None for r in rows)
        assert all(r.attempts == 1 for r in rows)
