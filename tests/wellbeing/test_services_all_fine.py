"""The opt-in daily "all fine" email, run by the scan at chosen times (no HTTP): only
residents who agreed and checked in with their PIN; before the household's time nothing,
after it one email per worker, the next day again; never in the quiet hours; no more
than the resident shares; in the worker's language, from the organisation's sender."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import AllFineEmail, ShareLevel
from cohousing.wellbeing.services import (
    agrees,
    get_settings,
    queue_all_fine,
    record_checkin,
    run_scan,
    send_all_fine,
    set_all_fine,
    set_share,
    update_reminders,
)


def rome(hour: int, minute: int = 0, day: int = 25) -> datetime:
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)  # Rome is UTC+1


@pytest.fixture
def agreed(household, worker, clock):
    """Anna agreed; Bruno did not. The worker reads English."""
    worker.preferred_language = "en"
    anna, bruno = current_residents(household)[:2]
    set_all_fine(anna, household, True, by_person=anna)
    db.session.commit()
    return household, anna, bruno


def test_only_the_resident_decides_and_can_withdraw(agreed):
    household, anna, bruno = agreed
    assert agrees(anna) and not agrees(bruno)
    with pytest.raises(RuleError):
        set_all_fine(anna, household, False, by_person=bruno)
    assert set_all_fine(anna, household, True, by_person=anna) is None  # no change
    set_all_fine(anna, household, False, by_person=anna)
    assert not agrees(anna)


def test_the_email_goes_once_after_the_time_and_again_the_next_day(agreed, clock, mailbox, worker):
    household, anna, bruno = agreed
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 2)  # a low mood is not told: no mood at all
    record_checkin(household, bruno.id, 5)  # Bruno did not agree: not listed
    db.session.commit()
    assert "0 all-fine email(s) sent" in run_scan(rome(17, 59).isoformat())
    assert "1 all-fine email(s) sent" in run_scan(rome(18).isoformat())
    assert "0 all-fine email(s) sent" in run_scan(rome(18, 30).isoformat())
    [message] = mailbox.messages
    assert message["To"] == worker.email and message["Subject"] == "All fine today"
    body = mailbox.text(message)
    assert "Anna Bianchi: all fine today" in body and "Bruno" not in body
    assert "Casa Serena" in body
    clock.set_now(rome(10, day=26))
    record_checkin(household, anna.id, 4)
    db.session.commit()
    assert "1 all-fine email(s) sent" in run_scan(rome(19, day=26).isoformat())
    assert len(mailbox.messages) == 2


def test_nobody_listed_no_email_and_a_tap_without_pin_does_not_count(agreed, clock, mailbox):
    household, anna, _bruno = agreed
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 4, without_pin=True)  # queued offline
    db.session.commit()
    run_scan(rome(18, 30).isoformat())
    assert mailbox.messages == [] and db.session.scalars(select(AllFineEmail)).all() == []


def test_shares_nothing_says_only_checked_in(agreed, clock, mailbox):
    household, anna, _bruno = agreed
    set_share(anna, household, ShareLevel.NOTHING, by_person=anna)
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 5)
    db.session.commit()
    run_scan(rome(18).isoformat())
    body = mailbox.messages[0].get_payload(decode=True).decode()
    assert "Anna Bianchi: checked in today" in body and "all fine today" not in body


def test_quiet_hours_wait_and_an_unset_time_sends_nothing(agreed, clock, mailbox):
    household, anna, _bruno = agreed
    update_reminders(household, reminder_at=None, quiet_from=time(17), quiet_until=time(19))
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 4)
    db.session.commit()
    run_scan(rome(18).isoformat())
    assert mailbox.messages == []
    run_scan(rome(19).isoformat())
    assert len(mailbox.messages) == 1
    update_reminders(
        household, reminder_at=None, quiet_from=None, quiet_until=None, all_fine_at=None
    )
    clock.set_now(rome(9, day=26))
    record_checkin(household, anna.id, 4)
    db.session.commit()
    run_scan(rome(20, day=26).isoformat())
    assert len(mailbox.messages) == 1


def test_in_italian_from_the_organisation(agreed, clock, mailbox, worker):
    household, anna, _bruno = agreed
    worker.preferred_language = "it"
    household.organisation.mail_from = "casa@example.org"
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 4)
    db.session.commit()
    run_scan(rome(18).isoformat())
    [message] = mailbox.messages
    assert message["Subject"] == "Tutto bene oggi" and message["From"] == "casa@example.org"
    assert "Anna Bianchi: tutto bene oggi" in mailbox.text(message)


def test_a_resident_who_withdraws_before_the_send_is_not_told(agreed, clock, mailbox):
    household, anna, _bruno = agreed
    clock.set_now(rome(9))
    record_checkin(household, anna.id, 4)
    db.session.commit()
    with clock.frozen_at(rome(18)):
        assert len(queue_all_fine(household, get_settings(household))) == 1
        set_all_fine(anna, household, False, by_person=anna)
        db.session.commit()
        assert send_all_fine() == 0
    assert mailbox.messages == []
