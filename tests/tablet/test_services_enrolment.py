"""Tablet rules without HTTP: enrolment codes, device tokens, revoking, last seen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.tablet.models import EnrolmentCode, Tablet
from cohousing.tablet.services import (
    CODE_ALPHABET,
    complete_enrolment,
    device_token,
    group_code,
    normalise_code,
    revoke,
    start_enrolment,
    tablet_from_token,
)
from cohousing.tablet.services.device import _serializer


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def enrol(household) -> tuple[Tablet, str]:
    tablet, secret = complete_enrolment(start_enrolment(household, "Cucina", None))
    db.session.commit()
    return tablet, secret


# --- enrolment codes -------------------------------------------------------------------


def test_code_is_eight_unambiguous_characters_stored_only_as_a_hash(ctx, household):
    code = start_enrolment(household, "Cucina", None)
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
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
    with pytest.raises(RuleError) as refused:
        complete_enrolment(code)
    assert refused.value.field == "code"
    assert str(refused.value.message).startswith("This code is not valid.")
    assert db.session.scalar(select(func.count(Tablet.id))) == 1


def test_code_expires_after_15_minutes(ctx, household, clock):
    code = start_enrolment(household, "Cucina", None)
    clock.advance(timedelta(minutes=14, seconds=59))
    complete_enrolment(code)  # still fine
    late = start_enrolment(household, "Salotto", None)
    clock.advance(timedelta(minutes=15))
    with pytest.raises(RuleError) as refused:
        complete_enrolment(late)
    assert str(refused.value.message).startswith("This code has expired.")
    assert db.session.scalar(select(func.count(Tablet.id))) == 1


def test_unknown_code_is_refused(ctx, household):
    start_enrolment(household, "Cucina", None)
    for typed in ("AAAAAAAA", "", "ACDE\x00FH34", "²³⁴⁵ACDE"):
        with pytest.raises(RuleError):
            complete_enrolment(typed)
    assert db.session.scalar(select(func.count(Tablet.id))) == 0


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
    assert tablet_from_token(_serializer().dumps({"t": tablet.id, "s": other_secret})) is None
    assert tablet_from_token(_serializer().dumps({"t": "x"})) is None


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


def test_a_code_keeps_only_ascii_letters_and_digits():
    assert normalise_code("acde-fh34") == "ACDEFH34"
    assert normalise_code("AC\x00DE FH\t34") == "ACDEFH34"  # NUL and tabs dropped
    assert normalise_code("²③ACDEFH34") == "ACDEFH34"  # other scripts' digits too
    assert normalise_code(None) == ""


def test_the_same_submission_makes_one_code(ctx, household):
    from cohousing.database.idempotency import AlreadySubmitted

    start_enrolment(household, "Cucina", None, submission_id="tap-tap")
    with pytest.raises(AlreadySubmitted):
        start_enrolment(household, "Cucina", None, submission_id="tap-tap")
    assert db.session.scalar(select(func.count(EnrolmentCode.id))) == 1
