"""One household over HTTP: what each role sees, scope (404) and roles (403), editing,
archiving, and what an archived household refuses."""

from __future__ import annotations

import pytest
from flask import template_rendered
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import clock as app_clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import (
    archive_household,
    current_residents,
    current_worker_links,
)
from cohousing.people.models import Person
from tests.fixtures.households import resident, text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- one household: roles and scope ----------------------------------------------------


def test_coordinator_sees_the_dwelling_residents_workers_and_actions(as_coordinator, household):
    household.dwelling.lease_start = app_clock.today_in("Europe/Rome")
    db.session.commit()
    page = text(as_coordinator.get(f"/households/{household.id}"))
    assert "Via Fillungo 1, Lucca" in page
    assert "€900.00" in page  # rent with the money filter
    assert "November 25, 2026" in page  # the lease start with format_date
    assert "Anna Bianchi" in page and "Bruno Rossi" in page
    assert "Walter Operatore" in page and "Social worker" in page
    assert "Reset PIN" in page and "Move out" in page and "Edit the household" in page


def test_opening_a_household_is_recorded_in_the_access_register(as_coordinator, household):
    as_coordinator.get(f"/households/{household.id}")
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "household.viewed", AuditEvent.household_id == household.id)
        )
        == 1
    )


def test_worker_sees_a_linked_household_read_only(client, login, worker, household):
    login(worker)
    response = client.get(f"/households/{household.id}")
    page = text(response)
    assert response.status_code == 200
    assert "Anna Bianchi" in page and "Via Fillungo 1, Lucca" in page
    for manage_word in (
        "Reset PIN",
        "Move out",
        "Edit the household",
        "Archive",
        "Link another worker",
        "Unlink",
        "Add a resident",
        "household-tablets",
    ):
        assert manage_word not in page


def test_worker_gets_404_for_a_household_not_linked_today(client, login, worker, other_household):
    login(worker)
    assert client.get(f"/households/{other_household.id}").status_code == 404


def test_unknown_household_is_404_for_a_coordinator(as_coordinator):
    assert as_coordinator.get("/households/9999").status_code == 404
    assert as_coordinator.get("/households/9999/edit").status_code == 404
    assert as_coordinator.post("/households/9999/archive").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, household):
    response = client.get(f"/households/{household.id}")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


MANAGE_ACTIONS = [
    ("get", "/households/new"),
    ("post", "/households/new"),
    ("get", "/households/{h}/edit"),
    ("post", "/households/{h}/edit"),
    ("get", "/households/{h}/archive"),
    ("post", "/households/{h}/archive"),
    ("post", "/households/{h}/unarchive"),
    ("get", "/households/{h}/residents/new"),
    ("post", "/households/{h}/residents/new"),
    ("get", "/households/{h}/residents/{p}/edit"),
    ("post", "/households/{h}/residents/{p}/edit"),
    ("post", "/households/{h}/residents/{p}/pin"),
    ("post", "/households/{h}/residents/{p}/move-out"),
    ("post", "/households/{h}/residents/{p}/move-to"),
    ("post", "/households/{h}/workers"),
    ("post", "/households/{h}/workers/{l}/unlink"),
]


@pytest.mark.parametrize(("method", "url"), MANAGE_ACTIONS)
def test_worker_gets_403_on_every_manage_action(client, login, worker, household, method, url):
    login(worker)
    anna = resident(household, "Anna Bianchi")
    link = current_worker_links(household)[0]
    url = url.format(h=household.id, p=anna.id, l=link.id)
    response = client.open(url, method=method.upper(), data={"pin1-pin": "1111"})
    assert response.status_code == 403
    assert count(Household) == 1 and len(current_residents(household)) == 2
    assert current_worker_links(household)[0].ended_on is None


@pytest.mark.parametrize("action", ["edit", "move-out", "pin"])
def test_a_resident_of_another_household_is_404(as_coordinator, household, other_household, action):
    zeno = resident(other_household, "Zeno Verdi")
    method = "get" if action == "edit" else "post"
    url = f"/households/{household.id}/residents/{zeno.id}/{action}"
    assert as_coordinator.open(url, method=method.upper()).status_code == 404


# --- editing and archiving -----------------------------------------------------------


def test_managers_edit_the_household(manager, household):
    client = manager
    form = text(client.get(f"/households/{household.id}/edit"))
    assert 'value="Casa Serena"' in form and 'value="900,00"' in form
    response = client.post(
        f"/households/{household.id}/edit",
        data={
            "name": "Casa Serena 2",
            "kind": "supported_living",
            "locale": "en",
            "tablet_idle_minutes": "3",
            "address": "Via Nuova 2",
            "monthly_rent": "950,5",
            "lease_start": "2026-01-01",
            "lease_end": "2028-12-31",
        },
    )
    assert response.status_code == 303
    db.session.refresh(household)
    assert (household.name, household.kind, household.locale, household.tablet_idle_seconds) == (
        "Casa Serena 2",
        HouseholdKind.SUPPORTED_LIVING,
        "en",
        180,
    )
    assert household.dwelling.monthly_rent_cents == 95050


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"tablet_idle_minutes": "0"}, "Choose between 1 and 10 minutes."),
        ({"tablet_idle_minutes": "11"}, "Choose between 1 and 10 minutes."),
        ({"lease_end": "2025-12-31"}, "The lease must end after it starts."),
        ({"name": "  "}, "Write a name."),
        ({"monthly_rent": "-1"}, "Enter an amount above zero."),
    ],
)
def test_bad_edit_keeps_what_was_typed_and_changes_nothing(
    as_coordinator, household, override, message
):
    data = {
        "name": "Casa Typed",
        "kind": "family",
        "locale": "it",
        "tablet_idle_minutes": "1",
        "address": "Via Typed 9",
        "lease_start": "2026-01-01",
        "monthly_rent": "10",
    }
    data.update(override)
    response = as_coordinator.post(f"/households/{household.id}/edit", data=data)
    assert response.status_code == 422
    page = text(response)
    assert message in page and 'value="Via Typed 9"' in page
    db.session.refresh(household)
    assert household.name == "Casa Serena"
    assert household.dwelling.address == "Via Fillungo 1, Lucca"


def test_archive_asks_first_then_hides_the_household(manager, household):
    as_coordinator = manager
    confirm = as_coordinator.get(f"/households/{household.id}/archive")
    assert "Archive Casa Serena?" in text(confirm)
    assert household.archived_at is None
    response = as_coordinator.post(f"/households/{household.id}/archive")
    assert response.status_code == 303
    db.session.refresh(household)
    assert household.archived_at is not None
    assert "Casa Serena" not in text(as_coordinator.get("/households/"))
    as_coordinator.post(f"/households/{household.id}/unarchive")
    db.session.refresh(household)
    assert household.archived_at is None


def test_the_page_shows_house_life_from_the_view(as_coordinator, household, app):
    seen = []

    def remember(_app, template, context, **_extra):
        seen.append(context)

    template_rendered.connect(remember, app)
    try:
        page = text(as_coordinator.get(f"/households/{household.id}"))
    finally:
        template_rendered.disconnect(remember, app)
    assert "House life" in page and "Open help requests" in page
    context = seen[0]
    assert {"meetings", "agreements", "open_help"} <= set(context["house_life"])
    assert context["tablets"] == [] and "tablet_enrol_form" in context


# --- an archived household refuses every change -----------------------------------------


@pytest.fixture
def archived(household):
    archive_household(household)
    db.session.commit()
    return household


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_an_archived_household_refuses_a_new_resident_with_a_message(
    as_coordinator, archived, htmx
):
    url = f"/households/{archived.id}/residents/new"
    data = {"display_name": "Carla Blu", "pin": "8642"}
    response = (
        as_coordinator.htmx("post", url, data=data) if htmx else as_coordinator.post(url, data=data)
    )
    assert response.status_code == 422
    page = text(response)
    assert "This household is archived: unarchive it first to change anything." in page
    assert 'value="Carla Blu"' in page
    assert db.session.scalar(select(Person).where(Person.display_name == "Carla Blu")) is None


def test_an_archived_household_refuses_edits_moves_and_links(
    as_coordinator, archived, other_worker
):
    anna = resident(archived, "Anna Bianchi")
    message = "This household is archived"
    edit = as_coordinator.post(
        f"/households/{archived.id}/edit",
        data={"name": "Casa Nuova", "kind": "family", "locale": "it", "tablet_idle_minutes": "1"},
    )
    out = as_coordinator.htmx(
        "post",
        f"/households/{archived.id}/residents/{anna.id}/move-out",
        data={f"out{anna.id}-ended_on": "2026-11-25"},
    )
    link = as_coordinator.htmx(
        "post",
        f"/households/{archived.id}/workers",
        data={"worker_id": str(other_worker.id), "function": "mediator"},
    )
    for response in (edit, out, link):
        assert response.status_code == 422 and message in text(response)
    db.session.expire_all()
    assert db.session.get(Household, archived.id).dwelling.address == "Via Fillungo 1, Lucca"
    assert "Anna Bianchi" in [p.display_name for p in current_residents(archived)]
    assert len(current_worker_links(archived)) == 1
    restored = as_coordinator.post(f"/households/{archived.id}/unarchive")
    assert restored.status_code == 303
    assert db.session.get(Household, archived.id).archived_at is None
