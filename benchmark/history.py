"""The history axis: one household (the bench tablet's) given `size` more expenses, with
their payers and shares, so the pages that read its money are measured at 1,000, 10,000 and
50,000 expenses on the same city. The rows go in straight, then the household's running
balances and kept summary are made again from them, and the database is analysed."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from benchmark.scale.core import insert_returning_ids, insert_rows
from cohousing.dashboard.services.kept import refresh
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Membership
from cohousing.money.models import Expense, ExpenseCategory, ExpensePayer, ExpenseShare, SplitKind
from cohousing.money.services import rebuild_balances

# The pages whose cost could follow the household's history (and the ceiling to compare).
HISTORY_PAGES = (
    "one_select",
    "resident_today",
    "balances_tablet",
    "balances_staff",
    "household_summary",
    "worker_dashboard",
)


def add_history(household_id: int, size: int, seed: int) -> int:
    """`size` expenses of the last two years split among the current residents."""
    rng = random.Random(f"{seed}:history:{size}")
    people = list(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.household_id == household_id, Membership.ended_on.is_(None)
            )
        )
    )
    today = clock.now().date()
    rows, parties = [], []
    for n in range(size):
        payer = people[n % len(people)]
        cents = len(people) * rng.randrange(100, 3_000)
        day = today - timedelta(days=rng.randrange(1, 730))
        rows.append(
            {
                "household_id": household_id,
                "description": f"Storia {n}",
                "amount_cents": cents,
                "spent_on": day,
                "category": ExpenseCategory.GROCERIES,
                "split_kind": SplitKind.EQUAL,
                "rotation_seq": 0,
                "created_at": clock.now() - timedelta(days=(today - day).days),
                "deleted_at": None,
                "by_person_id": payer,
                "by_staff_id": None,
            }
        )
        parties.append((payer, cents))
    ids = insert_returning_ids(Expense, rows)
    insert_rows(
        ExpensePayer,
        (
            {"expense_id": i, "person_id": payer, "cents": cents}
            for i, (payer, cents) in zip(ids, parties, strict=True)
        ),
    )
    insert_rows(
        ExpenseShare,
        (
            {"expense_id": i, "person_id": person, "cents": cents // len(people)}
            for i, (_payer, cents) in zip(ids, parties, strict=True)
            for person in people
        ),
    )
    rebuild_balances([household_id])
    refresh([household_id])
    db.session.commit()
    return len(ids)


def analyse() -> None:
    """Fresh planner statistics (this server runs with autovacuum off)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
