"""The installation admin's organisations and an organisation admin's settings, over HTTP:
the right role, the wrong ones, bad input next to its field, plain and htmx."""

from __future__ import annotations

import pytest

from cohousing.extensions import db
from cohousing.organisations.models import Organisation, OrganisationKind
from cohousing.staff.models import Role
from tests.fixtures.households import text


@pytest.fixture
def as_installation_admin(client, login, installation_admin):
    return login(installation_admin)


def test_the_installation_admin_starts_on_the_organisations_with_counts_only(
    as_installation_admin, household, other_organisation
):
    assert as_installation_admin.get("/").headers["Location"].endswith("/organisations/")
    page = text(as_installation_admin.get("/organisations/"))
    assert "Comune di Lucca" in page and "Azienda USL Toscana Nord Ovest" in page
    assert "Health authority" in page
    assert household.name not in page and "Anna Bianchi" not in page  # counts, never names
    fragment = text(as_installation_admin.htmx("get", "/organisations/"))
    assert "<html" not in fragment and 'id="organisation-list"' in fragment


def test_the_installation_admin_sees_no_household(as_installation_admin, household):
    for url in ("/households/", f"/households/{household.id}", "/dashboard/", "/concerns/"):
        response = as_installation_admin.get(url)
        assert response.status_code == 403, url
        assert household.name not in text(response)
    assert as_installation_admin.get("/organisation/settings").status_code == 403


def test_creating_an_organisation(as_installation_admin):
    response = as_installation_admin.post(
        "/organisations/new",
        data={"submission_id": "org-1", "name": " Comune di Capannori ", "kind": "municipality"},
    )
    assert response.status_code == 303
    created = db.session.query(Organisation).filter_by(name="Comune di Capannori").one()
    assert created.kind is OrganisationKind.MUNICIPALITY
    assert "Comune di Capannori was created" in text(as_installation_admin.get("/organisations/"))


def test_a_name_taken_is_said_next_to_the_field_keeping_what_was_typed(
    as_installation_admin, organisation
):
    response = as_installation_admin.post(
        "/organisations/new",
        data={"submission_id": "org-2", "name": "Comune di Lucca", "kind": "foundation"},
    )
    assert response.status_code == 422
    page = text(response)
    assert 'id="name-error"' in page and "already exists" in page
    assert 'value="Comune di Lucca"' in page


def test_editing_an_organisation(as_installation_admin, other_organisation):
    url = f"/organisations/{other_organisation.id}/edit"
    assert 'value="Azienda USL Toscana Nord Ovest"' in text(as_installation_admin.get(url))
    response = as_installation_admin.post(
        url, data={"submission_id": "org-3", "name": "ASL Nord Ovest", "kind": "health_authority"}
    )
    assert response.status_code == 303
    assert other_organisation.name == "ASL Nord Ovest"
    assert as_installation_admin.get("/organisations/99999/edit").status_code == 404


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.COORDINATOR, Role.WORKER])
def test_organisation_pages_are_not_for_the_organisations_staff(client, login, make_staff, role):
    login(make_staff(role))
    assert client.get("/organisations/").status_code == 403
    assert (
        client.post("/organisations/new", data={"name": "X", "kind": "foundation"}).status_code
        == 403
    )


def test_the_organisation_admin_keeps_its_settings(client, login, admin, organisation):
    login(admin)
    page = text(client.get("/organisation/settings"))
    assert "Settings of Comune di Lucca" in page
    response = client.post(
        "/organisation/settings",
        data={
            "emergency_number": "118",
            "help_numbers": "Servizi sociali: 0583 000 400",
            "escalate_after_minutes": "20",
            "mail_from": "cohousing@comune.example.org",
            "retention_concerns_months": "36",
        },
    )
    assert response.status_code == 303
    assert organisation.emergency_number == "118"
    assert organisation.escalate_after_minutes == 20
    assert organisation.retention_concerns_months == 36
    assert organisation.retention_visit_notes_months is None  # left empty: the default
    assert 'value="118"' in text(client.get("/organisation/settings"))


def test_bad_settings_are_said_next_to_the_field_in_italian(client, login, make_staff):
    login(make_staff(Role.ORG_ADMIN, language="it"))
    response = client.post(
        "/organisation/settings",
        data={"emergency_number": "112", "escalate_after_minutes": "0", "mail_from": "x@"},
    )
    assert response.status_code == 422
    page = text(response)
    assert 'id="escalate_after_minutes-error"' in page
    assert "Scegli tra 1 e" in page
    assert 'value="112"' in page  # what was typed stays


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKER])
def test_settings_are_the_organisation_admins(client, login, make_staff, role):
    login(make_staff(role))
    assert client.get("/organisation/settings").status_code == 403
