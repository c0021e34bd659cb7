"""Retention: each kind of record goes after its period, and a too-short register period
is refused. The job commits: these tests run on a database of their own (`job_app`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from cohousing.audit.models import AuditEvent
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.privacy.models import CheckInWeek
from cohousing.privacy.services import Periods, RetentionRefused, apply_retention, months_before
from cohousing.wellbeing.models import CheckIn, Concern
from tests.fixtures.jobs import count_rows, run_at_once
from tests.privacy.retention_data import NOW, fill_old_records

pytestmark = pytest.mark.no_db_transaction

PERIODS = Periods(checkin_notes=6, checkin_scores=24, concerns=60, visit_notes=60, register=24)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(2024, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize("months", ["23", "0", "-5", "two"])
def test_a_register_period_under_24_months_or_no_number_is_refused(months):
    config = {
        "RETENTION_CHECKIN_NOTES_MONTHS": "6",
        "RETENTION_CHECKIN_SCORES_MONTHS": "24",
        "RETENTION_CONCERNS_MONTHS": "60",
        "RETENTION_VISIT_NOTES_MONTHS": "60",
        "RETENTION_REGISTER_MONTHS": months,
    }
    with pytest.raises(RetentionRefused, match="RETENTION_REGISTER_MONTHS"):
        Periods.from_config(config)


def test_the_command_refuses_a_short_register_period_and_deletes_nothing(job_app):
    with job_app.app_context():
        expected = fill_old_records()
        before = count_rows(AuditEvent)
    job_app.config["RETENTION_REGISTER_MONTHS"] = "12"
    try:
        result = job_app.test_cli_runner().invoke(args=["cohousing", "apply-retention"])
    finally:
        job_app.config["RETENTION_REGISTER_MONTHS"] = "24"
    assert result.exit_code != 0
    assert "at least 24 months" in result.output
    with job_app.app_context():
        assert count_rows(AuditEvent) == before
        assert count_rows(CheckIn) == expected["checkins"]


def _check_after(expected) -> None:
    # notes older than 6 months are empty; newer ones kept
    six_months = months_before(NOW, 6).date()
    assert count_rows(CheckIn, CheckIn.local_date < six_months, CheckIn.note != "") == 0
    assert count_rows(CheckIn, CheckIn.note == "recent note") == expected["recent_notes"]
    # check-ins before the 24-month cut are weekly scores: every check-in counted once
    cut = months_before(NOW, 24).date()
    assert count_rows(CheckIn, CheckIn.local_date < cut - timedelta(days=7)) == 0
    weeks = db.session.scalars(select(CheckInWeek)).all()
    assert sum(w.checkins for w in weeks) == expected["old_checkins"]
    assert sum(w.mood_sum for w in weeks) == expected["old_mood_sum"]
    assert len(weeks) == len({(w.person_id, w.household_id, w.week_start) for w in weeks})
    assert all(w.week_start.weekday() == 0 for w in weeks)
    # resolved concerns past 60 months go, open ones and recent ones stay
    assert sorted(db.session.scalars(select(Concern.note))) == sorted(expected["concerns_kept"])
    # register rows older than 24 months go
    assert count_rows(AuditEvent, AuditEvent.at < months_before(NOW, 24)) == 0
    assert count_rows(AuditEvent, AuditEvent.detail == "recent") == 1
    assert count_rows(AuditEvent, AuditEvent.action == "retention.applied") >= 1


def test_retention_applies_every_period(job_app):
    with job_app.app_context():
        expected = fill_old_records()
        report = apply_retention(PERIODS, NOW)
        assert report.checkins_summarised == expected["old_checkins"]
        assert report.register_rows_deleted == expected["old_register_rows"]
        _check_after(expected)
        again = apply_retention(PERIODS, NOW)  # a second run finds nothing left to do
        assert again.checkins_summarised == again.register_rows_deleted == 0
        assert again.notes_emptied == again.concerns_deleted == 0
        _check_after(expected)


def test_three_runs_at_once_do_each_piece_of_work_once(job_app):
    with job_app.app_context():
        expected = fill_old_records()
    runs = run_at_once(job_app, ["apply-retention", "--at", NOW.isoformat()], 3)
    assert all("check-in(s) kept as" in run.out for run in runs)
    with job_app.app_context():
        _check_after(expected)
        summarised = sum(int(run.out.split(" note(s) emptied, ")[1].split(" ")[0]) for run in runs)
        assert summarised == expected["old_checkins"]


def test_on_postgresql_the_register_refuses_update_and_delete(job_app):
    with job_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the trigger is PostgreSQL's; SQLite relies on the app's own guard")
        fill_old_records()
        for statement in (
            "UPDATE audit_event SET detail = 'rewritten'",
            "DELETE FROM audit_event",
        ):
            refused = pytest.raises(Exception, match="cannot be changed or deleted")
            with refused, db.engine.begin() as connection:
                connection.execute(text(statement))
        with db.engine.connect() as connection:
            assert (
                connection.scalar(
                    text("SELECT count(*) FROM audit_event WHERE detail = 'rewritten'")
                )
                == 0
            )
        # the retention job's own transaction may
        with clock.frozen_at(NOW):
            assert apply_retention(PERIODS, NOW).register_rows_deleted > 0
