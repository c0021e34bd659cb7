"""An upgraded database keeps working with organisations: the migration creates one and
puts every existing household and staff account in it, except the admins, who stay the
installation's. An empty database gets no organisation."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from cohousing.extensions import db
from tests.database import test_migrations

MIGRATIONS = test_migrations.MIGRATIONS
empty_app = test_migrations.empty_app  # the fixture: a database of its own with no tables

pytestmark = pytest.mark.no_db_transaction

REVISION = "0009_organisations"
STAFF = (
    "INSERT INTO staff_account (id, email, display_name, role, active, login_failures,"
    " created_at) VALUES (1, 'admin@example.org', 'Ada', 'admin', TRUE, 0,"
    " '2026-11-20 10:00:00'), (2, 'carla@example.org', 'Carla', 'coordinator', TRUE, 0,"
    " '2026-11-20 10:00:00'), (3, 'walter@example.org', 'Walter', 'worker', FALSE, 0,"
    " '2026-11-20 10:00:00')"
)
HOUSEHOLDS = (
    "INSERT INTO household (id, name, kind, timezone, locale, tablet_idle_seconds, created_at)"
    " VALUES (1, 'Casa', 'family', 'Europe/Rome', 'it', 120, '2026-11-20 10:00:00'),"
    " (2, 'Casa Due', 'elderly', 'Europe/Rome', 'it', 120, '2026-11-20 10:00:00')"
)


def _before() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision


def test_the_upgrade_moves_households_and_staff_into_one_organisation(empty_app):
    with empty_app.app_context():
        upgrade(directory=str(MIGRATIONS), revision=_before())
        db.session.execute(text(STAFF))
        db.session.execute(text(HOUSEHOLDS))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS), revision=REVISION)
        organisations = db.session.execute(text("SELECT id, name, kind FROM organisation")).all()
        households = db.session.execute(text("SELECT organisation_id FROM household")).all()
        staff = dict(
            db.session.execute(text("SELECT email, organisation_id FROM staff_account")).all()
        )
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision=_before())
        left = db.session.execute(text("SELECT count(*) FROM household")).scalar_one()
        db.session.remove()
    [(first_id, name, kind)] = organisations
    assert (name, kind) == ("Organizzazione principale", "municipality")
    assert [row[0] for row in households] == [first_id, first_id]
    assert staff == {
        "admin@example.org": None,  # the installation admin
        "carla@example.org": first_id,
        "walter@example.org": first_id,  # deactivated accounts too
    }
    assert left == 2  # the way down keeps the data


def test_an_empty_database_gets_no_organisation(empty_app):
    with empty_app.app_context():
        upgrade(directory=str(MIGRATIONS), revision=REVISION)
        count = db.session.execute(text("SELECT count(*) FROM organisation")).scalar_one()
        db.session.remove()
    assert count == 0
