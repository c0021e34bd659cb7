"""The "all fine" email under the jobs' exactly-once rule: three `flask cohousing scan
--at …` processes at once, against a slow SMTP server, send each worker ONE email (two
households they follow in one), once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.staff.models import Role
from cohousing.wellbeing.models import AllFineEmail
from cohousing.wellbeing.services import record_checkin, set_all_fine
from tests.fixtures.jobs import count_rows, run_at_once

pytestmark = pytest.mark.no_db_transaction

SIX_PM_ROME = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)


def test_three_scans_at_once_send_one_email_per_worker(
    job_app, slow_mailbox, clock, make_staff, make_household
):
    with job_app.app_context():
        worker = make_staff(Role.WORKER, language="en")
        helper = make_staff(Role.WORKER, language="it")
        clock.set_now(SIX_PM_ROME - timedelta(hours=6))
        serena = make_household("Casa Serena", workers=(worker, helper))
        elisa = make_household("Casa Elisa", workers=(worker,))
        for house in (serena, elisa):
            anna = current_residents(house)[0]
            set_all_fine(anna, house, True, by_person=anna)
            record_checkin(house, anna.id, 4)
        db.session.commit()
        to_worker, to_helper = worker.email, helper.email

    runs = run_at_once(job_app, ["scan", "--at", SIX_PM_ROME.isoformat()], 3, slow_mailbox)

    sent = sum(int(re.search(r"(\d+) all-fine email", run.out).group(1)) for run in runs)
    assert sent == 2
    assert sorted(m["To"] for m in slow_mailbox.messages) == sorted([to_worker, to_helper])
    by_to = {m["To"]: m for m in slow_mailbox.messages}
    english = by_to[to_worker].get_payload(decode=True).decode()
    assert "Casa Serena" in english and "Casa Elisa" in english
    assert english.count("Anna Bianchi: all fine today") == 2
    assert by_to[to_helper]["Subject"] == "Tutto bene oggi"
    with job_app.app_context():
        assert count_rows(AllFineEmail) == 3
        assert count_rows(AllFineEmail, AllFineEmail.sent_at.is_(None)) == 0
