"""A tablet that survives bad Wi-Fi, and reminders that arrive.

- `checkin.without_pin`: a check-in tapped on the faces without a PIN (queued offline and
  sent later); it never ends a run of missed check-ins by itself.
- `wellbeing_settings.reminder_at`, `quiet_from`, `quiet_until`: the gentle check-in
  reminder on the tablet's faces, and the quiet hours when the tablet shows none.

Revision ID: 0011_reminders_and_alerts
Revises: 0006_money_balances
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reminders_and_alerts"
down_revision = "0006_money_balances"
branch_labels = None
depends_on = None

SETTINGS_TIMES = ("reminder_at", "quiet_from", "quiet_until")


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.add_column(
            sa.Column("without_pin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("wellbeing_settings") as batch:
        for name in SETTINGS_TIMES:
            batch.add_column(sa.Column(name, sa.Time(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wellbeing_settings") as batch:
        for name in SETTINGS_TIMES:
            batch.drop_column(name)
    with op.batch_alter_table("checkin") as batch:
        batch.drop_column("without_pin")
