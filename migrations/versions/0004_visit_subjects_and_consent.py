"""Consent stays the resident's, and help without a PIN.

- `share_proposal`: a worker proposes a change of what a resident shares with workers; only
  the resident accepts or refuses it on the house tablet, after their PIN. Every proposal
  and its answer stay (the resident's history).
- `concern.without_pin`: "I need help" pressed on the house tablet without a PIN (from the
  faces screen or the locked-out screen). False for every concern raised before.

Visit subjects (house areas on a house visit, per-person areas only on a resident's visit)
need no schema change: the observation's area is a string, checked by the service.

Revision ID: 0004_visit_subjects_and_consent
Revises: 0003_chore_balances
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_visit_subjects_and_consent"
down_revision = "0003_chore_balances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column(
            "share",
            sa.Enum(
                "mood", "mood_tags", "mood_tags_note", name="sharelevel", native_enum=False, length=30
            ),
            nullable=False,
        ),
        sa.Column("proposed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "refused",
                "replaced",
                name="proposalstatus",
                native_enum=False,
                length=15,
            ),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"], ["household.id"], name=op.f("fk_share_proposal_household_id_household")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_share_proposal_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_staff_id"],
            ["staff_account.id"],
            name=op.f("fk_share_proposal_proposed_by_staff_id_staff_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_proposal")),
    )
    with op.batch_alter_table("share_proposal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_share_proposal_person_status", ["person_id", "status"], unique=False
        )
    with op.batch_alter_table("concern", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("without_pin", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("concern", schema=None) as batch_op:
        batch_op.drop_column("without_pin")
    with op.batch_alter_table("share_proposal", schema=None) as batch_op:
        batch_op.drop_index("ix_share_proposal_person_status")
    op.drop_table("share_proposal")
