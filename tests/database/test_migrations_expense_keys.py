"""Payers and shares keyed by (expense, person): the rows survive the upgrade and the way
back, the key still refuses a second row for the same person, and after a downgrade the
rows have their own ids again and new ones get one."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cohousing.extensions import db
from tests.database import test_migrations
from tests.database.test_migrations_balances import LEDGER

MIGRATIONS = str(test_migrations.MIGRATIONS)
empty_app = test_migrations.empty_app  # the fixture: a database of its own with no tables

pytestmark = pytest.mark.no_db_transaction

ORGANISATION = (
    "INSERT INTO organisation (id, name, kind, emergency_number, help_numbers, mail_from,"
    " created_at) VALUES (1, 'Comune', 'municipality', '112', '', 'a@example.org',"
    " '2026-11-20 10:00:00')"
)
BEFORE, REVISION = "0014_all_fine", "0015_expense_rows_keyed"
ROWS = {
    "expense_payer": "SELECT expense_id, person_id, cents FROM expense_payer ORDER BY 1, 2",
    "expense_share": "SELECT expense_id, person_id, cents FROM expense_share ORDER BY 1, 2",
}


def rows() -> dict[str, list[tuple]]:
    """The rows, read in a transaction ended at once (a migration waits for none)."""
    found = {name: [tuple(r) for r in db.session.execute(text(sql))] for name, sql in ROWS.items()}
    db.session.rollback()
    return found


def test_the_rows_survive_the_new_key_both_ways(empty_app):
    with empty_app.app_context():
        upgrade(directory=MIGRATIONS, revision=BEFORE)
        db.session.execute(text(ORGANISATION))
        for statement in [
            LEDGER[0]
            .replace("created_at)", "created_at, organisation_id)")
            .replace("00')", "00', 1)"),
            *LEDGER[1:],
        ]:
            db.session.execute(text(statement))
        db.session.commit()
        before = rows()
        upgrade(directory=MIGRATIONS, revision=REVISION)
        assert rows() == before
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("INSERT INTO expense_share (expense_id, person_id, cents) VALUES (1, 1, 5)")
            )
        db.session.rollback()
        downgrade(directory=MIGRATIONS, revision=BEFORE)
        assert rows() == before
        ids = list(db.session.scalars(text("SELECT id FROM expense_share")))
        assert len(set(ids)) == len(ids) == 5 and None not in ids
        db.session.execute(
            text("INSERT INTO expense_share (expense_id, person_id, cents) VALUES (2, 3, 0)")
        )
        assert db.session.scalar(text("SELECT count(DISTINCT id) FROM expense_share")) == 6
        db.session.rollback()
        db.session.remove()
