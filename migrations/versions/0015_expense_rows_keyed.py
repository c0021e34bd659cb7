"""The payers and shares of an expense keyed by (expense, person), without an id of their own.

Their rows are known before they are written, so the ORM sends all of an expense's shares
in one INSERT; with an id made by the database, SQLite needed one INSERT … RETURNING per
row. Nothing referred to those ids. The old unique key on (expense, person) becomes the
primary key; the rows stay as they are.

Revision ID: 0015_expense_rows_keyed
Revises: 0014_all_fine
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_expense_rows_keyed"
down_revision = "0014_all_fine"
branch_labels = None
depends_on = None

TABLES = ("expense_payer", "expense_share")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, recreate="auto") as batch:
            batch.drop_constraint(f"uq_{table}_expense_id", type_="unique")
            batch.drop_column("id")  # and its primary key with it
            batch.create_primary_key(f"pk_{table}", ["expense_id", "person_id"])


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgres:
            op.drop_constraint(f"pk_{table}", table, type_="primary")
            op.execute(f"ALTER TABLE {table} ADD COLUMN id SERIAL")
            op.create_primary_key(f"pk_{table}", table, ["id"])
            op.create_unique_constraint(
                f"uq_{table}_expense_id", table, ["expense_id", "person_id"]
            )
        else:  # the copy numbers the rows: an INTEGER primary key is SQLite's rowid
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.add_column(sa.Column("id", sa.Integer(), nullable=False))
                batch.create_primary_key(f"pk_{table}", ["id"])
                batch.create_unique_constraint(
                    f"uq_{table}_expense_id", ["expense_id", "person_id"]
                )
