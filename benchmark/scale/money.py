"""Money: two years of shared expenses (about one a week per household) split equally among
the residents of the time, and a settling payment about once a month.

Balances are kept on every write (`money.services.running`); the rows here go straight
into the tables, so the running balances are rebuilt from them once at the end.
"""

from __future__ import annotations

import random
from datetime import timedelta

from benchmark.scale.core import CityIds, insert_returning_ids, insert_rows, moment
from cohousing.money.models import (
    Expense,
    ExpenseCategory,
    ExpensePayer,
    ExpenseShare,
    Payment,
    SplitKind,
)
from cohousing.money.services import rebuild_balances

EXPENSE_EVERY_DAYS = 7  # on average
PAYMENT_EVERY_DAYS = 30
CATEGORIES = (
    (ExpenseCategory.GROCERIES, "Spesa"),
    (ExpenseCategory.HOUSEHOLD, "Detersivi"),
    (ExpenseCategory.UTILITIES, "Bolletta luce"),
    (ExpenseCategory.INTERNET, "Internet"),
    (ExpenseCategory.REPAIRS, "Idraulico"),
)


def fill_money(rng: random.Random, ids: CityIds, scale: int) -> str:
    expenses, parties = [], []  # parties: (payer, [sharers]) per expense row
    payments = []
    draw = rng.random
    for household_id in ids.household_ids:
        people = ids.residents[household_id]
        day = ids.household_created[household_id]
        while day < ids.today:
            payer = people[int(draw() * len(people))]
            category, words = CATEGORIES[int(draw() * len(CATEGORIES))]
            cents = len(people) * rng.randrange(300, 4_000)  # splits evenly: no spare cent
            expenses.append(
                {
                    "household_id": household_id,
                    "description": words,
                    "amount_cents": cents,
                    "spent_on": day,
                    "category": category,
                    "split_kind": SplitKind.EQUAL,
                    "rotation_seq": 0,
                    "created_at": moment(day, rng),
                    "deleted_at": None,
                    "by_person_id": payer,
                    "by_staff_id": None,
                }
            )
            parties.append((payer, people, cents))
            day += timedelta(days=1 + int(draw() * (2 * EXPENSE_EVERY_DAYS - 1)))
        day = ids.household_created[household_id] + timedelta(days=PAYMENT_EVERY_DAYS)
        while day < ids.today:
            giver, taker = rng.sample(people, 2)
            payments.append(
                {
                    "household_id": household_id,
                    "from_person_id": giver,
                    "to_person_id": taker,
                    "cents": rng.randrange(500, 6_000, 50),
                    "paid_on": day,
                    "note": "",
                    "created_at": moment(day, rng),
                    "deleted_at": None,
                    "by_person_id": giver,
                    "by_staff_id": None,
                }
            )
            day += timedelta(days=PAYMENT_EVERY_DAYS)
    expense_ids = insert_returning_ids(Expense, expenses)
    insert_rows(
        ExpensePayer,
        (
            {"expense_id": expense_id, "person_id": payer, "cents": cents}
            for expense_id, (payer, _, cents) in zip(expense_ids, parties, strict=True)
        ),
    )
    shares = insert_rows(
        ExpenseShare,
        (
            {"expense_id": expense_id, "person_id": person, "cents": cents // len(people)}
            for expense_id, (_, people, cents) in zip(expense_ids, parties, strict=True)
            for person in people
        ),
    )
    paid = insert_rows(Payment, payments)
    rebuild_balances()  # the rows went in straight: the running balances are made once
    return f"{len(expense_ids)} expenses ({shares} shares), {paid} payments"
