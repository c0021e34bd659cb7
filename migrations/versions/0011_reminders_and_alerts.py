"""A tablet that survives bad Wi-Fi, and reminders that arrive.

- `checkin.without_pin`: a check-in tapped on the faces without a PIN (queued offline and
  sent later); it never ends a run of missed check-ins by itself.
- `wellbeing_settings.reminder_at`, `quiet_from`, `quiet_until`: the gentle check-in
  reminder on the tablet's faces, and the quiet hours when the tablet shows none;
  `ladder_*_after`: the minutes after the reminder time of each step of the ladder.
- `checkin_buddy`: the housemate a resident's ladder asks first, who agreed.
- `ladder_rung`: each step taken, once per resident, day and step (the UNIQUE claim).

Revision ID: 0011_reminders_and_alerts
Revises: 0010_staff_sign_in
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_reminders_and_alerts"
down_revision = "0010_staff_sign_in"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime()
SETTINGS_TIMES = ("reminder_at", "quiet_from", "quiet_until")
LADDER_MINUTES = ("ladder_housemate_after", "ladder_worker_after", "ladder_coordinators_after")


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch:
        batch.add_column(
            sa.Column("without_pin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("wellbeing_settings") as batch:
        for name in SETTINGS_TIMES:
            batch.add_column(sa.Column(name, sa.Time(), nullable=True))
        for name in LADDER_MINUTES:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
    op.create_table(
        "checkin_buddy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("buddy_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["buddy_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
    op.create_index("ix_checkin_buddy_buddy", "checkin_buddy", ["buddy_id"])
    op.create_table(
        "ladder_rung",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("step", sa.String(15), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["concern_id"], ["concern.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "local_date", "step", name="uq_ladder_rung_once"),
    )
    op.create_index(
        "ix_ladder_rung_household_date", "ladder_rung", ["household_id", "local_date"]
    )


def downgrade() -> None:
    op.drop_index("ix_ladder_rung_household_date", table_name="ladder_rung")
    op.drop_table("ladder_rung")
    op.drop_index("ix_checkin_buddy_buddy", table_name="checkin_buddy")
    op.drop_table("checkin_buddy")
    with op.batch_alter_table("wellbeing_settings") as batch:
        for name in SETTINGS_TIMES + LADDER_MINUTES:
            batch.drop_column(name)
    with op.batch_alter_table("checkin") as batch:
        batch.drop_column("without_pin")
