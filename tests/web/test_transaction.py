"""One commit per request, after the view; a rollback on any error; GETs write nothing but
the access register. Checked with throwaway routes on a fresh app."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.security import public
from cohousing.staff.models import StaffAccount
from cohousing.web.actions import attempt
from cohousing.web.transaction import WriteOnSafeRequest, init_transactions


def _events(action: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


@pytest.fixture
def routes(fresh_app):
    """Routes that write an audit row and then return, fail, or write on GET."""
    bp = Blueprint("throwaway", __name__)

    @bp.post("/t/ok")
    @public
    def ok():
        record("test.ok")
        return "ok"

    @bp.post("/t/fails")
    @public
    def fails():
        record("test.fails")
        db.session.flush()
        abort(404)

    @bp.get("/t/reads")
    @public
    def reads():
        record("test.read")  # the access register: allowed on GET
        return "read"

    @bp.get("/t/writes")
    @public
    def writes():
        account = db.session.scalars(select(StaffAccount)).first()
        account.display_name = "Changed by a GET"
        db.session.flush()
        return "wrote"

    fresh_app.register_blueprint(bp)
    init_transactions(fresh_app)  # wrap the new views as create_app wraps the others
    return fresh_app.test_client()


def test_a_view_that_returns_is_committed_once(routes):
    assert routes.post("/t/ok").status_code == 200
    db.session.rollback()  # what is committed survives a rollback of this session
    assert _events("test.ok") == 1


def test_a_view_that_fails_leaves_nothing(routes):
    assert routes.post("/t/fails").status_code == 404
    assert _events("test.fails") == 0


def test_a_get_may_write_its_access_register_row(routes):
    assert routes.get("/t/reads").get_data(as_text=True) == "read"
    assert _events("test.read") == 1


def test_a_get_that_writes_anything_else_is_refused(routes, admin):
    with pytest.raises(WriteOnSafeRequest, match="StaffAccount"):
        routes.get("/t/writes")
    db.session.rollback()
    assert db.session.get(StaffAccount, admin.id).display_name == "Ada Admin"


def test_every_view_of_the_app_is_wrapped(app):
    assert all(getattr(view, "commits_once", False) for view in app.view_functions.values())


def test_attempt_undoes_what_a_refused_service_flushed(app, admin):
    def refused():
        db.session.get(StaffAccount, admin.id).display_name = "Half saved"
        db.session.flush()
        raise RuleError("no", "display_name")

    with app.test_request_context(method="POST"), pytest.raises(RuleError) as error:
        attempt(refused)
    assert error.value.errors == {"display_name": "no"}
    db.session.expire_all()
    assert db.session.get(StaffAccount, admin.id).display_name == "Ada Admin"


def _audit_actions() -> set[str]:
    return set(db.session.scalars(select(AuditEvent.action)))


def _refused_after(action: str):
    def refused():
        record(action)
        db.session.flush()
        raise RuleError("no", "field")

    return refused


def test_attempt_keeps_what_the_request_wrote_before_it(app):
    with app.test_request_context(method="POST"):
        db.session.commit()
        record("test.before")
        db.session.flush()
        with pytest.raises(RuleError):
            attempt(_refused_after("test.inside"))
        assert {"test.before"} <= _audit_actions()
        assert "test.inside" not in _audit_actions()


def test_attempt_on_a_clean_transaction_needs_no_savepoint(app):
    """Nothing written before the service: a refusal rolls the transaction back, and no
    savepoint is opened (two statements fewer on every write); after a write, one is."""
    nested: list[bool] = []

    def done():
        nested.append(db.session().in_nested_transaction())
        record("test.done")

    with app.test_request_context(method="POST"):
        db.session.commit()
        with pytest.raises(RuleError):
            attempt(_refused_after("test.refused"))
        assert "test.refused" not in _audit_actions()
        db.session.commit()
        attempt(done)
        assert "test.done" in _audit_actions()
        attempt(done)  # the request has written: this one runs in a savepoint
    assert nested == [False, True]
