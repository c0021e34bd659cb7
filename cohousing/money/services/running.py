"""Running balances: kept on every write, rebuilt from the ledger on demand.

Every service that changes what the balances are made of (an expense's payers and shares,
a payment, their edits, deletions and restorations) calls `move` with the change per party
in the same transaction. `move` never reads a balance to write it back: it is one atomic
`INSERT … ON CONFLICT DO UPDATE SET cents = cents + delta` per table, rows in person order,
so concurrent writers on PostgreSQL queue on the row locks instead of losing an update (and
cannot deadlock one another). An edit, deletion or restoration first `lock`s its expense or
payment (FOR UPDATE) and reads it again, so two of them at once move the balances once.
`ledger_balances` is the full recomputation from the ledger, for `rebuild_balances`
(`flask cohousing rebuild-balances`) and for the tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, func, insert, select, union_all

from cohousing.database.upsert import insert_for
from cohousing.extensions import db
from cohousing.money.models import Balance, Expense, ExpensePayer, ExpenseShare, Payment, PotBalance
from cohousing.money.services.settle import Party


def expense_parties(expense: Expense, sign: int = 1) -> dict[Party, int]:
    """What an expense as it stands adds to each person's balance (paid minus share)."""
    moves: dict[Party, int] = defaultdict(int)
    for payer in expense.payers:
        moves[payer.person_id] += sign * payer.cents
    for share in expense.shares:
        moves[share.person_id] -= sign * share.cents
    return moves


def payment_parties(payment: Payment, sign: int = 1) -> dict[Party, int]:
    """What a payment adds: the giver is owed it, the receiver owes it (None: the pot)."""
    return {
        payment.from_person_id: sign * payment.cents,
        payment.to_person_id: -sign * payment.cents,
    }


def combine(*moves: Mapping[Party, int]) -> dict[Party, int]:
    total: dict[Party, int] = defaultdict(int)
    for move_ in moves:
        for party, cents in move_.items():
            total[party] += cents
    return dict(total)


def lock(row: Expense | Payment) -> None:
    """Lock an expense or a payment for this transaction and read it again (SELECT … FOR
    UPDATE on PostgreSQL): an edit or deletion then starts from what a concurrent one
    committed, so the balances move by the right amount, once."""
    db.session.refresh(row, with_for_update=True)
    if isinstance(row, Expense):
        db.session.expire(row, ["payers", "shares"])


def move(household_id: int, moves: Mapping[Party, int]) -> None:
    """Add `moves` (party -> cents) to the kept balances: at most two statements."""
    people = sorted((p, c) for p, c in moves.items() if p is not None and c)
    if people:
        statement = insert_for(Balance).values(
            [{"household_id": household_id, "person_id": p, "cents": c} for p, c in people]
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[Balance.household_id, Balance.person_id],
                set_={"cents": Balance.cents + statement.excluded.cents},
            )
        )
    if pot := moves.get(None):
        statement = insert_for(PotBalance).values(household_id=household_id, cents=pot)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[PotBalance.household_id],
                set_={"cents": PotBalance.cents + statement.excluded.cents},
            )
        )


def _ledger(household_ids: Iterable[int] | None):
    """(hid, party, cents) rows of every live payer, share and payment: the whole history."""
    live = Expense.deleted_at.is_(None)
    paid_live = Payment.deleted_at.is_(None)
    if household_ids is not None:
        ids = list(household_ids)
        live &= Expense.household_id.in_(ids)
        paid_live &= Payment.household_id.in_(ids)
    return union_all(
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


def ledger_balances(household_id: int) -> dict[Party, int]:
    """The balances summed from the whole history (what the kept ones must equal)."""
    rows = _ledger([household_id])
    return {
        party: int(cents or 0)
        for party, cents in db.session.execute(
            select(rows.c.party, func.sum(rows.c.cents)).group_by(rows.c.party)
        )
    }


def kept_balances(household_id: int) -> dict[Party, int]:
    """The kept balances as stored (pot under None), zeros left out."""
    kept: dict[Party, int] = dict(
        db.session.execute(
            select(Balance.person_id, Balance.cents).where(Balance.household_id == household_id)
        ).all()
    )
    pot = db.session.scalar(select(PotBalance.cents).where(PotBalance.household_id == household_id))
    kept[None] = pot or 0
    return {party: cents for party, cents in kept.items() if cents}


def rebuild_balances(household_ids: Iterable[int] | None = None) -> int:
    """Make the kept balances again from the ledger (every household, or these); flushes.
    Returns how many balance rows were written."""
    ids = None if household_ids is None else list(household_ids)
    people, pots = delete(Balance), delete(PotBalance)
    if ids is not None:
        people = people.where(Balance.household_id.in_(ids))
        pots = pots.where(PotBalance.household_id.in_(ids))
    db.session.execute(people)
    db.session.execute(pots)
    rows = _ledger(ids)
    db.session.execute(
        insert(Balance).from_select(
            ["household_id", "person_id", "cents"],
            select(rows.c.hid, rows.c.party, func.sum(rows.c.cents))
            .where(rows.c.party.is_not(None))
            .group_by(rows.c.hid, rows.c.party),
        )
    )
    db.session.execute(
        insert(PotBalance).from_select(
            ["household_id", "cents"],
            select(rows.c.hid, func.sum(rows.c.cents))
            .where(rows.c.party.is_(None))
            .group_by(rows.c.hid),
        )
    )
    counted = [select(func.count(Balance.id)), select(func.count(PotBalance.id))]
    if ids is not None:
        counted = [
            counted[0].where(Balance.household_id.in_(ids)),
            counted[1].where(PotBalance.household_id.in_(ids)),
        ]
    return sum(db.session.scalar(query) for query in counted)
