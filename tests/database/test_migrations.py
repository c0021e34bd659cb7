"""The migrations build exactly the schema the models describe, and take it down again.

Runs on an empty database of its own (a temp SQLite file, or `<test db>_migrations` on
PostgreSQL), never on the per-test transaction the other tests share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from cohousing import ROOT
from cohousing.extensions import db
from tests.fixtures.databases import app_on_own_database, own_database_url

pytestmark = pytest.mark.no_db_transaction

MIGRATIONS = ROOT / "migrations"


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app whose database exists and has no tables at all."""
    with app_on_own_database(own_database_url(tmp_path, "migrations")) as app:
        yield app


def _table_names(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_database_starts_empty(empty_app):
    assert _table_names(empty_app) == set()


def test_upgrade_head_builds_the_models_schema(empty_app):
    with empty_app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert differences == [], (
        "The models and the migrations differ; add a revision "
        "(flask --app cohousing db revision --autogenerate -m '...'): "
        f"{differences}"
    )
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert version == head
    assert set(db.metadata.tables) <= _table_names(empty_app)


def test_downgrade_base_removes_every_table(empty_app):
    with empty_app.app_context():
        upgrade(directory=str(MIGRATIONS))
        downgrade(directory=str(MIGRATIONS), revision="base")
    assert _table_names(empty_app) <= {"alembic_version"}


def test_revisions_form_one_line_with_readable_ids():
    scripts = ScriptDirectory(str(MIGRATIONS))
    assert len(scripts.get_heads()) == 1, "two heads: merge them (flask db merge heads)"
    revisions = list(scripts.walk_revisions())
    for revision in revisions:
        assert re.fullmatch(r"\d{4}_[a-z0-9_]+", revision.revision), revision.revision
        assert Path(revision.path).name == f"{revision.revision}.py"
    assert revisions[-1].revision.startswith("0001_")
