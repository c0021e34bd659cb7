"""Monthly contributions to the rent (Housing First) and arrears, computed, never stored.

A contribution says how much a resident owes each month from `starts_on` (a month) until
`ends_on` (the last month due), due on `due_day`. What was paid is summed per month; a month
is overdue once its due day has passed and it is not fully paid. The rules on months are
pure (`months_from`, `arrears_from`), so a page of many residents loads the rows once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import MAX_CENTS, Contribution, ContributionPayment, MoneySettings
from cohousing.money.services.balances import settings_for
from cohousing.money.services.common import NOT_A_MEMBER, Actor, members_on
from cohousing.people.models import Person
from cohousing.rules import RuleError

MONTHS_SHOWN = 6  # the staff money page shows this many months of each contribution


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` calendar months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


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


@dataclass(frozen=True)
class Arrears:
    cents: int
    days: int  # since the oldest unpaid due day
    over_threshold: bool


# --- writes ------------------------------------------------------------------------------


def set_contribution(
    household: Household,
    person_id: int | None,
    *,
    monthly_cents: int,
    starts_on: date,
    ends_on: date | None = None,
    due_day: int = 5,
    submission_id: str | None = None,
) -> Contribution:
    """Start a monthly contribution (from the month of `starts_on`), once per submission."""
    errors: dict[str, object] = {}
    if not 0 < monthly_cents <= MAX_CENTS:
        errors["amount"] = _l("Enter an amount above zero, up to 100,000 euros.")
    if not 1 <= due_day <= 28:
        errors["due_day"] = _l("Choose a day between 1 and 28.")
    if ends_on is not None and first_of_month(ends_on) < first_of_month(starts_on):
        errors["ends_on"] = _l("The end must come after the start.")
    if not _lives_there(household, person_id):
        errors["person"] = NOT_A_MEMBER
    if errors:
        raise RuleError(errors=errors)
    idempotency.claim(submission_id)
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


def _lives_there(household: Household, person_id: int | None) -> bool:
    if person_id is None:
        return False
    return person_id in members_on(household.id, {person_id}, household.today())


def record_contribution_payment(
    household: Household,
    person_id: int | None,
    *,
    month: date,
    cents: int,
    paid_on: date,
    by: Actor,
    submission_id: str | None = None,
) -> ContributionPayment:
    """Money a resident of the household paid towards one month, once per submission."""
    errors: dict[str, object] = {}
    if not 0 < cents <= MAX_CENTS:
        errors["amount"] = _l("Enter an amount above zero.")
    if paid_on > household.today():
        errors["paid_on"] = _l("This date is in the future.")
    if not _lives_there(household, person_id):
        errors["person"] = NOT_A_MEMBER
    if errors:
        raise RuleError(errors=errors)
    idempotency.claim(submission_id)
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
    if payment.deleted_at is not None:
        raise RuleError(_l("This payment was deleted."))
    payment.deleted_at = clock.now()
    record(
        "contribution.payment_deleted",
        household_id=payment.household_id,
        subject_person_id=payment.person_id,
        detail=f"contribution payment {payment.id}",
    )


# --- months due and arrears, pure --------------------------------------------------------


def months_from(
    contributions: Iterable[Contribution], paid: Mapping[date, int], until: date
) -> list[MonthDue]:
    """Every month the contributions were due up to the month of `until`, with what was
    paid (`paid`: month -> cents). A later contribution replaces an earlier one."""
    due: dict[date, MonthDue] = {}
    last = first_of_month(until)
    for contribution in sorted(contributions, key=lambda c: (c.starts_on, c.id)):
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


def arrears_from(months: Iterable[MonthDue], today: date, settings: MoneySettings) -> Arrears:
    """What is overdue, and whether it passes the household's threshold (amount or days)."""
    overdue = [m for m in months if m.is_overdue(today)]
    cents = sum(m.missing_cents for m in overdue)
    days = (today - overdue[0].due_on).days if overdue else 0
    over = bool(overdue) and (
        (settings.arrears_threshold_cents is not None and cents >= settings.arrears_threshold_cents)
        or (settings.arrears_threshold_days is not None and days >= settings.arrears_threshold_days)
    )
    return Arrears(cents, days, over)


# --- the same for one resident, from the database ----------------------------------------


def months_due(household: Household, person_id: int, until: date) -> list[MonthDue]:
    """Every month a contribution was due up to the month of `until`, with what was paid."""
    contributions = db.session.scalars(
        select(Contribution).where(
            Contribution.household_id == household.id, Contribution.person_id == person_id
        )
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
    return months_from(contributions, paid, until)


def overdue_months(household: Household, person_id: int, today: date | None = None):
    today = today or household.today()
    return [m for m in months_due(household, person_id, today) if m.is_overdue(today)]


def arrears(household: Household, person_id: int, today: date | None = None) -> Arrears:
    """What is overdue, and whether it passes the household's threshold (amount or days)."""
    today = today or household.today()
    return arrears_from(months_due(household, person_id, today), today, settings_for(household))


# --- the staff money page: every resident at once, in three queries ------------------------


@dataclass(frozen=True)
class ContributionLine:
    person: Person
    months: list[MonthDue]  # the last MONTHS_SHOWN months due
    overdue: list[MonthDue]
    arrears_cents: int
    over_threshold: bool
    payments: list[ContributionPayment]  # recorded for the months shown, to correct them
    arrears_days: int = 0  # since the oldest unpaid due day


def contribution_lines(
    household: Household, residents: list[Person], settings: MoneySettings, today: date
) -> list[ContributionLine]:
    """Residents with a contribution, their recent months, what is overdue and the payments
    recorded: three queries however many residents, months or payments."""
    by_person: dict[int, list[Contribution]] = defaultdict(list)
    for contribution in db.session.scalars(
        select(Contribution).where(Contribution.household_id == household.id)
    ):
        by_person[contribution.person_id].append(contribution)
    if not by_person:
        return []
    live = (ContributionPayment.household_id == household.id) & ContributionPayment.deleted_at.is_(
        None
    )
    paid: dict[int, dict[date, int]] = defaultdict(dict)
    for person_id, month, cents in db.session.execute(
        select(
            ContributionPayment.person_id,
            ContributionPayment.month,
            func.sum(ContributionPayment.cents),
        )
        .where(live)
        .group_by(ContributionPayment.person_id, ContributionPayment.month)
    ):
        paid[person_id][month] = int(cents or 0)
    since = months_back(today, MONTHS_SHOWN - 1)
    recorded: dict[int, list[ContributionPayment]] = defaultdict(list)
    for payment in db.session.scalars(
        select(ContributionPayment)
        .where(live, ContributionPayment.month >= since)
        .order_by(ContributionPayment.month, ContributionPayment.paid_on, ContributionPayment.id)
    ):
        recorded[payment.person_id].append(payment)
    lines = []
    for person in residents:
        if person.id not in by_person:
            continue
        months = months_from(by_person[person.id], paid[person.id], today)
        owed = arrears_from(months, today, settings)
        lines.append(
            ContributionLine(
                person,
                [m for m in months if m.month >= since],
                [m for m in months if m.is_overdue(today)],
                owed.cents,
                owed.over_threshold,
                recorded[person.id],
                owed.days,
            )
        )
    return lines
