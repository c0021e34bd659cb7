"""The register without HTTP: rows are append-only; the filter; safe CSV cells."""

from __future__ import annotations

from datetime import date

import pytest

from cohousing.audit.models import AuditEvent, AuditIsAppendOnly
from cohousing.audit.services import AuditFilter, record, safe_cell
from cohousing.extensions import db


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(app):
    with app.test_request_context():
        event = record("test.action", detail="kept")
        db.session.commit()
    event.detail = "changed"
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).detail == "kept"


def test_a_record_outside_a_request_is_the_systems(app):
    event = record("test.system", detail="x" * 300)
    db.session.flush()
    assert (event.actor_role, event.staff_id, event.ip_address, len(event.detail)) == (
        "system",
        None,
        "",
        200,
    )


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+39", "'+39"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("", ""),
        ("Casa = casa", "Casa = casa"),
        ("2026-11-25T09:00:00+00:00", "2026-11-25T09:00:00+00:00"),
    ],
)
def test_safe_cell(cell, safe):
    assert safe_cell(cell) == safe


def test_the_filter_as_link_values_holds_only_what_it_understood():
    chosen = AuditFilter(
        staff_id=3, household_id=None, action="visit.viewed", since=date(2026, 1, 2)
    )
    assert chosen.as_args() == {"staff": "3", "action": "visit.viewed", "since": "2026-01-02"}
    assert AuditFilter().as_args() == {}
