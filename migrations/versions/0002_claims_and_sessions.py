"""Job claims on concern alerts, and one row per signed-in session.

- `concern_alert.claim_token`, `claimed_at`: a scheduled job claims an alert (a random token
  and the time) in one conditional UPDATE before it sends the email, and marks it sent right
  after; a claim older than five minutes was left by a process that died, and the alert is
  claimed again (`cohousing.database.claims`). Nullable: nothing is claimed at upgrade.
- `staff_session`: the digest of each signed-in staff browser's random session id; signing
  out deletes the row, so a copied cookie is refused. Staff signed in before the upgrade
  sign in again.
- `person.tablet_session_hash`: the same for a resident's session on the house tablet.

Revision ID: 0002_claims_and_sessions
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_claims_and_sessions"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("concern_alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tablet_session_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "staff_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_staff_session_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_session_token_hash")),
    )
    op.create_index("ix_staff_session_account", "staff_session", ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_staff_session_account", table_name="staff_session")
    op.drop_table("staff_session")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("tablet_session_hash")
    with op.batch_alter_table("concern_alert", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claim_token")
