"""Test set-up: one app and schema per run, one rolled-back transaction per test.

TEST_DATABASE_URL picks the database (SQLite in memory when unset). Every test runs inside
a transaction that is rolled back afterwards; the app's own commits become savepoints.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event

from cohousing import create_app
from cohousing.database import clock as app_clock
from cohousing.extensions import db
from config import TestConfig
from tests.fixtures.databases import BASE, ensure_database

pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.tablet",
    "tests.fixtures.households",
    "tests.fixtures.staff",
    "tests.fixtures.wellbeing",
    "tests.fixtures.money",
    "tests.fixtures.workers",
    "tests.fixtures.community",
    "tests.fixtures.chores",
    "tests.fixtures.scope",
    "tests.fixtures.jobs",
    "tests.fixtures.oidc",
    "tests.fixtures.api",
]

# 10:00 in Rome on a Wednesday: the moment every test starts at unless it moves the clock.
TEST_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class CSRFClient(FlaskClient):
    """A test client that sends a valid CSRF token with every unsafe request, as htmx does."""

    send_csrf = True

    def open(self, *args, **kwargs):
        if has_app_context():
            # Requests reuse the test's app context; give each one a fresh `g`, as in
            # production, so no signed-in user or CSRF token leaks between requests.
            g.__dict__.clear()
        method = (kwargs.get("method") or "GET").upper()
        headers = dict(kwargs.pop("headers", None) or {})
        if self.send_csrf and method not in ("GET", "HEAD", "OPTIONS"):
            headers.setdefault("X-CSRFToken", self.csrf_token())
        kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", os.urandom(20).hex())
        secret = self.application.config["SECRET_KEY"]
        return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)

    def htmx(self, method: str, url: str, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("HX-Request", "true")
        return self.open(url, method=method.upper(), headers=headers, **kwargs)


@pytest.fixture(scope="session")
def app():
    ensure_database(BASE)
    app = create_app(TestConfig)
    app.test_client_class = CSRFClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _db(request, app):
    """Each test in a transaction that is rolled back; app commits become savepoints."""
    if "no_db_transaction" in request.keywords:
        yield None
        return
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        sqlite_connection = connection.connection.dbapi_connection
        if engine.dialect.name == "sqlite" and not sqlite_connection.in_transaction:
            # pysqlite sends no BEGIN itself, and releasing a savepoint outside a transaction
            # commits it: open one, so the rollback below really undoes the test.
            connection.exec_driver_sql("BEGIN")
        engines[None] = connection
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield db
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture(autouse=True)
def _throttle(app):
    """Every test starts with empty sign-in buckets (Flask-Limiter's memory storage)."""
    from cohousing.staff.services.throttle import reset

    with app.app_context():
        reset()
    yield


@pytest.fixture(autouse=True)
def clock():
    """The app's clock, fixed at TEST_NOW; tests move it with clock.advance or set_now."""
    app_clock.set_now(TEST_NOW)
    yield app_clock
    app_clock.set_now(None)


@contextmanager
def counting_queries():
    """with counting_queries() as statements: ...; the SQL the block ran (savepoints left out)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def count_queries():
    """Query budgets: `with count_queries() as statements:` then assert on len(statements)."""
    return counting_queries


@pytest.fixture
def client(app) -> CSRFClient:
    return app.test_client()


@pytest.fixture
def client_without_csrf(app) -> CSRFClient:
    c = app.test_client()
    c.send_csrf = False
    return c
