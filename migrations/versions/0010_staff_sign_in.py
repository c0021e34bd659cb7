"""Staff sign-in that cannot be turned against its users.

- `staff_account.login_failures`, `login_failures_since` go: wrong passwords are counted
  by Flask-Limiter (per email, per client address, per known device), not in the account,
  so nobody can lock an account for everyone.
- `sign_in_warning`: the email telling an account's owner about many wrong passwords,
  one per account and hour, claimed by the scan job before it is sent.

Revision ID: 0010_staff_sign_in
Revises: 0006_money_balances
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_staff_sign_in"
down_revision = "0006_money_balances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_account") as batch:
        batch.drop_column("login_failures")
        batch.drop_column("login_failures_since")
    op.create_table(
        "sign_in_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_sign_in_warning_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_warning")),
        sa.UniqueConstraint(
            "account_id", "window_start", name=op.f("uq_sign_in_warning_account_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("sign_in_warning")
    with op.batch_alter_table("staff_account") as batch:
        batch.add_column(
            sa.Column("login_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("login_failures_since", sa.DateTime(), nullable=True))
