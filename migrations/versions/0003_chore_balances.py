"""Chore balances kept on write, and the notes of turns that moved.

`chore_balance`: each resident's fair-share balance per household (see
`cohousing.chores.services.fairshare`), kept up to date by every chore write.
`chore_plan_change`: "your Tuesday kitchen turn moved to Thursday", per resident.

Existing data: the balances start empty. A household without balance rows is counted from
its whole history at its next chore write (and shown counted on the fly until then); to
count them all at once, run `flask --app cohousing cohousing rebuild-chore-balances` after
this upgrade (safe to run again).

Revision ID: 0003_chore_balances
Revises: 0002_claims_and_sessions
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_chore_balances"
down_revision = "0002_claims_and_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chore_balance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("done", sa.Float(precision=53), nullable=False),
        sa.Column("share", sa.Float(precision=53), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_chore_balance_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_chore_balance_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chore_balance")),
        sa.UniqueConstraint("household_id", "person_id", name="uq_chore_balance"),
    )
    op.create_table(
        "chore_plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("chore_id", sa.Integer(), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=True),
        sa.Column("to_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "from_on IS NOT NULL OR to_on IS NOT NULL", name=op.f("ck_chore_plan_change_a_day")
        ),
        sa.ForeignKeyConstraint(
            ["chore_id"], ["chore.id"], name=op.f("fk_chore_plan_change_chore_id_chore")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_chore_plan_change_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_chore_plan_change_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chore_plan_change")),
    )
    with op.batch_alter_table("chore_plan_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chore_plan_change_person_seen", ["person_id", "seen_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("chore_plan_change", schema=None) as batch_op:
        batch_op.drop_index("ix_chore_plan_change_person_seen")
    op.drop_table("chore_plan_change")
    op.drop_table("chore_balance")
