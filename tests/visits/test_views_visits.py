"""Visit screens: logging (plain and htmx), bad input kept, roles, other households."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import Visit, VisitSchedule
from tests.fixtures.households import text


def count_visits() -> int:
    return db.session.scalar(select(func.count(Visit.id)))


def test_a_worker_logs_a_visit_and_reads_it(client, login, worker, hf_flat, visit_form):
    login(worker)
    page = client.get(f"/households/{hf_flat.id}/visits/new")
    assert page.status_code == 200
    assert "The home and the tenancy" in text(page)
    assert "Note: Common spaces" in text(page)
    assert "Physical health" not in text(page)  # a house visit: no per-person areas
    response = client.post(f"/households/{hf_flat.id}/visits/new", data=visit_form(hf_flat))
    assert response.status_code == 303
    visit = db.session.scalar(select(Visit))
    assert visit.staff_present == "Walter, Nadia" and visit.person_id is None
    assert {o.area: o.rating for o in visit.observations} == {"home_tenancy": 4, "common_spaces": 3}
    detail = text(client.get(response.headers["Location"]))
    assert "The kitchen is clean" in detail and "Call the landlord" in detail
    assert "The visit is saved." in detail
    viewed = db.session.scalars(select(AuditEvent).filter_by(action="visit.viewed")).all()
    assert {e.subject_person_id for e in viewed} == {p.id for p in current_residents(hf_flat)}
    assert all(e.staff_id == worker.id and e.actor_role == "worker" for e in viewed)


def test_a_visit_about_one_resident(client, login, worker, hf_flat, visit_form):
    elena = current_residents(hf_flat)[0]
    login(worker)
    response = client.post(
        f"/households/{hf_flat.id}/visits/new", data=visit_form(hf_flat, person_id=str(elena.id))
    )
    assert response.status_code == 303
    assert db.session.scalar(select(Visit.person_id)) == elena.id
    listing = text(client.get(f"/households/{hf_flat.id}/visits"))
    assert "Elena Neri" in listing


def test_htmx_logging_redirects_and_the_detail_is_a_fragment(
    client, login, worker, hf_flat, visit_form
):
    login(worker)
    response = client.htmx("post", f"/households/{hf_flat.id}/visits/new", data=visit_form(hf_flat))
    assert response.status_code == 204
    assert "/visits/" in response.headers["HX-Redirect"]
    assert count_visits() == 1
    fragment = client.htmx("get", response.headers["HX-Redirect"])
    assert text(fragment).lstrip().startswith("<article") and "Vary" in fragment.headers


def test_a_rating_of_6_keeps_what_was_typed_and_saves_nothing(
    client, login, worker, hf_flat, visit_form
):
    login(worker)
    for rating in ("6", "0"):
        response = client.post(
            f"/households/{hf_flat.id}/visits/new",
            data=visit_form(hf_flat, common_spaces_rating=rating),
        )
        assert response.status_code == 422
        assert "Choose a rating from 1 to 5." in text(response)
        assert "The kitchen is clean" in text(response) and "Walter, Nadia" in text(response)
    assert count_visits() == 0


def test_a_future_visit_is_refused_by_the_day_field_htmx(
    client, login, worker, hf_flat, visit_form
):
    login(worker)
    later = (hf_flat.today() + timedelta(days=3)).isoformat()
    response = client.htmx(
        "post",
        f"/households/{hf_flat.id}/visits/new",
        data=visit_form(hf_flat, visit_date=later, next_visit_on=""),
    )
    page = text(response)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="visit-form"')
    assert "this moment is in the future" in page
    day_field = page.split('name="visit_date"')[1].split('name="visit_time"')[0]
    assert "this moment is in the future" in day_field  # by the day, not at the top
    assert count_visits() == 0


def test_a_next_visit_beyond_the_rhythm_is_refused(client, login, worker, hf_flat, visit_form):
    login(worker)
    far = (hf_flat.today() + timedelta(days=20)).isoformat()
    response = client.post(
        f"/households/{hf_flat.id}/visits/new", data=visit_form(hf_flat, next_visit_on=far)
    )
    assert response.status_code == 422
    assert "every 7 days" in text(response)
    assert count_visits() == 0


def test_a_form_sent_twice_logs_one_visit(client, login, worker, hf_flat, visit_form):
    login(worker)
    data = visit_form(hf_flat, submission_id="same-token-123")
    first = client.post(f"/households/{hf_flat.id}/visits/new", data=data)
    second = client.post(f"/households/{hf_flat.id}/visits/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert count_visits() == 1


def test_an_unlinked_worker_gets_404_and_only_the_refusal_is_written(
    client, login, other_worker, hf_flat, add_visit, visit_form
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
        assert "landlord" not in text(response)
    response = client.post(f"/households/{hf_flat.id}/visits/new", data=visit_form(hf_flat))
    assert response.status_code == 404
    assert count_visits() == 1
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > 0).order_by(AuditEvent.id)
    ).all()[before:]
    assert [e.action for e in events] == ["access.refused"] * (len(urls) + 1)
    assert all(e.staff_id == other_worker.id and e.household_id == hf_flat.id for e in events)


def test_a_visit_of_another_household_is_404_under_ours(
    client, login, worker, hf_flat, other_household, add_visit, household
):
    theirs = add_visit(other_household)
    login(worker)
    response = client.get(f"/households/{hf_flat.id}/visits/{theirs.id}")
    assert response.status_code == 404 and "landlord" not in text(response)
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "visit.viewed")) == 0


def test_residents_and_anonymous_are_sent_away(app, hf_flat, resident_client, add_visit):
    visit = add_visit(hf_flat)
    elena = current_residents(hf_flat)[0]
    tablet = resident_client(hf_flat, elena, "2468")
    anonymous = app.test_client()
    for client in (tablet, anonymous):
        for url in (
            f"/households/{hf_flat.id}/visits",
            f"/households/{hf_flat.id}/visits/{visit.id}",
        ):
            response = client.get(url)
            assert response.status_code in (302, 303)
            assert "/auth/login" in response.headers["Location"]


def test_the_visit_rhythm_is_for_managers(app, login, worker, coordinator, hf_flat):
    worker_client = login(worker, c=app.test_client())
    assert worker_client.get(f"/households/{hf_flat.id}/visits/rhythm").status_code == 403
    refused = worker_client.post(
        f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": "3"}
    )
    assert refused.status_code == 403
    client = login(coordinator, c=app.test_client())
    assert client.get(f"/households/{hf_flat.id}/visits/rhythm").status_code == 200
    bad = client.post(f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": "200"})
    assert bad.status_code == 422
    assert "between 1 and 90" in text(bad)
    ok = client.post(f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": "10"})
    assert ok.status_code == 303
    page = text(client.get(f"/households/{hf_flat.id}/visits"))
    assert "every 10 days" in page
    assert (
        db.session.scalar(select(VisitSchedule.every_days).filter_by(household_id=hf_flat.id)) == 10
    )
