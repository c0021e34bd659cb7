"""Organisations: each household and staff account belongs to one.

- `organisation`: name, kind and its own settings (emergency and local help numbers,
  escalation time, retention periods, mail sender; empty means the installation default).
- `household.organisation_id` (not null) and `staff_account.organisation_id` (null only for
  the installation admin).

The upgrade moves the existing data: it creates one organisation (named by
COHOUSING_FIRST_ORGANISATION, "Organizzazione principale" when unset), and puts every
household and every staff account except the admins in it. The admins stay the
installation's: they create the organisations' own admins on the Staff page.

Revision ID: 0009_organisations
Revises: 0008_household_summaries
"""

import os

import sqlalchemy as sa
from alembic import op

revision = "0009_organisations"
down_revision = "0008_household_summaries"
branch_labels = None
depends_on = None

FIRST_ORGANISATION = "Organizzazione principale"


def upgrade() -> None:
    organisation = op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "municipality",
                "foundation",
                "health_authority",
                "housing_company",
                name="organisationkind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("emergency_number", sa.String(length=20), nullable=False),
        sa.Column("help_numbers", sa.Text(), nullable=False),
        sa.Column("escalate_after_minutes", sa.Integer(), nullable=True),
        sa.Column("retention_checkin_notes_months", sa.Integer(), nullable=True),
        sa.Column("retention_checkin_scores_months", sa.Integer(), nullable=True),
        sa.Column("retention_concerns_months", sa.Integer(), nullable=True),
        sa.Column("retention_visit_notes_months", sa.Integer(), nullable=True),
        sa.Column("mail_from", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "escalate_after_minutes IS NULL OR escalate_after_minutes >= 1",
            name=op.f("ck_organisation_escalation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    bind = op.get_bind()
    needs_one = bind.execute(
        sa.text("SELECT EXISTS (SELECT 1 FROM household) OR EXISTS (SELECT 1 FROM staff_account)")
    ).scalar()
    first_id = None
    if needs_one:
        name = os.environ.get("COHOUSING_FIRST_ORGANISATION", "").strip() or FIRST_ORGANISATION
        first_id = bind.execute(
            organisation.insert()
            .values(
                name=name[:120],
                kind="municipality",
                emergency_number="",
                help_numbers="",
                mail_from="",
                created_at=sa.func.current_timestamp(),
            )
            .returning(organisation.c.id)
        ).scalar_one()
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    if first_id is not None:
        values = {"org": first_id}
        bind.execute(sa.text("UPDATE household SET organisation_id = :org"), values)
        bind.execute(
            sa.text("UPDATE staff_account SET organisation_id = :org WHERE role <> 'admin'"),
            values,
        )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_household_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_household_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
        )
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_account_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_staff_account_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_staff_account_organisation_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_staff_account_organisation_id"))
        batch_op.drop_column("organisation_id")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_household_organisation_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_household_organisation_id"))
        batch_op.drop_column("organisation_id")
    # Organisation admins have no organisation to manage any more: they become workers,
    # who see nothing until linked (never installation admins by accident).
    op.execute("UPDATE staff_account SET role = 'worker' WHERE role = 'org_admin'")
    op.drop_table("organisation")
