"""Staff sign-in that cannot be turned against its users.

- `staff_account.login_failures`, `login_failures_since` go: wrong passwords are counted
  by Flask-Limiter (per email, per client address, per known device), not in the account,
  so nobody can lock an account for everyone.
- `sign_in_warning`: the email telling an account's owner about many wrong passwords,
  one per account and hour, claimed by the scan job before it is sent.
- `staff_account.totp_secret`, `totp_enabled_at`, `totp_last_step`: the second factor
  (TOTP) and the last 30-second step a code was accepted for (no replay).
- `staff_recovery_code`: the ten recovery codes, as SHA-256, each used once.
- `identity_provider`: OpenID Connect providers staff sign in with (client secret
  encrypted), each of one organisation (none: the whole installation's).
- `staff_account.identity_provider_id`, `oidc_subject`: the provider's subject of a
  linked account, unique per provider.

Revision ID: 0010_staff_sign_in
Revises: 0009_organisations
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_staff_sign_in"
down_revision = "0009_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret_encrypted", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_identity_provider_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_provider")),
    )
    with op.batch_alter_table("staff_account") as batch:
        batch.drop_column("login_failures")
        batch.drop_column("login_failures_since")
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_enabled_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("identity_provider_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.create_foreign_key(
            op.f("fk_staff_account_identity_provider_id_identity_provider"),
            "identity_provider",
            ["identity_provider_id"],
            ["id"],
        )
        batch.create_unique_constraint(
            op.f("uq_staff_account_identity_provider_id"), ["identity_provider_id", "oidc_subject"]
        )
    op.create_table(
        "staff_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_account.id"],
            name=op.f("fk_staff_recovery_code_account_id_staff_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_recovery_code")),
    )
    op.create_index(
        "ix_staff_recovery_code_account", "staff_recovery_code", ["account_id"], unique=False
    )
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
    op.drop_index("ix_staff_recovery_code_account", table_name="staff_recovery_code")
    op.drop_table("staff_recovery_code")
    with op.batch_alter_table("staff_account") as batch:
        batch.drop_constraint(op.f("uq_staff_account_identity_provider_id"), type_="unique")
        batch.drop_constraint(
            op.f("fk_staff_account_identity_provider_id_identity_provider"), type_="foreignkey"
        )
        batch.drop_column("oidc_subject")
        batch.drop_column("identity_provider_id")
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_enabled_at")
        batch.drop_column("totp_secret")
        batch.add_column(
            sa.Column("login_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("login_failures_since", sa.DateTime(), nullable=True))
    op.drop_table("identity_provider")
