"""Tablet rules without HTTP: PIN checks, wrong tries and lock-outs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.people.models import Person
from cohousing.people.services import verify_secret
from cohousing.tablet.services import (
    check_pin,
    is_locked,
    is_valid_pin,
    lock_duration,
    minutes_locked,
    pins,
)

WRONG = "0000"


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


# --- PINs ------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1234", "123456", "0000"])
def test_valid_pins(pin):
    assert is_valid_pin(pin)


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "abcd", " 1234", "١٢٣٤", "", None])
def test_invalid_pins(pin):
    assert not is_valid_pin(pin)


def test_right_pin_is_accepted(ctx, anna_bianchi):
    assert check_pin(anna_bianchi, "1234").ok


def test_wrong_pin_counts_down_the_tries(ctx, anna_bianchi):
    results = [check_pin(anna_bianchi, WRONG) for _ in range(4)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1]
    assert not any(r.ok for r in results) and anna_bianchi.pin_failures == 4


def test_five_wrong_tries_lock_for_one_minute_then_two_then_four(ctx, anna_bianchi, clock):
    start = clock.now()
    for expected in (1, 2, 4, 8):
        for _ in range(4):
            assert check_pin(anna_bianchi, WRONG).locked_until is None
        result = check_pin(anna_bianchi, WRONG)
        assert result.locked_until == clock.now() + timedelta(minutes=expected)
        assert is_locked(anna_bianchi)
        # While locked, even the right PIN is refused and nothing is counted.
        assert not check_pin(anna_bianchi, "1234").ok
        assert anna_bianchi.pin_failures == 0
        clock.advance(timedelta(minutes=expected, seconds=1))
        assert not is_locked(anna_bianchi)
    assert anna_bianchi.pin_locks == 4 and clock.now() > start
    assert lock_duration(1) == timedelta(minutes=1) and lock_duration(3) == timedelta(minutes=4)


def test_lock_is_audited(ctx, anna_bianchi):
    for _ in range(5):
        check_pin(anna_bianchi, WRONG)
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "resident.pin_locked",
                AuditEvent.subject_person_id == anna_bianchi.id,
            )
        )
        == 1
    )


def test_at_most_100_guesses_an_hour(ctx, anna_bianchi, clock, monkeypatch):
    """A patient attacker guessing every 2 seconds for an hour gets far fewer than 100."""
    checked = []

    def counting_verify(stored, pin):
        checked.append(pin)
        return verify_secret(stored, pin)

    monkeypatch.setattr(pins, "verify_secret", counting_verify)
    end = clock.now() + timedelta(hours=1)
    attempts = 0
    while clock.now() < end:
        assert not check_pin(anna_bianchi, WRONG).ok
        attempts += 1
        clock.advance(timedelta(seconds=2))
    assert attempts == 1800
    assert len(checked) <= 100
    assert len(checked) == 30  # 5 tries before each lock of 1, 2, 4, 8, 16, 32 minutes


def test_other_residents_are_not_affected(ctx, anna_bianchi, bruno_rossi):
    for _ in range(5):
        check_pin(anna_bianchi, WRONG)
    assert is_locked(anna_bianchi) and not is_locked(bruno_rossi)
    assert check_pin(bruno_rossi, "5678").ok


def test_success_resets_the_count_and_the_lock_history(ctx, anna_bianchi, clock):
    for _ in range(5):
        check_pin(anna_bianchi, WRONG)
    clock.advance(timedelta(minutes=1, seconds=1))
    for _ in range(3):
        check_pin(anna_bianchi, WRONG)
    assert check_pin(anna_bianchi, "1234").ok
    assert (anna_bianchi.pin_failures, anna_bianchi.pin_locks, anna_bianchi.pin_locked_until) == (
        0,
        0,
        None,
    )
    for _ in range(4):
        check_pin(anna_bianchi, WRONG)
    assert check_pin(anna_bianchi, WRONG).locked_until == clock.now() + timedelta(minutes=1)


def test_a_clean_day_forgets_old_failures(ctx, anna_bianchi, clock):
    for _ in range(4):
        check_pin(anna_bianchi, WRONG)
    clock.advance(timedelta(hours=25))
    assert check_pin(anna_bianchi, WRONG).tries_left == 4


def test_failure_count_is_atomic_against_a_concurrent_guess(ctx, anna_bianchi):
    """Another request counted a failure after this one loaded the person: none is lost."""
    check_pin(anna_bianchi, WRONG)
    assert anna_bianchi.pin_failures == 1
    db.session.execute(  # the other request, behind this session's back
        update(Person)
        .where(Person.id == anna_bianchi.id)
        .values(pin_failures=Person.pin_failures + 1)
        .execution_options(synchronize_session=False)
    )
    assert anna_bianchi.pin_failures == 1  # what this request holds is stale
    result = check_pin(anna_bianchi, WRONG)
    assert result.tries_left == 2
    assert db.session.scalar(select(Person.pin_failures).where(Person.id == anna_bianchi.id)) == 3


def test_a_guess_racing_a_lock_is_answered_locked_even_if_right(ctx, anna_bianchi, clock):
    """Concurrent guesses past the lock learn nothing: a right PIN is not accepted."""
    db.session.execute(
        update(Person)
        .where(Person.id == anna_bianchi.id)
        .values(pin_locked_until=clock.now() + timedelta(minutes=1))
        .execution_options(synchronize_session=False)
    )
    assert check_pin(anna_bianchi, "1234").locked_until is not None


def test_minutes_locked_rounds_up_and_is_zero_when_not_locked(ctx, anna_bianchi, clock):
    assert minutes_locked(anna_bianchi) == 0
    anna_bianchi.pin_locked_until = clock.now() + timedelta(seconds=61)
    assert minutes_locked(anna_bianchi) == 2
    anna_bianchi.pin_locked_until = clock.now() + timedelta(seconds=5)
    assert minutes_locked(anna_bianchi) == 1
