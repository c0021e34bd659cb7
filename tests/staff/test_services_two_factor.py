"""The second factor's rules, without HTTP: which codes are accepted, and only once."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from cohousing.rules import RuleError
from cohousing.staff.models import Role
from cohousing.staff.services import two_factor


def _code(account, clock, seconds: int = 0) -> str:
    return pyotp.TOTP(account.totp_secret).at(clock.now() + timedelta(seconds=seconds))


def test_a_code_of_the_step_either_side_is_accepted_not_further(make_staff, clock):
    account = make_staff(Role.WORKER, two_factor=True)
    assert two_factor.check(account, _code(account, clock, -30))
    clock.advance(timedelta(minutes=1))
    assert two_factor.check(account, _code(account, clock, 30))
    clock.advance(timedelta(minutes=1))
    assert not two_factor.check(account, _code(account, clock, 60))
    assert not two_factor.check(account, _code(account, clock, -60))


def test_a_code_never_works_twice_nor_an_older_one_after_a_newer(make_staff, clock):
    account = make_staff(Role.WORKER, two_factor=True)
    older = _code(account, clock, -30)
    now = _code(account, clock)
    assert two_factor.check(account, now)
    assert not two_factor.check(account, now)
    assert not two_factor.check(account, older)


def test_set_up_needs_a_right_first_code(make_staff, clock):
    account = make_staff(Role.WORKER)
    two_factor.start(account)
    with pytest.raises(RuleError) as refused:
        two_factor.confirm(account, "12345x")
    assert refused.value.field == "code" and not account.has_two_factor
    codes = two_factor.confirm(account, _code(account, clock))
    assert len(codes) == 10 and account.has_two_factor
    with pytest.raises(RuleError):
        two_factor.start(account)  # on already: a new secret would lock the app out
    assert two_factor.remaining_recovery_codes(account) == 10
    assert two_factor.check(account, codes[0].replace("-", " "))
    assert two_factor.remaining_recovery_codes(account) == 9


def test_an_admin_cannot_turn_it_off(make_staff, clock):
    admin = make_staff(Role.ADMIN)
    with pytest.raises(RuleError):
        two_factor.turn_off(admin, _code(admin, clock))
    assert admin.has_two_factor
