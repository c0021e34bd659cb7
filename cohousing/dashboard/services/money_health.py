"""Money health for many households at once: overdue contributions and the largest debt.

Three queries whatever the number of households or the length of their history: all the
contributions, the payments summed per month (the dues), the lowest kept balance per
household (the debts). A kept summary asks for only the half a write changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.money.models import Balance, Contribution, ContributionPayment
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


def money_health(
    household_ids: list[int], today: date, *, dues: bool = True, debts: bool = True
) -> dict[int, MoneyHealth]:
    result = {hid: MoneyHealth() for hid in household_ids}
    if not household_ids:
        return result
    if dues:
        _overdue(result, household_ids, today)
    if debts:
        for hid, lowest in _lowest_balances(household_ids):
            result[hid].largest_debt_cents = -int(lowest)
    return result


def _overdue(result: dict[int, MoneyHealth], household_ids: list[int], today: date) -> None:
    """Who is behind with their contributions, and by how much, per household."""
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


def _lowest_balances(household_ids: list[int]):
    """(household, the lowest kept balance) where someone owes: one indexed read of the
    running balances, whatever the history."""
    return db.session.execute(
        select(Balance.household_id, func.min(Balance.cents))
        .where(Balance.household_id.in_(household_ids), Balance.cents < 0)
        .group_by(Balance.household_id)
    ).all()
