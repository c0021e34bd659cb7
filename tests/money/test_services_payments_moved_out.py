"""Settling up with someone who moved out (no HTTP): a payment dated today between a
current and a former resident of the household is allowed, and only that."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cohousing.extensions import db
from cohousing.households.services import NewResident, add_resident, current_residents, move_out
from cohousing.money.models import Payment
from cohousing.money.services import (
    NOT_A_MEMBER,
    POT,
    SETTLE_TODAY,
    SYSTEM,
    Transfer,
    balances,
    edit_payment,
    moved_out_with_balance,
    record_payment,
    suggested_transfers,
    update_settings,
)
from cohousing.rules import RuleError
from tests.fixtures.money import MOVED_OUT_ON, TODAY, count


def pay(household, payer, payee, cents=300, on=TODAY):
    return record_payment(household, payer=payer, payee=payee, cents=cents, paid_on=on, by=SYSTEM)


def refused(household, payer, payee, on=TODAY) -> dict:
    with pytest.raises(RuleError) as caught:
        pay(household, payer, payee, on=on)
    assert count(Payment) == 0
    return caught.value.errors


def test_the_plan_names_who_moved_out_and_paying_it_today_settles_them(trio_house, carla_left):
    anna, bruno, carla = carla_left
    assert balances(trio_house) == {anna: 600, bruno: -300, carla: -300}
    assert [p.id for p in moved_out_with_balance(trio_house)] == [carla]
    plan = suggested_transfers(trio_house)
    assert Transfer(carla, anna, 300) in plan
    pay(trio_house, carla, anna)
    assert balances(trio_house) == {anna: 300, bruno: -300, carla: 0}
    assert suggested_transfers(trio_house) == [Transfer(bruno, anna, 300)]
    assert moved_out_with_balance(trio_house) == []


def test_a_current_resident_pays_someone_who_moved_out(trio_house, carla_left):
    _anna, bruno, carla = carla_left
    pay(trio_house, bruno, carla, cents=100)  # money handed back, either way
    assert balances(trio_house)[carla] == -400


def test_within_their_stay_a_backdated_payment_is_still_fine(trio_house, carla_left):
    anna, _bruno, carla = carla_left
    pay(trio_house, carla, anna, on=MOVED_OUT_ON - timedelta(days=1))
    assert balances(trio_house)[carla] == 0


@pytest.mark.parametrize(
    "on",
    [MOVED_OUT_ON, TODAY - timedelta(days=1), TODAY + timedelta(days=1)],
    ids=["the day out", "yesterday", "tomorrow"],
)
def test_after_they_left_only_today_will_do(trio_house, carla_left, on):
    anna, _bruno, carla = carla_left
    assert refused(trio_house, carla, anna, on=on) == {"paid_on": SETTLE_TODAY}
    assert refused(trio_house, anna, carla, on=on) == {"paid_on": SETTLE_TODAY}


def test_not_between_two_who_moved_out(trio_house, carla_left):
    _anna, bruno, carla = carla_left
    move_out(trio_house, bruno, date(2026, 11, 10))
    errors = refused(trio_house, carla, bruno)
    assert errors == {"from_person": NOT_A_MEMBER, "to_person": NOT_A_MEMBER}
    pay(trio_house, bruno, carla, on=date(2026, 10, 31))  # when both lived there: fine


def test_not_with_someone_who_never_lived_here(trio_house, carla_left, other_household):
    anna, _bruno, carla = carla_left
    (zeno,) = current_residents(other_household)
    assert refused(trio_house, zeno.id, anna) == {"from_person": NOT_A_MEMBER}
    assert refused(trio_house, carla, zeno.id) == {
        "from_person": NOT_A_MEMBER,
        "to_person": NOT_A_MEMBER,
    }


def test_not_with_someone_who_has_not_moved_in_yet(trio_house, carla_left):
    anna, _bruno, _carla = carla_left
    dora = add_resident(
        trio_house, NewResident("Dora", "1357"), started_on=TODAY + timedelta(days=5)
    )
    assert refused(trio_house, dora.id, anna) == {"from_person": NOT_A_MEMBER}


def test_in_kitty_mode_they_settle_with_the_pot(trio_house, carla_left):
    _anna, _bruno, carla = carla_left
    update_settings(
        trio_house, kitty_mode=True, arrears_threshold_cents=None, arrears_threshold_days=None
    )
    assert Transfer(carla, POT, 300) in suggested_transfers(trio_house)
    pay(trio_house, carla, POT)
    assert balances(trio_house)[carla] == 0
    with pytest.raises(RuleError) as caught:
        pay(trio_house, carla, POT, on=TODAY - timedelta(days=2))
    assert caught.value.errors == {"paid_on": SETTLE_TODAY}


def test_a_settling_payment_can_be_corrected_later_on_its_own_date(trio_house, carla_left, clock):
    anna, _bruno, carla = carla_left
    payment = pay(trio_house, carla, anna)
    db.session.commit()
    clock.advance(timedelta(days=3))
    edit_payment(payment, cents=250, paid_on=TODAY, note="contanti", by=SYSTEM)
    assert (payment.cents, payment.paid_on) == (250, TODAY)
    with pytest.raises(RuleError) as caught:
        edit_payment(payment, cents=250, paid_on=TODAY + timedelta(days=1), note="", by=SYSTEM)
    assert caught.value.errors == {"paid_on": SETTLE_TODAY}
    edit_payment(payment, cents=300, paid_on=TODAY + timedelta(days=3), note="", by=SYSTEM)
    assert payment.paid_on == TODAY + timedelta(days=3)  # the new today is fine too
