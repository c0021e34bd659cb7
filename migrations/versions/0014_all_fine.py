"""The opt-in daily "all fine" line to the worker.

- `wellbeing_settings.all_fine_at`: the local time of the day's email (NULL: none);
  existing households start at 18:00, as new ones do.
- `all_fine_choice`: each resident's yes or no, a row per change (the latest wins).
- `all_fine_email`: one worker's email about one household per local day (the UNIQUE
  key queues it once; claimed before it is sent).

Revision ID: 0014_all_fine
Revises: 0013_api_tokens
"""

from datetime import time

import sqlalchemy as sa
from alembic import op

revision = "0014_all_fine"
down_revision = "0013_api_tokens"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime()


def upgrade() -> None:
    with op.batch_alter_table("wellbeing_settings") as batch:
        batch.add_column(sa.Column("all_fine_at", sa.Time(), nullable=True))
    settings = sa.table("wellbeing_settings", sa.column("all_fine_at", sa.Time()))
    op.execute(settings.update().values(all_fine_at=time(18, 0)))
    op.create_table(
        "all_fine_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("agrees", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_all_fine_choice_person", "all_fine_choice", ["person_id", "changed_at"]
    )
    op.create_table(
        "all_fine_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("sent_at", UTC_DATETIME, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("claimed_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_account.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "household_id", "local_date", name="uq_all_fine_once"),
    )
    op.create_index("ix_all_fine_email_pending", "all_fine_email", ["sent_at", "staff_id"])


def downgrade() -> None:
    op.drop_index("ix_all_fine_email_pending", table_name="all_fine_email")
    op.drop_table("all_fine_email")
    op.drop_index("ix_all_fine_choice_person", table_name="all_fine_choice")
    op.drop_table("all_fine_choice")
    with op.batch_alter_table("wellbeing_settings") as batch:
        batch.drop_column("all_fine_at")
