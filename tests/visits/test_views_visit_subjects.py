"""The visit form says who will read the note before it is saved (plain and htmx), shows
the per-person areas only for a visit about one resident, refuses an untouched form, and
"nobody was home" leaves the visit overdue on the dashboard."""

from __future__ import annotations

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import Visit, VisitKind
from tests.fixtures.households import text


def count_visits() -> int:
    return db.session.scalar(select(func.count(Visit.id)))


def untouched(household) -> dict:
    """What the new-visit form sends when "Save the visit" is pressed without typing."""
    today = household.today()
    return {
        "kind": "home",
        "person_id": "",
        "visit_date": today.isoformat(),
        "visit_time": "09:30",
        "next_visit_on": "",
    }


def test_the_form_says_every_housemate_reads_a_house_visit(client, login, worker, hf_flat):
    login(worker)
    page = text(client.get(f"/households/{hf_flat.id}/visits/new"))
    assert "Who will read this note:" in page
    assert "everyone who lives in the house" in page
    assert "Elena Neri, Franco Gialli, Gino Blu" in page
    assert "About this resident only" not in page and "Physical health" not in page
    assert "What we looked at in the house" in page


def test_choosing_a_resident_shows_who_reads_it_plain(client, login, worker, hf_flat):
    elena = current_residents(hf_flat)[0]
    login(worker)
    response = client.post(
        f"/households/{hf_flat.id}/visits/new",
        data={**untouched(hf_flat), "person_id": str(elena.id), "preview": "1"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "only Elena Neri, on the house tablet" in page
    assert "How things are at home" in page and "looked at in the house" not in page
    assert "About this resident only" in page and "Note: Physical health" in page
    assert "<html" in page and "Nothing to save yet" not in page
    assert count_visits() == 0


def test_choosing_a_resident_swaps_the_form_with_htmx(client, login, worker, hf_flat):
    elena = current_residents(hf_flat)[0]
    login(worker)
    response = client.htmx(
        "post",
        f"/households/{hf_flat.id}/visits/new",
        data={**untouched(hf_flat), "person_id": str(elena.id), "preview": "1"},
    )
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith("<form") and 'id="visit-form"' in page
    assert "only Elena Neri" in page and "Physical health" in page
    assert count_visits() == 0


def test_an_untouched_form_is_refused_and_the_visit_stays_overdue(
    client, login, worker, hf_flat, add_visit
):
    add_visit(hf_flat, days_ago=9)
    login(worker)
    before = count_visits()
    for send in (client.post, lambda url, **kw: client.htmx("post", url, **kw)):
        response = send(f"/households/{hf_flat.id}/visits/new", data=untouched(hf_flat))
        assert response.status_code == 422
        assert "Nothing to save yet" in text(response)
    assert count_visits() == before
    assert "Visit overdue" in text(client.get("/dashboard/"))


def test_a_per_person_note_on_a_house_visit_stays_with_its_message(
    client, login, worker, hf_flat, visit_form
):
    login(worker)
    response = client.post(
        f"/households/{hf_flat.id}/visits/new",
        data=visit_form(hf_flat, physical_health_note="Elena's knee hurts"),
    )
    assert response.status_code == 422
    page = text(response)
    assert "Only on a visit about one resident" in page
    assert "Elena&#39;s knee hurts" in page  # what was typed is kept, not dropped
    assert count_visits() == 0


def test_nobody_was_home_is_saved_and_the_dashboard_keeps_it_overdue(
    client, login, worker, hf_flat, add_visit
):
    add_visit(hf_flat, days_ago=9)
    login(worker)
    assert "Visit overdue" in text(client.get("/dashboard/"))
    response = client.post(
        f"/households/{hf_flat.id}/visits/new", data={**untouched(hf_flat), "kind": "no_answer"}
    )
    assert response.status_code == 303
    assert db.session.scalar(select(Visit.kind).order_by(Visit.id.desc()).limit(1)) is (
        VisitKind.NO_ANSWER
    )
    assert "Visit overdue" in text(client.get("/dashboard/"))
    assert "Nobody was home" in text(client.get(f"/households/{hf_flat.id}/visits"))


def test_a_resident_visit_is_read_only_by_that_resident(
    app, hf_flat, worker, resident_client, add_visit
):
    elena, franco, _gino = current_residents(hf_flat)
    add_visit(hf_flat, staff=worker, person_id=franco.id, ratings={"substance_use": 2})
    own = text(resident_client(hf_flat, franco, "1357").get("/tablet/workers-wrote"))
    assert "note substance_use" in own and "About you: only you read this." in own
    housemate = text(resident_client(hf_flat, elena, "2468").get("/tablet/workers-wrote"))
    assert "note substance_use" not in housemate and "Call the landlord" not in housemate


def test_the_detail_of_a_house_visit_shows_who_reads_it_and_only_house_areas(
    client, login, worker, hf_flat, add_visit
):
    visit = add_visit(hf_flat, staff=worker, ratings={"home_tenancy": 4})
    login(worker)
    page = text(client.get(f"/households/{hf_flat.id}/visits/{visit.id}"))
    assert "Who reads it on the tablet" in page and "Elena Neri, Franco Gialli, Gino Blu" in page
    assert "Physical health" not in page and "Common spaces" in page
