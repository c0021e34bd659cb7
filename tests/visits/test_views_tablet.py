"""On the tablet, a resident reads what the workers wrote about them, and their goals:
never another resident's, never another household's."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.services import add_goal
from tests.fixtures.households import text


def test_a_resident_reads_visits_about_them_and_their_goals(
    app, hf_flat, worker, resident_client, add_visit
):
    elena, franco, _gino = current_residents(hf_flat)
    add_visit(hf_flat, staff=worker, ratings={"common_spaces": 2})
    add_visit(hf_flat, staff=worker, person_id=franco.id, ratings={"money": 5})
    with app.test_request_context():
        add_goal(
            hf_flat,
            person_id=elena.id,
            title="Enrol in a course",
            steps="",
            review_on=hf_flat.today() + timedelta(days=7),
            staff=worker,
        )
        add_goal(
            hf_flat,
            person_id=franco.id,
            title="Franco's goal",
            steps="",
            review_on=hf_flat.today() + timedelta(days=7),
            staff=worker,
        )
        db.session.commit()
    tablet = resident_client(hf_flat, elena, "2468")
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = tablet.get("/tablet/workers-wrote")
    page = text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Common spaces: 2 – worrying" in page and "note common_spaces" in page  # noqa: RUF001
    assert "Enrol in a course" in page and "Working on it" in page
    assert "note money" not in page and "Franco's goal" not in page
    after = db.session.scalar(select(func.count(AuditEvent.id)))
    assert after == before  # their own view is not audited


def test_staff_and_an_enrolled_tablet_without_a_resident_are_sent_away(
    login, worker, hf_flat, enrolled_client
):
    staff = login(worker)
    assert staff.get("/tablet/workers-wrote").status_code in (302, 303)
    device = enrolled_client(hf_flat)
    response = device.get("/tablet/workers-wrote")
    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/tablet/")
