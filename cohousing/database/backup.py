"""Backups an operator can restore: `flask cohousing backup` and `flask cohousing restore`.

SQLite: the online backup API of sqlite3 (a consistent copy while the app runs), written as
a single file (no WAL beside it). PostgreSQL: `pg_dump --format=custom`, restored with
`pg_restore --single-transaction` (all or nothing), both of the server's own major version,
with the URL's credentials passed in the environment (PGPASSWORD…), never as arguments.

A backup holds health data: the file is created with mode 0600 (owner only), written under
a temporary name and linked into place only when complete, and never over an existing file.
A restore goes into an EMPTY database only, so it never mixes two databases' rows.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

BACKUP_MODE = 0o600  # health data: the owner only
FOLDER_MODE = 0o700
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
POSTGRES_BIN = Path("/usr/lib/postgresql")  # Debian/Ubuntu: one bin/ per major version
# The URL's query options that libpq also reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "host": "PGHOST",  # ?host=/run/postgresql: a Unix socket
    "port": "PGPORT",
}
# Tables, views, sequences and types outside the system schemas.
POSTGRES_OBJECTS = """
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%')
     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype IN ('e', 'd', 'r', 'm')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema'))
"""


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


@dataclass(frozen=True)
class SchemaState:
    """Where a database's migrations stand: its alembic revision and the newest one."""

    revision: str | None
    head: str | None

    @property
    def at_head(self) -> bool:
        return self.revision is not None and self.revision == self.head


def default_name(engine: Engine, moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    suffix = "sqlite3" if engine.dialect.name == "sqlite" else "pgdump"
    return f"cohousing-{moment:%Y%m%d-%H%M%S}.{suffix}"


def target_path(engine: Engine, to: Path | None, default_folder: Path) -> Path:
    """`--to` as given; a folder (or nothing: `default_folder`) gets a dated file name."""
    folder = default_folder if to is None else to
    if to is not None and not to.is_dir():
        return to
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return folder / default_name(engine)


def backup(engine: Engine, to: Path) -> Path:
    """Write a backup of the engine's database to `to` (which must not exist yet)."""
    if to.exists():
        raise BackupError(f"{to} already exists; choose another file.")
    if not to.parent.is_dir():
        raise BackupError(f"The folder {to.parent} does not exist.")
    with _private_file(to) as partial:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
        elif engine.dialect.name == "postgresql":
            _pg_dump(engine, partial)
        else:
            raise BackupError(f"No backup for {engine.dialect.name} databases.")
    return to


def restore(engine: Engine, source: Path) -> None:
    """Load a backup into the engine's database, which must be empty (no tables at all)."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if not is_empty(engine):
        raise BackupError(
            "The database is not empty: restore only into a new, empty database "
            "(create one and point DATABASE_URL at it)."
        )
    with source.open("rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    if engine.dialect.name == "sqlite":
        if not magic.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup.")
        _sqlite_restore(engine, source)
    elif engine.dialect.name == "postgresql":
        if not magic.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{source} is not a PostgreSQL backup (pg_dump custom format).")
        _pg_restore(engine, source)
    else:
        raise BackupError(f"No restore for {engine.dialect.name} databases.")


def is_empty(engine: Engine) -> bool:
    """No table, view, sequence or type of ours: nothing a restore could collide with."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT count(*) FROM sqlite_master"
        else:
            query = POSTGRES_OBJECTS
        return connection.execute(text(query)).scalar_one() == 0


def schema_state(engine: Engine, migrations: Path) -> SchemaState:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    return SchemaState(revision, ScriptDirectory(str(migrations)).get_current_head())


# --- files --------------------------------------------------------------------------------


@contextmanager
def _private_file(target: Path) -> Iterator[Path]:
    """A new 0600 file beside `target`, linked to `target` when the block succeeds."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, BACKUP_MODE)
    try:
        os.fchmod(fd, BACKUP_MODE)  # whatever the umask
        os.close(fd)
        yield partial
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, BACKUP_MODE)
        try:
            os.link(partial, target)  # fails if `target` appeared meanwhile: never overwrite
        except FileExistsError:
            raise BackupError(f"{target} already exists; choose another file.") from None
    finally:
        partial.unlink(missing_ok=True)


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_backup(engine: Engine, partial: Path) -> None:
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        raw.close()


def _sqlite_restore(engine: Engine, source: Path) -> None:
    backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup_copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged (SQLite integrity check failed).")
        raw = engine.raw_connection()
        try:
            backup_copy.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        backup_copy.close()


# --- PostgreSQL ---------------------------------------------------------------------------


def pg_environment(url: URL) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: this process's, without inherited PG*
    settings (the URL alone says where), plus the URL's parts as libpq variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k == "PGPASSFILE"}
    parts = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for key, value in url.query.items():
        if key not in LIBPQ_OPTIONS:
            raise BackupError(f"The database URL option {key!r} is not supported for backups.")
        parts[LIBPQ_OPTIONS[key]] = value if isinstance(value, str) else value[-1]
    env.update({k: str(v) for k, v in parts.items() if v})
    return env


def server_major(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def pg_tool(engine: Engine, name: str) -> Path:
    """`pg_dump` or `pg_restore` of the server's major version (an older one cannot dump a
    newer server, a newer dump may not restore with an older tool)."""
    major = server_major(engine)
    packaged = POSTGRES_BIN / str(major) / "bin" / name
    if packaged.is_file():
        return packaged
    found = shutil.which(name)
    if found and tool_major(Path(found)) == major:
        return Path(found)
    raise BackupError(
        f"{name} of PostgreSQL {major} was not found (the server's version): install the "
        f"PostgreSQL {major} client tools (Debian: postgresql-client-{major})."
    )


def tool_major(tool: Path) -> int | None:
    answer = subprocess.run(  # noqa: S603 (a tool path we found, no shell)
        [tool, "--version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"\s(\d+)(?:\.\d+)?", answer.stdout)
    return int(found.group(1)) if found else None


def _run(command: list[str | Path], engine: Engine, **kwargs) -> None:
    answer = subprocess.run(  # noqa: S603 (pg_dump/pg_restore we found, no shell)
        command, env=pg_environment(engine.url), stderr=subprocess.PIPE, check=False, **kwargs
    )
    if answer.returncode != 0:
        said = answer.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"{Path(command[0]).name} failed: {said}")


def _pg_dump(engine: Engine, partial: Path) -> None:
    tool = pg_tool(engine, "pg_dump")
    with partial.open("wb") as out:  # stays 0600: opened, not created
        _run([tool, "--format=custom", "--no-password"], engine, stdout=out)


def _pg_restore(engine: Engine, source: Path) -> None:
    tool = pg_tool(engine, "pg_restore")
    command = [tool, "--no-password", "--exit-on-error", "--single-transaction"]
    command += ["--no-owner", "--no-privileges", f"--dbname={engine.url.database}", source]
    _run(command, engine, stdout=subprocess.DEVNULL)
