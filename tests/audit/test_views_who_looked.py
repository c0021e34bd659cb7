"""What the register keeps of staff looking at a resident (their wellbeing, visit notes,
goals, the household summary), and the resident's own "who looked at me" page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.services import add_goal
from cohousing.wellbeing.models import ConcernKind
from cohousing.wellbeing.services import raise_concern


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
        assert "2" not in re.sub(r"[#/]\d+", "", event.detail)  # no rating leaks (ids aside)


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
    assert "Walter Operatore (worker) read the notes of a visit, today at 10:00" in text
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


def test_who_looked_needs_the_resident_signed_in(client, enrolled_client, hf_flat):
    response = enrolled_client(hf_flat).get("/tablet/who-looked")
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/")
    response = client.get("/tablet/who-looked")
    assert response.status_code == 303 and "/tablet/enrol" in response.headers["Location"]
