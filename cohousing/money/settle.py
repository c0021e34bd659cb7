"""Who pays whom to settle the house. Pure: balances in, transfers out.

A balance is what the house owes a person, in cents: positive, they are owed money;
negative, they owe. Balances add up to zero. `None` stands for the pot (kitty mode, or a
coordinator holding the house's money).
"""

from __future__ import annotations

from collections.abc import Mapping
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
    """Few transfers that bring every balance to zero; at most (people owing or owed) - 1.

    Each step first pays off an exact match (a debt equal to a credit), else the largest
    debt goes to the largest credit; ties by id. Every step clears at least one person, so
    the count stays under the number of parties, and it is the same list whatever order the
    house pays them in: paying one suggestion leaves the others as they were.
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
    credit_of = {}
    for creditor in creditors:
        credit_of.setdefault(open_[creditor], creditor)
    for debtor in debtors:
        match = credit_of.get(-open_[debtor])
        if match is not None or (-open_[debtor] in credit_of):
            return debtor, credit_of[-open_[debtor]]
    return debtors[0], creditors[0]


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
