"""Made-up values in visit and goal forms: each answers 422 with its field's message,
saves nothing, and never gives a 500, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import Goal, Visit, VisitSchedule
from tests.fixtures.households import text

NUMBERS = ["²", "①", "¹²³⁴", "1" * 400, str(2**63), "1.5", "7\x00"]
DAYS = ["9999-12-31", "0001-01-01", "2026-02-30", "²⁰²⁶-12-01", "tomorrow", "2026-12-01\x00"]


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("value", NUMBERS)
def test_made_up_numbers_in_a_visit(client, login, worker, hf_flat, value, visit_form):
    login(worker)
    url = f"/households/{hf_flat.id}/visits/new"
    for field, message in (
        ("person_id", "Choose someone who lives in this household."),
        ("duration_minutes", "Write the minutes, from 1 to 1440."),
        ("common_spaces_rating", "Choose a rating from 1 to 5."),
    ):
        response = client.post(url, data=visit_form(hf_flat, **{field: value}))
        assert response.status_code == 422, field
        assert message in text(response) and "The kitchen is clean" in text(response)
    assert count(Visit) == 0


@pytest.mark.parametrize("day", DAYS)
def test_made_up_days_in_a_visit(client, login, worker, hf_flat, day, visit_form):
    login(worker)
    url = f"/households/{hf_flat.id}/visits/new"
    for field in ("visit_date", "next_visit_on"):
        response = client.htmx("post", url, data=visit_form(hf_flat, **{field: day}))
        assert response.status_code == 422, field
        assert "Enter a date as the calendar shows it." in text(response)
    assert count(Visit) == 0


@pytest.mark.parametrize("value", NUMBERS)
def test_made_up_resident_and_day_of_a_goal(client, login, worker, hf_flat, value):
    elena = current_residents(hf_flat)[0]
    login(worker)
    url = f"/households/{hf_flat.id}/goals"
    good = {
        "person_id": str(elena.id),
        "title": "Cook",
        "review_on": (hf_flat.today() + timedelta(days=7)).isoformat(),
    }
    whom = client.post(url, data={**good, "person_id": value})
    assert whom.status_code == 422
    assert "Choose someone who lives in this household." in text(whom)
    when = client.post(url, data={**good, "review_on": "9999-12-31"})
    assert when.status_code == 422 and "Enter a date as the calendar shows it." in text(when)
    assert count(Goal) == 0


@pytest.mark.parametrize("value", [*NUMBERS, "0", "91", "-1"])
def test_a_made_up_rhythm(app, login, coordinator, hf_flat, value):
    client = login(coordinator, c=app.test_client())
    response = client.post(f"/households/{hf_flat.id}/visits/rhythm", data={"every_days": value})
    assert response.status_code == 422
    assert "Choose between 1 and 90 days, or no regular visits." in text(response)
    assert (
        db.session.scalar(select(VisitSchedule.every_days).filter_by(household_id=hf_flat.id)) == 7
    )


def test_control_characters_are_dropped_from_a_visits_words(
    client, login, worker, hf_flat, visit_form
):
    login(worker)
    response = client.post(
        f"/households/{hf_flat.id}/visits/new",
        data=visit_form(hf_flat, staff_present="Walter\x00", common_spaces_note="Lock\x00 broken"),
    )
    assert response.status_code == 303
    visit = db.session.scalar(select(Visit))
    assert visit.staff_present == "Walter"
    assert {o.area: o.note for o in visit.observations}["common_spaces"] == "Lock broken"


@pytest.mark.parametrize("value", ["²", str(2**63)])
def test_made_up_ids_in_urls_are_404(client, login, worker, hf_flat, value):
    login(worker)
    assert client.get(f"/households/{hf_flat.id}/visits/{value}").status_code == 404
    review = client.post(f"/households/{hf_flat.id}/goals/{value}/review", data={"status": "x"})
    assert review.status_code == 404
