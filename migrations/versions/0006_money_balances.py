"""Running balances: one row per person and household, one per household's pot.

- `money_balance`: what the house owes each person (negative: what they owe), kept in the
  same transaction as every change to an expense or a payment.
- `money_pot`: the same for the house pot.
- `ix_payment_household_created`: settling up reads the payments since the last change
  to an expense.

The upgrade fills both from the ledger (live expenses, their payers and shares, live
payments), so an upgraded database reads the right balances at once; `flask cohousing
rebuild-balances` does the same at any time.

Revision ID: 0006_money_balances
Revises: 0005_register_and_retention
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_money_balances"
down_revision = "0005_register_and_retention"
branch_labels = None
depends_on = None

LEDGER = """
    SELECT e.household_id AS hid, p.person_id AS party, p.cents AS cents
      FROM expense_payer p JOIN expense e ON e.id = p.expense_id WHERE e.deleted_at IS NULL
    UNION ALL
    SELECT e.household_id, s.person_id, -s.cents
      FROM expense_share s JOIN expense e ON e.id = s.expense_id WHERE e.deleted_at IS NULL
    UNION ALL
    SELECT household_id, from_person_id, cents FROM payment WHERE deleted_at IS NULL
    UNION ALL
    SELECT household_id, to_person_id, -cents FROM payment WHERE deleted_at IS NULL
"""


def upgrade() -> None:
    op.create_table(
        "money_balance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_money_balance_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_money_balance_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_balance")),
        sa.UniqueConstraint(
            "household_id", "person_id", name=op.f("uq_money_balance_household_id")
        ),
    )
    op.create_table(
        "money_pot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_money_pot_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_pot")),
        sa.UniqueConstraint("household_id", name=op.f("uq_money_pot_household_id")),
    )
    op.create_index(
        "ix_payment_household_created", "payment", ["household_id", "created_at"], unique=False
    )
    op.execute(
        "INSERT INTO money_balance (household_id, person_id, cents) "
        f"SELECT hid, party, SUM(cents) FROM ({LEDGER}) ledger "
        "WHERE party IS NOT NULL GROUP BY hid, party"
    )
    op.execute(
        "INSERT INTO money_pot (household_id, cents) "
        f"SELECT hid, SUM(cents) FROM ({LEDGER}) ledger WHERE party IS NULL GROUP BY hid"
    )


def downgrade() -> None:
    op.drop_index("ix_payment_household_created", table_name="payment")
    op.drop_table("money_pot")
    op.drop_table("money_balance")
