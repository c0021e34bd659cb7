"""The dashboard's kept summaries: one row per household (counts, dates, amounts only).

`household_summary` is a read model, kept up to date on every write by the app. The upgrade
leaves it empty: the dashboard computes a household without a row on the fly, and `flask
cohousing rebuild-summaries` fills every row (run it once after upgrading).

Revision ID: 0008_household_summaries
Revises: 0007_sharing_and_receipts
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_household_summaries"
down_revision = "0007_sharing_and_receipts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "household_summary",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("urgent_concerns", sa.Integer(), nullable=False),
        sa.Column("other_concerns", sa.Integer(), nullable=False),
        sa.Column("unacknowledged_concerns", sa.Integer(), nullable=False),
        sa.Column("checkins_week", sa.Integer(), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("mood_days", sa.Text(), nullable=False),
        sa.Column("chores_due", sa.Integer(), nullable=False),
        sa.Column("chores_done", sa.Integer(), nullable=False),
        sa.Column("overdue_cents", sa.Integer(), nullable=False),
        sa.Column("overdue_people", sa.Integer(), nullable=False),
        sa.Column("largest_debt_cents", sa.Integer(), nullable=False),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("visit_due", sa.Date(), nullable=True),
        sa.Column("goals_past_review", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_household_summary_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_summary")),
    )


def downgrade() -> None:
    op.drop_table("household_summary")
