"""Residents who do not share costs, and receipt photos on expenses.

- `person.shares_expenses`: true for everyone already there (they all shared until now);
  a child or a guest is set to false by the coordinator.
- `expense_receipt`: one cleaned photo per expense (JPEG bytes, outside static/), with who
  attached it.

Revision ID: 0007_sharing_and_receipts
Revises: 0006_money_balances
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_sharing_and_receipts"
down_revision = "0006_money_balances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shares_expenses", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "expense_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expense_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("by_person_id", sa.Integer(), nullable=True),
        sa.Column("by_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_person_id"], ["person.id"], name=op.f("fk_expense_receipt_by_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["by_staff_id"],
            ["staff_account.id"],
            name=op.f("fk_expense_receipt_by_staff_id_staff_account"),
        ),
        sa.ForeignKeyConstraint(
            ["expense_id"],
            ["expense.id"],
            name=op.f("fk_expense_receipt_expense_id_expense"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_expense_receipt_household_id_household")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_receipt")),
        sa.UniqueConstraint("expense_id", name=op.f("uq_expense_receipt_expense_id")),
    )


def downgrade() -> None:
    op.drop_table("expense_receipt")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("shares_expenses")
