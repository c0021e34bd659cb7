"""The access register refuses changes on PostgreSQL; weekly check-in scores; erasure.

- `audit_event`: on PostgreSQL a trigger refuses every UPDATE and DELETE, unless the
  transaction set `cohousing.register_maintenance` to 'on' (only the retention job and an
  erasure do, `cohousing.audit.services.maintain`). SQLite has no such trigger: there the
  app's own guard is the only one.
- `checkin_week`: what retention keeps of check-ins past their period, one row per
  resident, household and week: how many, and the sum, lowest and highest mood.
- `person.erased_at`: when the person was erased on request (GDPR Art. 17).

Revision ID: 0005_register_and_retention
Revises: 0004_visit_subjects_and_consent
"""

import sqlalchemy as sa
from alembic import op


# The same statements as cohousing.audit.models (copied: a migration does not change later)
REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_refuse_changes() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('cohousing.register_maintenance', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'the access register (audit_event) cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
REFUSE_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_changes()
"""

revision = "0005_register_and_retention"
down_revision = "0004_visit_subjects_and_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkin_week",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("checkins", sa.Integer(), nullable=False),
        sa.Column("mood_sum", sa.Integer(), nullable=False),
        sa.Column("mood_min", sa.Integer(), nullable=False),
        sa.Column("mood_max", sa.Integer(), nullable=False),
        sa.CheckConstraint("checkins > 0", name=op.f("ck_checkin_week_checkins")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_checkin_week_household_id_household"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_checkin_week_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_week")),
        sa.UniqueConstraint(
            "person_id", "household_id", "week_start", name=op.f("uq_checkin_week")
        ),
    )
    with op.batch_alter_table("checkin_week", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checkin_week_household", ["household_id", "week_start"], unique=False
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_FUNCTION)
        op.execute(REFUSE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_refuse_changes()")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("checkin_week", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_week_household")
    op.drop_table("checkin_week")
