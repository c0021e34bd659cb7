"""/healthz and /readyz for a load balancer: public, cheap, writing nothing, in no register."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from cohousing import create_app
from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.web.health import migration_heads
from config import TestConfig


def _register_rows() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def _stamp(revision: str) -> None:
    """What `flask db upgrade` leaves behind, inside the test's transaction (rolled back)."""
    db.session.execute(
        text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    )
    db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
    db.session.commit()


def _head(app) -> str:
    (head,) = migration_heads(app.extensions["migrate"].directory)
    return head


def test_healthz_answers_without_the_database_or_a_session(client, count_queries):
    with count_queries() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert statements == []  # no tablet, no staff account, no household is loaded
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_database_made_by_create_all_is_not_ready(client):
    """The tests' schema comes from create_all: no Alembic revision, so not ready (503)."""
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "ok",
        "migrations": "not applied",
    }


def test_ready_when_the_database_is_at_the_migrations_head(app, client, count_queries):
    _stamp(_head(app))
    with count_queries() as statements:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "at head"}
    assert len(statements) <= 3  # is the table there, its revision: cheap


@pytest.mark.parametrize(
    ("revision", "state"), [("0001_foundation", "behind"), ("9999_future", "unknown revision")]
)
def test_not_ready_when_the_schema_is_not_the_head(client, revision, state):
    _stamp(revision)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["migrations"] == state


def test_not_ready_when_the_database_does_not_answer(tmp_path):
    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3"

    app = create_app(Unreachable)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert app.test_client().get("/healthz").status_code == 200  # the process is still up


def test_probes_are_public_and_stay_out_of_the_access_register(
    client, login, worker, enrolled_client, household
):
    tablet = enrolled_client(household)
    staff = login(worker)
    before = _register_rows()
    for c in (client, staff, tablet):
        for url in ("/healthz", "/readyz"):
            response = c.get(url)
            assert response.status_code in (200, 503) and response.is_json, url
    assert _register_rows() == before
