"""Monthly contributions to the rent (Housing First) and arrears, computed, never stored.

A contribution says how much a resident owes each month from `starts_on` (a month) until
`ends_on` (the last month due), due on `due_day`. What was paid is summed per month; a month
is overdue once its due day has passed and it is not fully paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.amounts import MAX_CENTS
from cohousing.money.models import Contribution, ContributionPayment, MoneySettings
from cohousing.money.services import Actor, MoneyRuleError, members_on, settings_for


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


@dataclass(frozen=True)
class MonthDue:
    month: date  # first day of the month
    due_on: date
    due_cents: int
    paid_cents: int

    @property
    def missing_cents(self) -> int:
        return max(self.due_cents - self.paid_cents, 0)

    def is_overdue(self, today: date) -> bool:
        return self.missing_cents > 0 and today > self.due_on


def set_contribution(
    household: Household,
    person_id: int,
    *,
    monthly_cents: int,
    starts_on: date,
    ends_on: date | None = None,
    due_day: int = 5,
) -> Contribution:
    """Start a monthly contribution (from the month of `starts_on`)."""
    errors: dict[str, object] = {}
    if not 0 < monthly_cents <= MAX_CENTS:
        errors["amount"] = _l("Enter an amount above zero, up to 100,000 euros.")
    if not 1 <= due_day <= 28:
        errors["due_day"] = _l("Choose a day between 1 and 28.")
    if ends_on is not None and first_of_month(ends_on) < first_of_month(starts_on):
        errors["ends_on"] = _l("The end must come after the start.")
    if person_id not in members_on(household.id, {person_id}, household.today()):
        errors["person"] = _l("Choose people who live in this household.")
    if errors:
        raise MoneyRuleError(errors)
    contribution = Contribution(
        household_id=household.id,
        person_id=person_id,
        monthly_cents=monthly_cents,
        starts_on=first_of_month(starts_on),
        ends_on=first_of_month(ends_on) if ends_on else None,
        due_day=due_day,
    )
    db.session.add(contribution)
    record("contribution.set", household_id=household.id, subject_person_id=person_id)
    return contribution


def record_contribution_payment(
    household: Household, person_id: int, *, month: date, cents: int, paid_on: date, by: Actor
) -> ContributionPayment:
    if not 0 < cents <= MAX_CENTS:
        raise MoneyRuleError({"amount": _l("Enter an amount above zero.")})
    if paid_on > household.today():
        raise MoneyRuleError({"paid_on": _l("This date is in the future.")})
    payment = ContributionPayment(
        household_id=household.id,
        person_id=person_id,
        month=first_of_month(month),
        cents=cents,
        paid_on=paid_on,
        by_person_id=by.person_id,
        by_staff_id=by.staff_id,
    )
    db.session.add(payment)
    record("contribution.paid", household_id=household.id, subject_person_id=person_id)
    return payment


def delete_contribution_payment(payment: ContributionPayment) -> None:
    """Mark a payment recorded by mistake as deleted; it stays, and the audit says who."""
    if payment.deleted_at is None:
        payment.deleted_at = clock.now()
        record(
            "contribution.payment_deleted",
            household_id=payment.household_id,
            subject_person_id=payment.person_id,
            detail=f"contribution payment {payment.id}",
        )


def months_due(household: Household, person_id: int, until: date) -> list[MonthDue]:
    """Every month a contribution was due up to the month of `until`, with what was paid."""
    contributions = db.session.scalars(
        select(Contribution)
        .where(Contribution.household_id == household.id, Contribution.person_id == person_id)
        .order_by(Contribution.starts_on, Contribution.id)
    ).all()
    paid = dict(
        db.session.execute(
            select(ContributionPayment.month, func.sum(ContributionPayment.cents))
            .where(
                ContributionPayment.household_id == household.id,
                ContributionPayment.person_id == person_id,
                ContributionPayment.deleted_at.is_(None),
            )
            .group_by(ContributionPayment.month)
        ).all()
    )
    due: dict[date, MonthDue] = {}
    last = first_of_month(until)
    for contribution in contributions:  # a later contribution replaces an earlier one
        month = contribution.starts_on
        end = min(contribution.ends_on or last, last)
        while month <= end:
            due[month] = MonthDue(
                month,
                month.replace(day=contribution.due_day),
                contribution.monthly_cents,
                int(paid.get(month) or 0),
            )
            month = _next_month(month)
    return [due[month] for month in sorted(due)]


def overdue_months(household: Household, person_id: int, today: date | None = None):
    today = today or household.today()
    return [m for m in months_due(household, person_id, today) if m.is_overdue(today)]


@dataclass(frozen=True)
class Arrears:
    cents: int
    days: int  # since the oldest unpaid due day
    over_threshold: bool


def arrears(household: Household, person_id: int, today: date | None = None) -> Arrears:
    """What is overdue, and whether it passes the household's threshold (amount or days)."""
    today = today or household.today()
    overdue = overdue_months(household, person_id, today)
    cents = sum(m.missing_cents for m in overdue)
    days = (today - overdue[0].due_on).days if overdue else 0
    settings = settings_for(household)
    over = bool(overdue) and (
        (settings.arrears_threshold_cents is not None and cents >= settings.arrears_threshold_cents)
        or (settings.arrears_threshold_days is not None and days >= settings.arrears_threshold_days)
    )
    return Arrears(cents, days, over)


def update_settings(
    household: Household,
    *,
    kitty_mode: bool,
    arrears_threshold_cents: int | None,
    arrears_threshold_days: int | None,
) -> MoneySettings:
    errors: dict[str, object] = {}
    if arrears_threshold_cents is not None and not 0 < arrears_threshold_cents <= MAX_CENTS:
        errors["arrears_threshold_cents"] = _l("Enter an amount above zero.")
    if arrears_threshold_days is not None and not 0 < arrears_threshold_days <= 366:
        errors["arrears_threshold_days"] = _l("Choose between 1 and 366 days.")
    if errors:
        raise MoneyRuleError(errors)
    settings = settings_for(household)
    settings.kitty_mode = kitty_mode
    settings.arrears_threshold_cents = arrears_threshold_cents
    settings.arrears_threshold_days = arrears_threshold_days
    db.session.add(settings)
    record("money.settings", household_id=household.id, detail=f"kitty={int(kitty_mode)}")
    return settings
