"""Monthly contributions: paid and overdue months, arrears against the house threshold."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money.models import ContributionPayment
from cohousing.money.services import (
    SYSTEM,
    arrears,
    delete_contribution_payment,
    months_back,
    months_due,
    overdue_months,
    record_contribution_payment,
    set_contribution,
    update_settings,
)
from cohousing.rules import RuleError
from cohousing.wellbeing.models import Concern, ConcernKind


@pytest.fixture
def tenant(make_household):
    household = make_household("Casa HF", residents=(("Marco", "1111"),))
    for membership in household.memberships:
        membership.started_on = date(2026, 1, 1)
    db.session.commit()
    return household, current_residents(household)[0].id


def test_paid_and_overdue_months(tenant):
    house, marco = tenant
    set_contribution(house, marco, monthly_cents=5000, starts_on=date(2026, 9, 14), due_day=5)
    record_contribution_payment(
        house, marco, month=date(2026, 9, 1), cents=5000, paid_on=date(2026, 9, 3), by=SYSTEM
    )
    record_contribution_payment(
        house, marco, month=date(2026, 10, 20), cents=2000, paid_on=date(2026, 10, 20), by=SYSTEM
    )
    months = months_due(house, marco, date(2026, 11, 25))
    assert [(m.month, m.due_cents, m.paid_cents) for m in months] == [
        (date(2026, 9, 1), 5000, 5000),
        (date(2026, 10, 1), 5000, 2000),
        (date(2026, 11, 1), 5000, 0),
    ]
    overdue = overdue_months(house, marco, date(2026, 11, 25))
    assert [m.month for m in overdue] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert [m.month for m in overdue_months(house, marco, date(2026, 11, 5))] == [
        date(2026, 10, 1)
    ]  # November is due on the 5th: not late yet


def test_arrears_threshold_by_amount_or_days(tenant):
    house, marco = tenant
    set_contribution(house, marco, monthly_cents=5000, starts_on=date(2026, 10, 1), due_day=5)
    assert arrears(house, marco, date(2026, 11, 25)).over_threshold is False  # no threshold set
    update_settings(
        house, kitty_mode=False, arrears_threshold_cents=10000, arrears_threshold_days=None
    )
    state = arrears(house, marco, date(2026, 11, 25))
    assert (state.cents, state.days, state.over_threshold) == (10000, 51, True)
    assert arrears(house, marco, date(2026, 11, 4)).over_threshold is False  # 5000 only
    update_settings(
        house, kitty_mode=False, arrears_threshold_cents=None, arrears_threshold_days=30
    )
    assert arrears(house, marco, date(2026, 11, 4)).over_threshold is True  # 30 days late


def test_a_new_contribution_replaces_the_old_amount_and_the_end_is_kept(tenant):
    house, marco = tenant
    set_contribution(
        house, marco, monthly_cents=5000, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 1)
    )
    set_contribution(
        house, marco, monthly_cents=7000, starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 1)
    )
    months = months_due(house, marco, date(2027, 3, 1))
    assert [(m.month.month, m.due_cents) for m in months] == [
        (9, 5000),
        (10, 5000),
        (11, 7000),
        (12, 5000),
    ]


def test_bad_contributions_are_refused(tenant, other_household):
    house, marco = tenant
    stranger = current_residents(other_household)[0].id
    with pytest.raises(RuleError) as caught:
        set_contribution(
            house,
            stranger,
            monthly_cents=0,
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 8, 1),
            due_day=30,
        )
    assert set(caught.value.errors) == {"amount", "due_day", "ends_on", "person"}
    with pytest.raises(RuleError):
        record_contribution_payment(
            house, marco, month=date(2026, 11, 1), cents=100, paid_on=date(2027, 1, 1), by=SYSTEM
        )
    with pytest.raises(RuleError):
        update_settings(
            house, kitty_mode=False, arrears_threshold_cents=-1, arrears_threshold_days=0
        )


def test_a_deleted_payment_no_longer_counts(tenant):
    house, marco = tenant
    set_contribution(house, marco, monthly_cents=5000, starts_on=date(2026, 11, 1))
    paid = record_contribution_payment(
        house, marco, month=date(2026, 11, 1), cents=5000, paid_on=date(2026, 11, 2), by=SYSTEM
    )
    assert overdue_months(house, marco, date(2026, 11, 25)) == []
    delete_contribution_payment(paid)
    assert [m.month for m in overdue_months(house, marco, date(2026, 11, 25))] == [
        date(2026, 11, 1)
    ]
    assert paid.deleted_at is not None
    with pytest.raises(RuleError) as caught:  # a second click: said, not done twice
        delete_contribution_payment(paid)
    assert "This payment was deleted." in str(caught.value.message)


def test_only_a_resident_pays_a_contribution_and_once_per_submission(tenant, other_household):
    house, marco = tenant
    stranger = current_residents(other_household)[0].id
    kwargs = {"month": date(2026, 11, 1), "cents": 100, "paid_on": date(2026, 11, 2), "by": SYSTEM}
    for person in (stranger, None):
        with pytest.raises(RuleError) as caught:
            record_contribution_payment(house, person, **kwargs)
        assert set(caught.value.errors) == {"person"}
    record_contribution_payment(house, marco, **kwargs, submission_id="cp-1")
    with pytest.raises(AlreadySubmitted):
        record_contribution_payment(house, marco, **kwargs, submission_id="cp-1")
    assert db.session.scalar(select(func.count()).select_from(ContributionPayment)) == 1


@pytest.mark.parametrize(
    ("day", "back", "first"),
    [
        (date(2026, 11, 25), 5, date(2026, 6, 1)),
        (date(2026, 3, 31), 5, date(2025, 10, 1)),  # 31 * 5 days back would reach September
        (date(2026, 1, 1), 1, date(2025, 12, 1)),
        (date(2026, 12, 31), 12, date(2025, 12, 1)),
        (date(2026, 7, 15), 0, date(2026, 7, 1)),
    ],
)
def test_months_back_counts_calendar_months(day, back, first):
    assert months_back(day, back) == first


# --- arrears become a concern (the daily schedules job) -----------------------------------


def test_arrears_over_the_threshold_raise_one_concern(app, money_house, pair):
    anna, bruno = pair
    set_contribution(money_house, anna.id, monthly_cents=15000, starts_on=date(2026, 9, 1))
    set_contribution(money_house, bruno.id, monthly_cents=15000, starts_on=date(2026, 11, 1))
    update_settings(
        money_house, kitty_mode=False, arrears_threshold_cents=30000, arrears_threshold_days=None
    )
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cohousing", "run-schedules"])
    assert "Raised 1 arrears concern(s)." in first.output, first.output
    concern = db.session.scalar(select(Concern))
    assert concern.kind is ConcernKind.ARREARS and concern.person_id == anna.id
    assert "€450.00" in concern.note  # Bruno owes only €150: under the threshold
    again = runner.invoke(args=["cohousing", "run-schedules"])
    assert "Raised 0 arrears concern(s)." in again.output
    assert db.session.scalar(select(func.count()).select_from(Concern)) == 1
