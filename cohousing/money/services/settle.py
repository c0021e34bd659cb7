"""Who pays whom to settle the house. Pure: balances in, transfers out.

A balance is what the house owes a person, in cents: positive, they are owed money;
negative, they owe. Balances add up to zero. `None` stands for the pot (kitty mode, or a
coordinator holding the house's money).

`suggest_transfers` makes a plan (exact matches first, then largest to largest). No rule
that looks at today's balances alone can both prefer exact matches and never reshuffle
when one suggestion is paid (paying one can create a new exact match elsewhere), so
`keep_plan` keeps the plan made before the payments and takes the payments off it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

POT = None

Party = int | None


class Transfer(NamedTuple):
    payer: Party
    payee: Party
    cents: int


def _rank(party: Party) -> tuple[int, int]:
    """Stable order: the pot first, then people by id."""
    return (0, 0) if party is None else (1, party)


def _check(balances: Mapping[Party, int]) -> None:
    if sum(balances.values()) != 0:
        raise ValueError("balances must add up to zero")


def suggest_transfers(balances: Mapping[Party, int]) -> list[Transfer]:
    """Few transfers that bring every balance to zero: at most (parties not at zero) - 1.

    Each step first pays off an exact match (a debt equal to a credit), else sends the
    largest debt to the largest credit; ties go by id. Every step clears at least one
    party and the last clears two, hence the bound.
    """
    _check(balances)
    open_ = {party: cents for party, cents in balances.items() if cents}
    transfers: list[Transfer] = []
    while open_:
        payer, payee = _next_pair(open_)
        cents = min(-open_[payer], open_[payee])
        transfers.append(Transfer(payer, payee, cents))
        for party, change in ((payer, cents), (payee, -cents)):
            open_[party] += change
            if not open_[party]:
                del open_[party]
    return transfers


def _next_pair(open_: Mapping[Party, int]) -> tuple[Party, Party]:
    debtors = sorted((p for p in open_ if open_[p] < 0), key=lambda p: (open_[p], _rank(p)))
    creditors = sorted((p for p in open_ if open_[p] > 0), key=lambda p: (-open_[p], _rank(p)))
    first_creditor_with: dict[int, Party] = {}
    for creditor in creditors:
        first_creditor_with.setdefault(open_[creditor], creditor)
    for debtor in debtors:
        if -open_[debtor] in first_creditor_with:
            return debtor, first_creditor_with[-open_[debtor]]
    return debtors[0], creditors[0]


def keep_plan(base: Mapping[Party, int], paid: Sequence[Transfer]) -> list[Transfer]:
    """The plan for `base`, less the payments made since, so paying does not reshuffle it.

    `base` is the balances when the plan was made (before `paid`). While every payment
    is (part of) a suggested transfer, the other suggestions stay exactly as they were and
    in the same order. A payment outside the plan (another person, or too much) means the
    house chose its own way: the plan is made afresh from today's balances.
    """
    plan = suggest_transfers(base)
    left = {(t.payer, t.payee): t.cents for t in plan}  # a pair occurs once: a step clears one
    for payment in paid:
        key = (payment.payer, payment.payee)
        if left.get(key, 0) < payment.cents:
            now = dict(base)
            for transfer in paid:
                now = apply(now, transfer)
            return suggest_transfers(now)
        left[key] -= payment.cents
    return [
        Transfer(t.payer, t.payee, left[(t.payer, t.payee)])
        for t in plan
        if left[(t.payer, t.payee)]
    ]


def kitty_transfers(balances: Mapping[Party, int]) -> list[Transfer]:
    """Kitty mode: who owes pays the pot, the pot pays who is owed; nobody pays a housemate."""
    _check(balances)
    people = sorted((p for p in balances if p is not POT and balances[p]), key=_rank)
    pay_in = [Transfer(p, POT, -balances[p]) for p in people if balances[p] < 0]
    pay_out = [Transfer(POT, p, balances[p]) for p in people if balances[p] > 0]
    return pay_in + pay_out


def apply(balances: Mapping[Party, int], transfer: Transfer) -> dict[Party, int]:
    """Balances after `transfer` is paid: the payer's debt shrinks, so does the payee's credit."""
    after = dict(balances)
    after[transfer.payer] = after.get(transfer.payer, 0) + transfer.cents
    after[transfer.payee] = after.get(transfer.payee, 0) - transfer.cents
    return after
