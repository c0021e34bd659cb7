"""Money health for many households at once: overdue contributions and the largest debt.

Three queries whatever the number of households or the length of their history: all the
contributions, the payments summed per month, the balances summed per person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, union_all

from cohousing.extensions import db
from cohousing.money.models import (
    Contribution,
    ContributionPayment,
    Expense,
    ExpensePayer,
    ExpenseShare,
    Payment,
)
from cohousing.money.services import MonthDue, first_of_month


@dataclass
class MoneyHealth:
    overdue_cents: int = 0
    overdue_people: int = 0
    largest_debt_cents: int = 0


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _months(contributions: list[Contribution], paid: dict, today: date) -> list[MonthDue]:
    due: dict[date, MonthDue] = {}
    last = first_of_month(today)
    for c in sorted(contributions, key=lambda c: (c.starts_on, c.id)):
        month = c.starts_on
        while month <= min(c.ends_on or last, last):
            due[month] = MonthDue(
                month, month.replace(day=c.due_day), c.monthly_cents, int(paid.get(month, 0))
            )
            month = _next_month(month)
    return list(due.values())


def money_health(household_ids: list[int], today: date) -> dict[int, MoneyHealth]:
    result = {hid: MoneyHealth() for hid in household_ids}
    if not household_ids:
        return result
    by_person: dict[tuple[int, int], list[Contribution]] = defaultdict(list)
    for c in db.session.scalars(
        select(Contribution).where(Contribution.household_id.in_(household_ids))
    ):
        by_person[(c.household_id, c.person_id)].append(c)
    paid: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    for hid, pid, month, cents in db.session.execute(
        select(
            ContributionPayment.household_id,
            ContributionPayment.person_id,
            ContributionPayment.month,
            func.sum(ContributionPayment.cents),
        )
        .where(
            ContributionPayment.household_id.in_(household_ids),
            ContributionPayment.deleted_at.is_(None),
        )
        .group_by(
            ContributionPayment.household_id,
            ContributionPayment.person_id,
            ContributionPayment.month,
        )
    ):
        paid[(hid, pid)][month] = int(cents or 0)
    for key, contributions in by_person.items():
        overdue = [m for m in _months(contributions, paid[key], today) if m.is_overdue(today)]
        if overdue:
            health = result[key[0]]
            health.overdue_people += 1
            health.overdue_cents += sum(m.missing_cents for m in overdue)
    for hid, total in _balances(household_ids):
        if total is not None and total < 0:
            result[hid].largest_debt_cents = max(result[hid].largest_debt_cents, -int(total))
    return result


def _balances(household_ids: list[int]):
    """(household, person total) for every person with money moving; negative owes."""
    live = Expense.household_id.in_(household_ids) & Expense.deleted_at.is_(None)
    paid_live = Payment.household_id.in_(household_ids) & Payment.deleted_at.is_(None)
    rows = union_all(
        select(
            Expense.household_id.label("hid"),
            ExpensePayer.person_id.label("party"),
            ExpensePayer.cents.label("cents"),
        )
        .join(Expense, Expense.id == ExpensePayer.expense_id)
        .where(live),
        select(Expense.household_id, ExpenseShare.person_id, -ExpenseShare.cents)
        .join(Expense, Expense.id == ExpenseShare.expense_id)
        .where(live),
        select(Payment.household_id, Payment.from_person_id, Payment.cents).where(paid_live),
        select(Payment.household_id, Payment.to_person_id, -Payment.cents).where(paid_live),
    ).subquery()
    return db.session.execute(
        select(rows.c.hid, func.sum(rows.c.cents))
        .where(rows.c.party.is_not(None))
        .group_by(rows.c.hid, rows.c.party)
    ).all()
