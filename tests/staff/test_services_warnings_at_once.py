"""`flask cohousing scan` started three times at once, as separate processes, against a
slow SMTP server: the owner's sign-in warning is claimed first, so it is sent once."""

from __future__ import annotations

import pytest

from cohousing.extensions import db
from cohousing.staff.models import Role, SignInWarning
from cohousing.staff.services import create_staff
from cohousing.staff.services.signin import queue_warning
from tests.fixtures.jobs import count_rows, run_at_once
from tests.fixtures.people import default_organisation_id

pytestmark = pytest.mark.no_db_transaction


def test_three_scans_at_once_send_the_warning_once(job_app, slow_mailbox):
    with job_app.app_context(), job_app.test_request_context():
        owner = create_staff(
            email="owner@example.org",
            display_name="Owner",
            role=Role.WORKER,
            organisation_id=default_organisation_id(),
        )
        queue_warning(owner)
        queue_warning(owner)  # the same hour: still one
        db.session.commit()
    runs = run_at_once(job_app, ["scan"], times=3, mailbox=slow_mailbox)
    assert sum("1 sign-in warning(s) sent" in run.out for run in runs) == 1
    assert len(slow_mailbox.to("owner@example.org")) == 1
    with job_app.app_context():
        assert count_rows(SignInWarning, SignInWarning.sent_at.is_not(None)) == 1
