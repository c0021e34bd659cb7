"""The access register: admins filter and export it; residents see who looked at them;
every staff view of a resident's wellbeing, visit notes or goals writes a record."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.goals import add_goal
from cohousing.wellbeing.concerns import raise_concern
from cohousing.wellbeing.models import ConcernKind


@pytest.fixture
def looked_at(app, hf_flat, worker, add_visit):
    """A visit, a goal and a concern about Elena in the Housing First flat."""
    elena = current_residents(hf_flat)[0]
    visit = add_visit(hf_flat, person_id=elena.id, ratings={"safety": 2}, staff=worker)
    with app.test_request_context():
        add_goal(
            hf_flat,
            person_id=elena.id,
            title="Cook",
            steps="",
            review_on=hf_flat.today() + timedelta(days=5),
            staff=worker,
        )
        concern = raise_concern(hf_flat, ConcernKind.OTHER, person_id=elena.id)
        db.session.commit()
    return elena, visit, concern


def _staff_views(hf_flat, visit, concern) -> list[str]:
    return [
        f"/households/{hf_flat.id}/wellbeing",
        f"/concerns/{concern.id}",
        f"/households/{hf_flat.id}/visits/{visit.id}",
        f"/households/{hf_flat.id}/goals",
        f"/dashboard/households/{hf_flat.id}",
    ]


def test_every_staff_view_of_a_residents_details_writes_a_record(
    client, login, worker, hf_flat, looked_at
):
    elena, visit, concern = looked_at
    login(worker)
    for url in _staff_views(hf_flat, visit, concern):
        before = db.session.scalar(select(func.max(AuditEvent.id)))
        response = client.get(url)
        assert response.status_code == 200, url
        new = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
        about_elena = [e for e in new if e.subject_person_id == elena.id]
        assert about_elena, url
        event = about_elena[0]
        assert (event.staff_id, event.actor_role, event.household_id) == (
            worker.id,
            "worker",
            hf_flat.id,
        )
        assert event.ip_address == "127.0.0.1"
        assert "2" not in event.detail.replace(f"#{visit.id}", "")  # no rating leaks


def test_unlinked_workers_see_nothing_and_only_the_refusal_is_recorded(
    client, login, other_worker, hf_flat, looked_at
):
    _elena, visit, concern = looked_at
    login(other_worker)
    before = db.session.scalar(select(func.max(AuditEvent.id)))
    for url in _staff_views(hf_flat, visit, concern):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Cook" not in response.get_data(as_text=True)
    new = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
    assert {e.action for e in new} == {"access.refused"}
    assert len(new) == 5


def test_the_resident_sees_who_looked_in_plain_words(
    client, login, worker, hf_flat, looked_at, resident_client
):
    elena, visit, _concern = looked_at
    login(worker)
    client.get(f"/households/{hf_flat.id}/visits/{visit.id}")
    client.get(f"/households/{hf_flat.id}/wellbeing")
    tablet = resident_client(hf_flat, elena, "2468")
    today = tablet.get("/tablet/today").get_data(as_text=True)
    assert "/tablet/who-looked" in today
    page = tablet.get("/tablet/who-looked")
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Walter Operatore (worker) read the notes of a visit on Wednesday" in text
    assert "Walter Operatore (worker) looked at your check-ins" in text
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    wrote = tablet.get("/tablet/workers-wrote").get_data(as_text=True)
    assert "Call the landlord together." in wrote and "note safety" in wrote
    assert "Cook" in wrote
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before  # her own view


def test_who_looked_shows_only_this_resident_and_the_last_30_days(
    client, login, worker, hf_flat, looked_at, resident_client, clock
):
    elena, visit, _concern = looked_at
    franco = current_residents(hf_flat)[1]
    login(worker)
    client.get(f"/households/{hf_flat.id}/visits/{visit.id}")  # about Elena only
    franco_tablet = resident_client(hf_flat, franco, "1357")
    text = franco_tablet.get("/tablet/who-looked").get_data(as_text=True)
    assert "read the notes of a visit" not in text
    clock.advance(timedelta(days=31))
    elena_tablet = resident_client(hf_flat, elena, "2468")
    text = elena_tablet.get("/tablet/who-looked").get_data(as_text=True)
    assert "Nobody looked at your information in the last 30 days." in text


def test_admins_filter_page_and_export_the_register(app, login, admin, worker, hf_flat, looked_at):
    elena, visit, _concern = looked_at
    worker_client = login(worker, c=app.test_client())
    worker_client.get(f"/households/{hf_flat.id}/visits/{visit.id}")
    assert worker_client.get("/audit/").status_code == 403
    assert worker_client.get("/audit/export.csv").status_code == 403
    client = login(admin, c=app.test_client())
    page = client.get(f"/audit/?staff={worker.id}&action=visit.viewed")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<code>visit.viewed</code>" in html and "<code>household.created" not in html
    filtered = client.get(
        f"/audit/?household={hf_flat.id}&person={elena.id}&since=2026-11-25&until=2026-11-25"
    ).get_data(as_text=True)
    assert "Elena Neri" in filtered
    assert "No records match." in client.get("/audit/?since=2030-01-01").get_data(as_text=True)
    assert client.get("/audit/?since=not-a-date&page=999").status_code == 200
    export = client.get(f"/audit/export.csv?action=visit.viewed&household={hf_flat.id}")
    assert export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0][:3] == ["at_utc", "action", "staff"]
    assert {r[1] for r in rows[1:]} == {"visit.viewed"}
    assert all(r[2] == "Walter Operatore" and r[3] == "worker" for r in rows[1:])
    exported = db.session.scalar(select(AuditEvent).filter_by(action="audit.exported"))
    assert exported.staff_id == admin.id


def test_the_register_paginates(app, login, admin):
    from cohousing.audit.services import record

    with app.test_request_context():
        for n in range(120):
            record("test.action", detail=f"row {n}")
        db.session.commit()
    client = login(admin, c=app.test_client())
    first = client.get("/audit/?action=test.action").get_data(as_text=True)
    assert "Page 1 of 3" in first and "row 119" in first and "row 0<" not in first
    last = client.get("/audit/?action=test.action&page=3").get_data(as_text=True)
    assert "row 0<" in last


def test_the_register_cannot_be_changed_from_the_app(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(app):
    from cohousing.audit.models import AuditIsAppendOnly
    from cohousing.audit.services import record

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
