"""Balances and settling up: what the house owes each person, and who gives whom.

Balances are ONE indexed read of the running balances kept on every write (`running`),
however many expenses there are; the plan of transfers is made by the pure rules in
`settle`.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, cast, func, literal, null, select, union_all

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership_clause
from cohousing.money.models import (
    MAX_CENTS,
    Balance,
    ExpenseChange,
    MoneySettings,
    Payment,
    PotBalance,
)
from cohousing.money.services.amounts import format_amount
from cohousing.money.services.settle import Party, Transfer, keep_plan, kitty_transfers
from cohousing.people.models import Person
from cohousing.rules import RuleError

MAX_ARREARS_DAYS = 366


def balances(household: Household) -> dict[Party, int]:
    """What the house owes each person (negative: what they owe): ONE indexed read of the
    kept balances (`running`), however long the history.

    Current residents who share expenses appear even at zero (a child or a guest only
    when money moved for them), so does anyone money ever moved for; None is the pot,
    shown when not empty.
    """
    hid = household.id
    rows = union_all(
        select(Balance.person_id.label("party"), Balance.cents.label("cents")).where(
            Balance.household_id == hid
        ),
        select(cast(null(), Integer), PotBalance.cents).where(PotBalance.household_id == hid),
        select(Membership.person_id, literal(0))
        .join(Person, Person.id == Membership.person_id)
        .where(
            Membership.household_id == hid,
            current_membership_clause(household.today()),
            Person.shares_expenses,
        ),
    ).subquery()
    totals = db.session.execute(
        select(rows.c.party, func.sum(rows.c.cents)).group_by(rows.c.party)
    ).all()
    result = {party: int(total or 0) for party, total in totals}
    if not result.get(None):
        result.pop(None, None)
    return result


def settings_for(household: Household) -> MoneySettings:
    """The household's money settings (defaults if none saved; not added to the session)."""
    found = db.session.scalar(
        select(MoneySettings).where(MoneySettings.household_id == household.id)
    )
    return found or MoneySettings(household_id=household.id, kitty_mode=False)


def update_settings(
    household: Household,
    *,
    kitty_mode: bool,
    arrears_threshold_cents: int | None,
    arrears_threshold_days: int | None,
) -> MoneySettings:
    """Kitty mode, and from what amount or how many days late arrears raise a concern."""
    errors: dict[str, object] = {}
    if arrears_threshold_cents is not None and not 0 < arrears_threshold_cents <= MAX_CENTS:
        errors["arrears_threshold"] = _l("Enter an amount above zero.")
    if arrears_threshold_days is not None and not 0 < arrears_threshold_days <= MAX_ARREARS_DAYS:
        errors["arrears_days"] = _l("Choose between 1 and 366 days.")
    if errors:
        raise RuleError(errors=errors)
    settings = settings_for(household)
    settings.kitty_mode = kitty_mode
    settings.arrears_threshold_cents = arrears_threshold_cents
    settings.arrears_threshold_days = arrears_threshold_days
    db.session.add(settings)
    record("money.settings", household_id=household.id, detail=f"kitty={int(kitty_mode)}")
    return settings


def suggested_transfers(
    household: Household,
    owed: dict[Party, int] | None = None,
    settings: MoneySettings | None = None,
) -> list[Transfer]:
    """Who should pay whom to settle up, in a fixed number of queries.

    Kitty mode: everyone pays into or is paid from the pot. Otherwise the plan is made from
    the balances as they were at the last change to an expense; payments recorded since
    then are taken off it, so paying a suggestion never reshuffles the others. A page that
    has the balances and settings already passes them (two queries fewer).
    """
    now = balances(household) if owed is None else owed
    if (settings or settings_for(household)).kitty_mode:
        return kitty_transfers(now)
    last_change = (
        select(func.max(ExpenseChange.at))
        .where(ExpenseChange.household_id == household.id)
        .scalar_subquery()
    )
    since = db.session.execute(
        select(Payment.from_person_id, Payment.to_person_id, Payment.cents)
        .where(
            Payment.household_id == household.id,
            Payment.deleted_at.is_(None),
            (Payment.created_at >= last_change) | last_change.is_(None),
        )
        .order_by(Payment.id)
    ).all()
    paid = [Transfer(payer, payee, cents) for payer, payee, cents in since]
    base = dict(now)
    for transfer in paid:  # undo them: the balances the plan was made from
        base[transfer.payer] = base.get(transfer.payer, 0) - transfer.cents
        base[transfer.payee] = base.get(transfer.payee, 0) + transfer.cents
    return keep_plan(base, paid)


def balance_words(cents: int) -> str:
    """A balance in plain words: "You are owed €20" / "You owe €7,50" / "You are even"."""
    if cents > 0:
        return _("You are owed %(amount)s", amount=format_amount(cents))
    if cents < 0:
        return _("You owe %(amount)s", amount=format_amount(-cents))
    return _("You are even")


def transfer_words(transfer: Transfer, people: dict[int, Person]) -> str:
    """ "Anna gives Bruno €12,50", with the pot named as such."""
    amount = format_amount(transfer.cents)
    if transfer.payer is None:
        return _(
            "The house pot gives %(to)s %(amount)s",
            to=people[transfer.payee].display_name,
            amount=amount,
        )
    if transfer.payee is None:
        return _(
            "%(from)s puts %(amount)s in the house pot",
            **{"from": people[transfer.payer].display_name},
            amount=amount,
        )
    return _(
        "%(from)s gives %(to)s %(amount)s",
        **{"from": people[transfer.payer].display_name},
        to=people[transfer.payee].display_name,
        amount=amount,
    )


def today_summary(household: Household, resident: Person) -> dict:
    """My balance in one line, for the tablet's today screen (`money_today`)."""
    cents = balances(household).get(resident.id, 0)
    return {"cents": cents, "words": balance_words(cents)}
