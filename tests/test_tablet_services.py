"""Tablet rules without HTTP: enrolment codes, device tokens, PIN checks and lock-outs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.people.models import Person
from cohousing.people.services import verify_secret
from cohousing.tablet import services
from cohousing.tablet.models import EnrolmentCode, Tablet
from cohousing.tablet.services import (
    EnrolmentRefused,
    check_pin,
    complete_enrolment,
    device_token,
    group_code,
    is_locked,
    is_valid_pin,
    lock_duration,
    normalise_code,
    resident_of_tablet,
    revoke,
    set_pin,
    start_enrolment,
    tablet_from_token,
)

WRONG = "0000"


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def anna(household) -> Person:
    return next(p for p in current_residents(household) if p.display_name == "Anna Bianchi")


@pytest.fixture
def bruno(household) -> Person:
    return next(p for p in current_residents(household) if p.display_name == "Bruno Rossi")


def enrol(household) -> tuple[Tablet, str]:
    tablet, secret = complete_enrolment(start_enrolment(household, "Cucina", None))
    db.session.commit()
    return tablet, secret


# --- enrolment codes -------------------------------------------------------------------


def test_code_is_eight_unambiguous_characters_stored_only_as_a_hash(ctx, household):
    code = start_enrolment(household, "Cucina", None)
    assert len(code) == 8 and set(code) <= set(services.CODE_ALPHABET)
    stored = db.session.scalar(select(EnrolmentCode))
    assert code not in stored.code_hash and stored.tablet_name == "Cucina"
    assert group_code(code) == f"{code[:4]}-{code[4:]}"


def test_code_is_typed_in_any_case_with_spaces_and_dashes(ctx, household):
    code = start_enrolment(household, "Cucina", None)
    messy = f" {group_code(code).lower()[:3]} {group_code(code).lower()[3:]} "
    assert normalise_code(messy) == code
    tablet, _ = complete_enrolment(messy)
    assert tablet.household_id == household.id and tablet.name == "Cucina"


def test_blank_name_gets_the_default_name(ctx, household):
    complete_enrolment(start_enrolment(household, "   ", None))
    assert db.session.scalar(select(Tablet.name)) in ("Tablet di casa", "House tablet")


def test_code_works_once(ctx, household):
    code = start_enrolment(household, "Cucina", None)
    complete_enrolment(code)
    with pytest.raises(EnrolmentRefused) as refused:
        complete_enrolment(code)
    assert refused.value.reason == "unknown"
    assert db.session.scalar(select(func.count(Tablet.id))) == 1


def test_code_expires_after_15_minutes(ctx, household, clock):
    code = start_enrolment(household, "Cucina", None)
    clock.advance(timedelta(minutes=14, seconds=59))
    complete_enrolment(code)  # still fine
    late = start_enrolment(household, "Salotto", None)
    clock.advance(timedelta(minutes=15))
    with pytest.raises(EnrolmentRefused) as refused:
        complete_enrolment(late)
    assert refused.value.reason == "expired"
    assert db.session.scalar(select(func.count(Tablet.id))) == 1


def test_unknown_code_is_refused(ctx, household):
    start_enrolment(household, "Cucina", None)
    with pytest.raises(EnrolmentRefused):
        complete_enrolment("AAAAAAAA")
    with pytest.raises(EnrolmentRefused):
        complete_enrolment("")


def test_enrolment_is_audited(ctx, household):
    enrol(household)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "tablet.enrolment_started" in actions and "tablet.enrolled" in actions


# --- device token ----------------------------------------------------------------------


def test_token_names_its_tablet(ctx, household):
    tablet, secret = enrol(household)
    assert tablet_from_token(device_token(tablet, secret)) == tablet


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "",
        lambda token: "not-a-token",
    ],
)
def test_tampered_token_is_none(ctx, household, tamper):
    tablet, secret = enrol(household)
    assert tablet_from_token(tamper(device_token(tablet, secret))) is None


def test_token_with_wrong_secret_or_other_tablet_is_none(ctx, household, other_household):
    tablet, _ = enrol(household)
    _other, other_secret = enrol(other_household)
    assert tablet_from_token(device_token(tablet, "guessed-secret")) is None
    # A validly signed token with another tablet's secret does not open this tablet.
    assert (
        tablet_from_token(services._serializer().dumps({"t": tablet.id, "s": other_secret})) is None
    )
    assert tablet_from_token(services._serializer().dumps({"t": "x"})) is None


def test_revoked_tablet_token_is_none(ctx, household):
    tablet, secret = enrol(household)
    revoke(tablet)
    db.session.commit()
    assert tablet.revoked_at is not None
    assert tablet_from_token(device_token(tablet, secret)) is None
    revoke(tablet)  # twice changes nothing
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "tablet.revoked")
        )
        == 1
    )


def test_resident_only_on_a_tablet_of_their_household(ctx, household, other_household, anna):
    tablet, _ = enrol(household)
    other_tablet, _ = enrol(other_household)
    assert resident_of_tablet(tablet, anna.id) == anna
    assert resident_of_tablet(other_tablet, anna.id) is None
    assert resident_of_tablet(tablet, 999_999) is None


# --- PINs ------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["1234", "123456", "0000"])
def test_valid_pins(pin):
    assert is_valid_pin(pin)


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "abcd", " 1234", "١٢٣٤", "", None])
def test_invalid_pins(pin):
    assert not is_valid_pin(pin)


def test_right_pin_is_accepted(ctx, anna):
    assert check_pin(anna, "1234").ok


def test_wrong_pin_counts_down_the_tries(ctx, anna):
    results = [check_pin(anna, WRONG) for _ in range(4)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1]
    assert not any(r.ok for r in results) and anna.pin_failures == 4


def test_five_wrong_tries_lock_for_one_minute_then_two_then_four(ctx, anna, clock):
    start = clock.now()
    for expected in (1, 2, 4, 8):
        for _ in range(4):
            assert check_pin(anna, WRONG).locked_until is None
        result = check_pin(anna, WRONG)
        assert result.locked_until == clock.now() + timedelta(minutes=expected)
        assert is_locked(anna)
        # While locked, even the right PIN is refused and nothing is counted.
        assert not check_pin(anna, "1234").ok
        assert anna.pin_failures == 0
        clock.advance(timedelta(minutes=expected, seconds=1))
        assert not is_locked(anna)
    assert anna.pin_locks == 4 and clock.now() > start
    assert lock_duration(1) == timedelta(minutes=1) and lock_duration(3) == timedelta(minutes=4)


def test_lock_is_audited(ctx, anna):
    for _ in range(5):
        check_pin(anna, WRONG)
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "resident.pin_locked", AuditEvent.subject_person_id == anna.id
            )
        )
        == 1
    )


def test_at_most_100_guesses_an_hour(ctx, anna, clock, monkeypatch):
    """A patient attacker guessing every 2 seconds for an hour gets far fewer than 100."""
    checked = []

    def counting_verify(stored, pin):
        checked.append(pin)
        return verify_secret(stored, pin)

    monkeypatch.setattr(services, "verify_secret", counting_verify)
    end = clock.now() + timedelta(hours=1)
    attempts = 0
    while clock.now() < end:
        assert not check_pin(anna, WRONG).ok
        attempts += 1
        clock.advance(timedelta(seconds=2))
    assert attempts == 1800
    assert len(checked) <= 100
    assert len(checked) == 30  # 5 tries before each lock of 1, 2, 4, 8, 16, 32 minutes


def test_other_residents_are_not_affected(ctx, anna, bruno):
    for _ in range(5):
        check_pin(anna, WRONG)
    assert is_locked(anna) and not is_locked(bruno)
    assert check_pin(bruno, "5678").ok


def test_success_resets_the_count_and_the_lock_history(ctx, anna, clock):
    for _ in range(5):
        check_pin(anna, WRONG)
    clock.advance(timedelta(minutes=1, seconds=1))
    for _ in range(3):
        check_pin(anna, WRONG)
    assert check_pin(anna, "1234").ok
    assert (anna.pin_failures, anna.pin_locks, anna.pin_locked_until) == (0, 0, None)
    for _ in range(4):
        check_pin(anna, WRONG)
    assert check_pin(anna, WRONG).locked_until == clock.now() + timedelta(minutes=1)


def test_a_clean_day_forgets_old_failures(ctx, anna, clock):
    for _ in range(4):
        check_pin(anna, WRONG)
    clock.advance(timedelta(hours=25))
    assert check_pin(anna, WRONG).tries_left == 4


def test_failure_count_is_atomic_against_a_concurrent_guess(ctx, anna):
    """Another request counted a failure after this one loaded the person: none is lost."""
    check_pin(anna, WRONG)
    assert anna.pin_failures == 1
    db.session.execute(  # the other request, behind this session's back
        update(Person)
        .where(Person.id == anna.id)
        .values(pin_failures=Person.pin_failures + 1)
        .execution_options(synchronize_session=False)
    )
    assert anna.pin_failures == 1  # what this request holds is stale
    result = check_pin(anna, WRONG)
    assert result.tries_left == 2
    assert db.session.scalar(select(Person.pin_failures).where(Person.id == anna.id)) == 3


def test_a_guess_racing_a_lock_is_answered_locked_even_if_right(ctx, anna, clock):
    """Concurrent guesses past the lock learn nothing: a right PIN is not accepted."""
    db.session.execute(
        update(Person)
        .where(Person.id == anna.id)
        .values(pin_locked_until=clock.now() + timedelta(minutes=1))
        .execution_options(synchronize_session=False)
    )
    assert check_pin(anna, "1234").locked_until is not None


def test_set_pin_lifts_a_lock_and_takes_only_digits(ctx, anna):
    for _ in range(5):
        check_pin(anna, WRONG)
    set_pin(anna, "24680")
    assert not is_locked(anna) and anna.pin_locks == 0
    assert check_pin(anna, "24680").ok and not check_pin(anna, "1234").ok
    with pytest.raises(ValueError):
        set_pin(anna, "12ab")
