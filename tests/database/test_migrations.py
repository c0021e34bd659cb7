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
from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import URL

from cohousing import ROOT, create_app
from cohousing.extensions import db
from config import TestConfig

pytestmark = pytest.mark.no_db_transaction

MIGRATIONS = ROOT / "migrations"


def _admin_connection(url: URL):
    """An autocommit connection to the server's `postgres` database (CREATE/DROP DATABASE)."""
    import psycopg

    conninfo = url.set(drivername="postgresql", database="postgres")
    return psycopg.connect(conninfo.render_as_string(hide_password=False), autocommit=True)


def _recreate_postgres_database(url: URL) -> None:
    from psycopg import sql

    with _admin_connection(url) as conn:
        name = sql.Identifier(url.database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _drop_postgres_database(url: URL) -> None:
    from psycopg import sql

    with _admin_connection(url) as conn:
        name = sql.Identifier(url.database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _empty_database_url(tmp_path: Path) -> URL:
    base = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    if base.get_backend_name() == "postgresql":
        return base.set(database=f"{base.database}_migrations")
    return make_url(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app whose database exists and has no tables at all."""
    url = _empty_database_url(tmp_path)
    is_postgres = url.get_backend_name() == "postgresql"
    if is_postgres:
        _recreate_postgres_database(url)
    config = type(
        "MigrationTestConfig",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False)},
    )
    app = create_app(config)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if is_postgres:
            _drop_postgres_database(url)


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
