"""`flask cohousing backup` and `restore`: a restore into an empty database gives the same
schema (migration check), the same rows and the same balances; the file is private.

Each test has databases of its own (temp SQLite files, or `<test db>_backup_*` databases
created and dropped on the PostgreSQL server of TEST_DATABASE_URL).
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import URL

from cohousing import ROOT
from cohousing.database import backup as backup_module
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.services import balances
from tests.fixtures.databases import ON_POSTGRES, app_on_own_database, own_database_url

pytestmark = pytest.mark.no_db_transaction

MIGRATIONS = ROOT / "migrations"
# Trust authentication on the test server accepts any password: enough to see where it goes.
PASSWORD = "not-on-the-command-line-7Q"
only_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL only")


def _url(tmp_path: Path, name: str) -> URL:
    url = own_database_url(tmp_path, f"backup_{name}")
    return url.set(password=PASSWORD) if ON_POSTGRES else url


def run(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["cohousing", *args])


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Flask]:
    """A database made by the migrations and filled with the demo (committed)."""
    with app_on_own_database(_url(tmp_path, "source")) as app:
        with app.app_context():
            upgrade(directory=str(MIGRATIONS))
            db.engine.dispose()
        result = run(app, "demo")
        assert result.exit_code == 0, result.output
        yield app


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Flask]:
    with app_on_own_database(_url(tmp_path, "restored")) as app:
        yield app


def snapshot(app: Flask) -> dict:
    """Rows per table, a digest of every table's content, and every household's balances."""
    with app.app_context():
        tables = {}
        with db.engine.connect() as connection:
            for name in sorted(db.metadata.tables):
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()  # noqa: S608
                content = "\n".join(sorted(repr(tuple(row)) for row in rows))
                tables[name] = (len(rows), hashlib.sha256(content.encode()).hexdigest())
        money = {
            household.id: balances(household)
            for household in db.session.scalars(select(Household).order_by(Household.id))
        }
        db.session.remove()
    return {"tables": tables, "balances": money}


def migration_check(app: Flask) -> tuple[list, str, str]:
    """What `tests/database/test_migrations.py` checks: schema equal to the models, and the
    alembic revision at head."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return differences, revision, ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_a_restore_into_an_empty_database_has_the_same_schema_rows_and_balances(
    source, empty, tmp_path
):
    path = tmp_path / "cohousing.backup"

    made = run(source, "backup", "--to", str(path))
    restored = run(empty, "restore", str(path))

    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert restored.exit_code == 0, restored.output
    differences, revision, head = migration_check(empty)
    assert differences == []
    assert revision == head
    assert f"migrations at {head}" in restored.output
    before, after = snapshot(source), snapshot(empty)
    assert after["tables"] == before["tables"]
    assert after["balances"] == before["balances"]
    assert any(any(cents for cents in b.values()) for b in before["balances"].values())
    assert before["tables"]["expense_share"][0] > 0 and before["tables"]["checkin"][0] > 0


def test_a_backup_to_a_folder_gets_a_dated_private_file_and_never_overwrites(source, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()

    first = run(source, "backup", "--to", str(folder))
    written = next(folder.iterdir())
    again = run(source, "backup", "--to", str(written))

    assert first.exit_code == 0, first.output
    assert written.name.startswith("cohousing-") and str(written) in first.output
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert again.exit_code != 0 and "already exists" in again.output
    assert [p.name for p in folder.iterdir()] == [written.name]  # no partial file left


def test_a_backup_without_to_goes_to_the_instance_folder(source):
    result = run(source, "backup")

    folder = Path(source.instance_path) / "backups"
    files = [p for p in folder.iterdir() if p.name in result.output]
    try:
        assert result.exit_code == 0, result.output
        assert len(files) == 1
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    finally:
        for path in files:
            path.unlink()


def test_a_restore_refuses_a_database_that_is_not_empty(source, tmp_path):
    path = tmp_path / "cohousing.backup"
    assert run(source, "backup", "--to", str(path)).exit_code == 0
    before = snapshot(source)

    result = run(source, "restore", str(path))

    assert result.exit_code != 0
    assert "not empty" in result.output
    assert snapshot(source) == before


def test_a_restore_refuses_a_file_that_is_not_a_backup_of_this_kind(empty, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")

    result = run(empty, "restore", str(path))

    assert result.exit_code != 0
    assert "is not a" in result.output
    with empty.app_context():
        assert inspect(db.engine).get_table_names() == []


@only_postgres
def test_pg_dump_and_pg_restore_are_the_servers_version(source):
    with source.app_context():
        major = backup_module.server_major(db.engine)
        tools = [backup_module.pg_tool(db.engine, name) for name in ("pg_dump", "pg_restore")]

    assert [backup_module.tool_major(tool) for tool in tools] == [major, major]


@only_postgres
def test_the_password_goes_by_environment_not_on_the_command_line(
    source, empty, tmp_path, monkeypatch
):
    calls = []
    real_run = subprocess.run

    def spy(command, *args, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(backup_module.subprocess, "run", spy)
    monkeypatch.setenv("PGDATABASE", "postgres")  # an inherited setting does not win
    path = tmp_path / "cohousing.backup"

    assert run(source, "backup", "--to", str(path)).exit_code == 0
    assert run(empty, "restore", str(path)).exit_code == 0

    used = [(c, env) for c, env in calls if Path(c[0]).name in ("pg_dump", "pg_restore")]
    assert [Path(c[0]).name for c, _ in used] == ["pg_dump", "pg_restore"]
    for command, env in used:
        assert not any(PASSWORD in str(part) for part in command)
        assert env["PGPASSWORD"] == PASSWORD
    assert used[0][1]["PGDATABASE"] == source.config["SQLALCHEMY_DATABASE_URI"].rsplit("/")[-1]
    assert os.environ["PGDATABASE"] == "postgres"
