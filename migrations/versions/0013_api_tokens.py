"""API tokens of an organisation, and the register row's token.

- `api_token`: name, scopes, the secret's sha256 and first characters, expiry, who made it,
  when it was revoked. The secret itself is never stored.
- `audit_event.api_token_id`: the token of an API call, so a token's last use is its newest
  register row (a GET writes only its register row).

Revision ID: 0013_api_tokens
Revises: 0011_reminders_and_alerts
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_api_tokens"
down_revision = "0011_reminders_and_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_api_token_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_account.id"],
            name=op.f("fk_api_token_created_by_id_staff_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_api_token_secret_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_token_organisation_id"), ["organisation_id"], unique=False
        )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_token_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_audit_event_api_token_id_api_token"),
            "api_token",
            ["api_token_id"],
            ["id"],
        )
        batch_op.create_index(
            "ix_audit_event_api_token_at", ["api_token_id", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_api_token_at")
        batch_op.drop_constraint(
            batch_op.f("fk_audit_event_api_token_id_api_token"), type_="foreignkey"
        )
        batch_op.drop_column("api_token_id")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_organisation_id"))
    op.drop_table("api_token")
