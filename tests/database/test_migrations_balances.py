"""An upgraded database reads the right balances at once: the running-balances migration
fills them from the ledger that was already there (live expenses, payers, shares, payments;
deleted ones left out; the pot on its own)."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from cohousing.extensions import db
from tests.database import test_migrations

MIGRATIONS = test_migrations.MIGRATIONS
empty_app = test_migrations.empty_app  # the fixture: a database of its own with no tables

pytestmark = pytest.mark.no_db_transaction

REVISION = "0006_money_balances"
LEDGER = [
    "INSERT INTO household (id, name, kind, timezone, locale, tablet_idle_seconds, created_at)"
    " VALUES (1, 'Casa', 'family', 'Europe/Rome', 'it', 120, '2026-11-20 10:00:00')",
    "INSERT INTO person (id, display_name, avatar_colour, photo_version, pin_hash, pin_failures,"
    " pin_locks, created_at) VALUES (1, 'P1', '#000000', 0, 'x', 0, 0, '2026-11-20 10:00:00'),"
    " (2, 'P2', '#000000', 0, 'x', 0, 0, '2026-11-20 10:00:00'),"
    " (3, 'P3', '#000000', 0, 'x', 0, 0, '2026-11-20 10:00:00')",
    # €9 paid by 1, shared by the three; a deleted €30 paid by 2 counts nowhere
    "INSERT INTO expense (id, household_id, description, amount_cents, spent_on, category,"
    " split_kind, rotation_seq, created_at, deleted_at) VALUES"
    " (1, 1, 'Spesa', 900, '2026-11-01', 'groceries', 'equal', 1, '2026-11-20 10:00:00', NULL),"
    " (2, 1, 'Spesa', 3000, '2026-11-01', 'groceries', 'equal', 2, '2026-11-20 10:00:00',"
    " '2026-11-20 10:00:00')",
    "INSERT INTO expense_payer (id, expense_id, person_id, cents) VALUES (1, 1, 1, 900),"
    " (2, 2, 2, 3000)",
    "INSERT INTO expense_share (id, expense_id, person_id, cents) VALUES (1, 1, 1, 300),"
    " (2, 1, 2, 300), (3, 1, 3, 300), (4, 2, 1, 1500), (5, 2, 2, 1500)",
    # 2 pays 1 back €3; 3 puts €5 in the pot
    "INSERT INTO payment (id, household_id, from_person_id, to_person_id, cents, paid_on, note,"
    " created_at) VALUES (1, 1, 2, 1, 300, '2026-11-02', '', '2026-11-20 10:00:00'),"
    " (2, 1, 3, NULL, 500, '2026-11-03', '', '2026-11-20 10:00:00')",
]


def test_the_upgrade_fills_the_balances_from_the_ledger(empty_app):
    before = ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision
    with empty_app.app_context():
        upgrade(directory=str(MIGRATIONS), revision=before)
        for statement in LEDGER:
            db.session.execute(text(statement))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS), revision=REVISION)
        people = dict(db.session.execute(text("SELECT person_id, cents FROM money_balance")).all())
        pot = db.session.execute(text("SELECT household_id, cents FROM money_pot")).all()
        db.session.remove()
    assert people == {1: 300, 2: 0, 3: 200}
    assert [tuple(row) for row in pot] == [(1, -500)]
