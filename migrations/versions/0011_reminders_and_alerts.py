"""A tablet that survives bad Wi-Fi, and reminders that arrive.

- `checkin.without_pin`: a check-in tapped on the faces without a PIN (queued offline and
  sent later); it never ends a run of missed check-ins by itself.

Revision ID: 0011_reminders_and_alerts
Revises: 0006_money_balances
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reminders_and_alerts"
down_revision = "0006_money_balances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.add_column(
            sa.Column("without_pin", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.drop_column("without_pin")
