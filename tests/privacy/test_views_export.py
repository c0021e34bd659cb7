"""A person's own data: on the tablet after the PIN, and by a coordinator on request."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from tests.fixtures.households import text
from tests.fixtures.wellbeing import signed_in

SECTIONS = {"person", "membership", "checkin", "concern", "visit", "visit_observation", "goal"}


def _export_url(household, person, rest=""):
    return f"/households/{household.id}/residents/{person.id}/information{rest}"


def test_the_coordinator_sees_everything_held_and_downloads_it(
    login, coordinator, household, anna_everything
):
    anna = anna_everything["anna"]
    client = login(coordinator)
    page = client.get(_export_url(household, anna))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body = text(page)
    for words in ("Anna-slept-badly", "Anna-concern-note", "Anna-visit-note", "Anna-goal"):
        assert words in body
    assert "Bruno-fine" not in body  # only her own check-ins
    assert "Check-ins" in body and "Personal goals" in body and "Stays" in body
    data = json.loads(client.get(_export_url(household, anna, ".json")).data)
    assert set(data["sections"]) >= SECTIONS
    assert {"expense_payer", "expense_share", "audit_event"} <= set(data["sections"])
    assert all("pin_hash" not in row for row in data["sections"]["person"])
    assert data["sections"]["checkin"][0]["note"] == "Anna-slept-badly"
    download = client.get(_export_url(household, anna, ".csv"))
    assert download.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert ["# checkin"] in rows and any("Anna-visit-note" in row for row in rows)
    exported = db.session.scalars(
        select(AuditEvent.detail).where(
            AuditEvent.action == "person.exported", AuditEvent.subject_person_id == anna.id
        )
    ).all()
    assert sorted(exported) == ["csv", "json"]  # producing it is in the register
    looked = db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "person.viewed_all", AuditEvent.subject_person_id == anna.id
        )
    )
    assert looked is not None


def test_the_export_of_a_person_of_another_household_is_404(
    login, coordinator, household, other_household, anna_everything
):
    zeno = current_residents(other_household)[0]
    client = login(coordinator)
    for rest in ("", ".json", ".csv"):
        assert client.get(_export_url(household, zeno, rest)).status_code == 404
        assert client.htmx("get", _export_url(household, zeno, rest)).status_code == 404


def test_a_worker_may_not_export_or_erase(login, worker, household, anna_everything):
    anna = anna_everything["anna"]
    client = login(worker)
    for url in (_export_url(household, anna), _export_url(household, anna, ".json")):
        assert client.get(url).status_code == 403
    erase = f"/households/{household.id}/residents/{anna.id}/erase"
    assert client.get(erase).status_code == 403
    assert client.post(erase, data={"confirm": "y"}).status_code == 403


def test_the_resident_reads_and_downloads_her_own_information(
    resident_client, household, anna_everything
):
    client, anna = signed_in(resident_client, household)
    page = client.get("/tablet/my-information")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body = text(page)
    assert "Anna-slept-badly" in body and "Anna-goal" in body and "Bruno-fine" not in body
    data = json.loads(client.get("/tablet/my-information.json").data)
    assert data["person_id"] == anna.id
    assert {row["person_id"] for row in data["sections"]["checkin"]} == {anna.id}
    assert client.get("/tablet/my-information.csv").status_code == 200
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "person.exported",
            AuditEvent.subject_person_id == anna.id,
            AuditEvent.actor_person_id == anna.id,
        )
    )
    today = text(client.get("/tablet/today"))
    assert "My information" in today


def test_without_a_pin_the_tablet_shows_no_information(enrolled_client, household):
    client = enrolled_client(household)
    response = client.get("/tablet/my-information")
    assert response.status_code in (302, 303) and "/tablet/" in response.headers["Location"]
    assert client.get("/tablet/my-information.json").status_code in (302, 303)


def test_the_page_in_italian(login, make_staff, household, anna_everything):
    from cohousing.staff.models import Role

    italian = make_staff(Role.COORDINATOR, language="it")
    client = login(italian)
    body = text(client.get(_export_url(household, anna_everything["anna"])))
    assert "Tutto ciò che" in body


def test_every_table_that_names_a_person_has_a_title_for_people(app):
    """A new table that points at a person is exported at once (the export reads them all);
    it must also get a heading in words, not its table name."""
    from cohousing.privacy.services.export import TITLES, _person_columns

    untitled = [
        table.name
        for table in db.metadata.sorted_tables
        if _person_columns(table) and table.name not in TITLES
    ]
    assert untitled == []
