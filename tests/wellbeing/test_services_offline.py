"""What the tablet queued offline, without HTTP: recorded once, dated when made (from its
age), bounded to a day, "made without PIN", never replacing the resident's own check-in,
and never ending a run of missed check-ins by itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import CheckIn, Concern, ConcernKind
from cohousing.wellbeing.services import (
    MAX_AGE,
    made_at,
    record_checkin,
    record_queued_checkin,
    request_queued_help,
    scan,
)
from tests.wellbeing.test_services_rules import checkin_on, old_flat

__all__ = ["old_flat"]

NOON = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)  # 12:00 in Rome, after the test day


def test_made_at_is_now_minus_the_age_never_in_the_future_and_at_most_a_day(clock):
    clock.set_now(NOON)
    assert made_at(600) == NOON - timedelta(minutes=10)
    assert made_at(0) == NOON and made_at(None) == NOON
    assert made_at(int(MAX_AGE.total_seconds())) == NOON - MAX_AGE
    with pytest.raises(RuleError) as refused:
        made_at(int(MAX_AGE.total_seconds()) + 1)
    assert "age_seconds" in refused.value.errors


def test_a_queued_checkin_is_recorded_once_with_the_time_it_was_made(clock, household):
    clock.set_now(NOON)
    anna = current_residents(household)[0]
    checkin = record_queued_checkin(household, anna.id, 2, age_seconds=3600, submission_id="t1")
    db.session.commit()
    assert checkin.without_pin and checkin.created_at == NOON - timedelta(hours=1)
    with pytest.raises(AlreadySubmitted):
        record_queued_checkin(household, anna.id, 2, age_seconds=3700, submission_id="t1")
    db.session.rollback()
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1


def test_a_queued_checkin_made_yesterday_evening_counts_for_yesterday(clock, household):
    clock.set_now(datetime(2026, 11, 27, 0, 30, tzinfo=UTC))  # 01:30 on the 27th in Rome
    anna = current_residents(household)[0]
    checkin = record_queued_checkin(household, anna.id, 3, age_seconds=3 * 3600, submission_id="e")
    assert checkin.local_date == date(2026, 11, 26)  # made at 22:30 on the 26th, Rome time


def test_a_queued_checkin_never_replaces_the_residents_own(clock, household):
    clock.set_now(NOON)
    anna = current_residents(household)[0]
    own = record_checkin(household, anna.id, 5)
    queued = record_queued_checkin(household, anna.id, 1, age_seconds=0, submission_id="x")
    assert queued is own and (own.mood, own.without_pin) == (5, False)
    again = record_checkin(household, anna.id, 4)  # with the PIN: replaces, and is hers
    assert (again.mood, again.without_pin) == (4, False)


def test_an_older_queued_checkin_does_not_replace_a_later_one(clock, household):
    clock.set_now(NOON)
    anna = current_residents(household)[0]
    later = record_queued_checkin(household, anna.id, 4, age_seconds=60, submission_id="a")
    older = record_queued_checkin(household, anna.id, 1, age_seconds=600, submission_id="b")
    assert older is later and later.mood == 4


def test_a_queued_checkin_names_a_resident_of_this_household(clock, household, other_household):
    clock.set_now(NOON)
    stranger = current_residents(other_household)[0]
    for person_id in (stranger.id, None):
        with pytest.raises(RuleError) as refused:
            record_queued_checkin(household, person_id, 3, age_seconds=0, submission_id=None)
        assert "person_id" in refused.value.errors


def test_queued_help_is_urgent_without_pin_dated_when_made_and_once(clock, household):
    clock.set_now(NOON)
    anna = current_residents(household)[0]
    concern = request_queued_help(
        household, tablet_id=1, person_id=anna.id, age_seconds=900, submission_id="h1"
    )
    assert concern.kind is ConcernKind.HELP_REQUEST and concern.without_pin
    assert concern.created_at == NOON - timedelta(minutes=15)
    db.session.commit()
    with pytest.raises(AlreadySubmitted):
        request_queued_help(
            household, tablet_id=1, person_id=anna.id, age_seconds=950, submission_id="h1"
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(Concern.id))) == 1


def test_a_checkin_without_pin_does_not_end_a_run_of_missed_days(clock, old_flat):
    marco = current_residents(old_flat)[0]
    checkin_on(clock, old_flat, marco, date(2026, 11, 20))
    clock.set_now(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    record_queued_checkin(old_flat, marco.id, 4, age_seconds=0, submission_id="housemate")
    db.session.commit()
    clock.set_now(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    raised = scan().raised
    assert [c.dedupe_key for c in raised] == [f"missed:{marco.id}:2026-11-21"]
