"""Health checks for a load balancer: `/healthz` (the process answers) and `/readyz` (the
database answers and its schema is at the head of `migrations/`).

Both are public and cheap: the access check lets them through before identifying anyone
(no session, no tablet, no staff account is loaded), they write nothing and nothing goes
into the access register. The answer is a small JSON object that names no record.

A database made by `create_all` (the tests, a quick local try) has no `alembic_version`
table: `/readyz` says "not applied" and answers 503, as it would for a database nobody has
migrated. Run `flask db upgrade` (or `flask db stamp head` for a create_all database).
"""

from __future__ import annotations

import functools

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from cohousing.extensions import db

bp = Blueprint("health", __name__)

# The access check lets these through first, without loading anyone (security.access).
HEALTH_ENDPOINTS = frozenset({"health.healthz", "health.readyz"})


def _answer(code: int, **body: str):
    response = jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """The process is up and serving requests: nothing else is looked at."""
    return _answer(200, status="ok")


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and its revision is the migrations' head."""
    try:
        applied = database_revisions()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("readyz: the database does not answer")
        return _answer(503, status="unavailable", database="unreachable")
    heads = migration_heads(current_app.extensions["migrate"].directory)
    if applied == heads:
        return _answer(200, status="ok", database="ok", migrations="at head")
    if not applied:
        state = "not applied"
    elif applied <= _known_revisions(current_app.extensions["migrate"].directory):
        state = "behind"
    else:
        state = "unknown revision"  # a newer schema than this code knows
    return _answer(503, status="unavailable", database="ok", migrations=state)


def database_revisions() -> frozenset[str]:
    """The revisions recorded in the database's `alembic_version` (none: not migrated)."""
    connection = db.session.connection()
    if not inspect(connection).has_table("alembic_version"):
        return frozenset()
    return frozenset(connection.scalars(text("SELECT version_num FROM alembic_version")))


@functools.cache
def migration_heads(directory: str) -> frozenset[str]:
    """The head revisions of `migrations/`, read once per process."""
    return frozenset(ScriptDirectory(directory).get_heads())


@functools.cache
def _known_revisions(directory: str) -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory(directory).walk_revisions())
