"""Visit and goal screens: logging (plain and htmx), bad input kept, roles, other households."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import Goal, Visit


def _form(household, **changes) -> dict:
    today = household.today()
    data = {
        "kind": "home",
        "person_id": "",
        "visit_date": today.isoformat(),
        "visit_time": "09:30",
        "duration_minutes": "40",
        "staff_present": "Walter, Nadia",
        "agreed_actions": "Call the landlord about the boiler",
        "next_visit_on": (today + timedelta(days=7)).isoformat(),
        "home_tenancy_rating": "4",
        "home_tenancy_note": "The kitchen is clean",
        "safety_rating": "3",
        "safety_note": "",
    }
    data.update(changes)
    return data


def test_a_worker_logs_a_visit_and_reads_it(client, login, worker, hf_flat):
    login(worker)
    page = client.get(f"/households/{hf_flat.id}/visits/new")
    assert page.status_code == 200
    assert "The home and the tenancy" in page.get_data(as_text=True)
    assert "Note: Physical health" in page.get_data(as_text=True)
    response = client.post(f"/households/{hf_flat.id}/visits/new", data=_form(hf_flat))
    assert response.status_code == 303
    visit = db.session.scalar(select(Visit))
    assert visit.staff_present == "Walter, Nadia"
    assert {o.area: o.rating for o in visit.observations} == {"home_tenancy": 4, "safety": 3}
    detail = client.get(response.headers["Location"])
    text = detail.get_data(as_text=True)
    assert "The kitchen is clean" in text and "Call the landlord" in text
    viewed = db.session.scalars(select(AuditEvent).filter_by(action="visit.viewed")).all()
    assert {e.subject_person_id for e in viewed} == {p.id for p in current_residents(hf_flat)}
    assert all(e.staff_id == worker.id and e.actor_role == "worker" for e in viewed)


def test_htmx_logging_redirects_with_hx_redirect(client, login, worker, hf_flat):
    login(worker)
    response = client.htmx("post", f"/households/{hf_flat.id}/visits/new", data=_form(hf_flat))
    assert response.status_code == 204
    assert "/visits/" in response.headers["HX-Redirect"]
    assert db.session.scalar(select(func.count(Visit.id))) == 1


def test_a_rating_of_6_keeps_what_was_typed_and_saves_nothing(client, login, worker, hf_flat):
    login(worker)
    for rating in ("6", "0"):
        response = client.post(
            f"/households/{hf_flat.id}/visits/new", data=_form(hf_flat, safety_rating=rating)
        )
        text = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Choose a rating from 1 to 5." in text
        assert "The kitchen is clean" in text and "Walter, Nadia" in text
    assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_a_future_visit_is_refused_by_the_field_htmx(client, login, worker, hf_flat):
    login(worker)
    later = (hf_flat.today() + timedelta(days=3)).isoformat()
    response = client.htmx(
        "post",
        f"/households/{hf_flat.id}/visits/new",
        data=_form(hf_flat, visit_date=later, next_visit_on=""),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert text.lstrip().startswith('<form id="visit-form"')
    assert "this moment is in the future" in text
    assert db.session.scalar(select(func.count(Visit.id))) == 0


def test_a_next_visit_beyond_the_rhythm_is_refused(client, login, worker, hf_flat):
    login(worker)
    far = (hf_flat.today() + timedelta(days=20)).isoformat()
    response = client.post(
        f"/households/{hf_flat.id}/visits/new", data=_form(hf_flat, next_visit_on=far)
    )
    assert response.status_code == 422
    assert "every 7 days" in response.get_data(as_text=True)


def test_a_form_sent_twice_logs_one_visit(client, login, worker, hf_flat):
    login(worker)
    data = _form(hf_flat, submission_id="same-token-123")
    first = client.post(f"/households/{hf_flat.id}/visits/new", data=data)
    second = client.post(f"/households/{hf_flat.id}/visits/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(Visit.id))) == 1


def test_an_unlinked_worker_gets_404_and_only_the_refusal_is_written(
    client, login, other_worker, hf_flat, add_visit
):
    visit = add_visit(hf_flat)
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    login(other_worker)
    urls = [
        f"/households/{hf_flat.id}/visits",
        f"/households/{hf_flat.id}/visits/new",
        f"/households/{hf_flat.id}/visits/{visit.id}",
        f"/households/{hf_flat.id}/goals",
        f"/dashboard/households/{hf_flat.id}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "landlord" not in response.get_data(as_text=True)
    response = client.post(f"/households/{hf_flat.id}/visits/new", data=_form(hf_flat))
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Visit.id))) == 1
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > 0).order_by(AuditEvent.id)
    ).all()[before:]
    assert [e.action for e in events] == ["access.refused"] * (len(urls) + 1)
    assert all(e.staff_id == other_worker.id and e.household_id == hf_flat.id for e in events)


def test_the_visit_rhythm_is_for_managers(app, login, worker, coordinator, hf_flat):
    assert (
        login(worker, c=app.test_client())
        .get(f"/households/{hf_flat.id}/visits/rhythm")
        .status_code
        == 403
    )
    client = login(coordinator, c=app.test_client())
    assert client.get(f"/households/{hf_flat.id}/visits/rhythm").status_code == 200
    bad = client.post(f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": "200"})
    assert bad.status_code == 422
    assert "between 1 and 90" in bad.get_data(as_text=True)
    ok = client.post(f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": "10"})
    assert ok.status_code == 303
    page = client.get(f"/households/{hf_flat.id}/visits").get_data(as_text=True)
    assert "every 10 days" in page


def test_goals_are_added_listed_and_audited(client, login, worker, hf_flat, clock):
    elena = current_residents(hf_flat)[0]
    login(worker)
    bad = client.post(
        f"/households/{hf_flat.id}/goals",
        data={
            "person_id": str(elena.id),
            "title": "Find a course",
            "review_on": (hf_flat.today() - timedelta(days=2)).isoformat(),
        },
    )
    assert bad.status_code == 422
    assert "cannot be in the past" in bad.get_data(as_text=True)
    assert "Find a course" in bad.get_data(as_text=True)
    ok = client.post(
        f"/households/{hf_flat.id}/goals",
        data={
            "person_id": str(elena.id),
            "title": "Find a course",
            "steps": "Visit the library",
            "review_on": (hf_flat.today() + timedelta(days=14)).isoformat(),
        },
    )
    assert ok.status_code == 303
    goal = db.session.scalar(select(Goal))
    assert goal.title == "Find a course"
    clock.advance(timedelta(days=20))
    login(worker)  # the staff session ended after 30 idle minutes
    page = client.get(f"/households/{hf_flat.id}/goals").get_data(as_text=True)
    assert "Review date passed" in page
    viewed = db.session.scalars(select(AuditEvent).filter_by(action="goal.viewed")).all()
    assert viewed and all(e.subject_person_id == elena.id for e in viewed)
    review = client.post(
        f"/households/{hf_flat.id}/goals/{goal.id}/review", data={"status": "reached"}
    )
    assert review.status_code == 303
    assert goal.status.value == "reached"
