"""Residents who do not share costs, and receipt photos on expenses.

- `person.shares_expenses`: true for everyone already there (they all shared until now);
  a child or a guest is set to false by the coordinator.

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


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("shares_expenses")
