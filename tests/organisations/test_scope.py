"""One installation, two organisations: each coordinator sees and manages only their own
households; a health-authority worker linked to a municipality's household sees it and
nothing else, and the municipality sees who is linked; staff, the register, the overview,
the alerts and the escalation stay inside the organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cohousing.extensions import db
from cohousing.households.services import current_residents, move_to
from cohousing.organisations.services import OrganisationSettings, update_settings
from cohousing.rules import RuleError
from cohousing.staff.models import Role
from cohousing.wellbeing.services import deliver_pending, run_scan
from tests.fixtures.households import text
from tests.fixtures.wellbeing import help_request


@pytest.fixture
def usl_house(make_household, make_staff, other_organisation):
    """A household the health authority runs, with its own worker."""
    nurse = make_staff(Role.WORKER, name="Nadia Infermiera", organisation=other_organisation)
    return make_household("Casa USL", organisation=other_organisation, workers=(nurse,))


@pytest.fixture
def usl_coordinator(make_staff, other_organisation):
    return make_staff(Role.COORDINATOR, name="Ugo Coordinatore", organisation=other_organisation)


@pytest.fixture
def usl_worker_in_lucca(make_staff, make_household, other_organisation):
    """Olga works for the health authority and follows one municipality household."""
    olga = make_staff(Role.WORKER, name="Olga Operatrice", organisation=other_organisation)
    make_household("Casa dei Tigli", workers=(olga,))
    return olga


def test_each_coordinator_lists_only_their_organisations_households(
    client, login, coordinator, usl_coordinator, household, usl_house, app
):
    lucca = text(login(coordinator).get("/households/"))
    assert household.name in lucca and usl_house.name not in lucca
    usl = text(login(usl_coordinator, c=app.test_client()).get("/households/"))
    assert usl_house.name in usl and household.name not in usl


def test_another_organisations_household_by_id_is_404_never_500(
    client, login, usl_coordinator, household
):
    login(usl_coordinator)
    for method, url in [
        ("get", f"/households/{household.id}"),
        ("get", f"/households/{household.id}/edit"),
        ("post", f"/households/{household.id}/edit"),
        ("post", f"/households/{household.id}/archive"),
        ("get", f"/dashboard/households/{household.id}"),
    ]:
        assert client.open(url, method=method.upper(), data={"name": "Mine"}).status_code == 404
        assert client.htmx(method, url, data={"name": "Mine"}).status_code == 404
    assert household.name == "Casa Serena"


def test_a_health_authority_worker_sees_the_linked_household_and_nothing_else(
    client, login, usl_worker_in_lucca, household, usl_house
):
    login(usl_worker_in_lucca)
    listed = text(client.get("/households/"))
    assert "Casa dei Tigli" in listed
    assert household.name not in listed and usl_house.name not in listed  # not even her own's
    assert client.get(f"/households/{household.id}").status_code == 404
    assert client.get(f"/households/{usl_house.id}").status_code == 404


def test_the_municipality_sees_the_linked_worker_of_another_organisation(
    client, login, coordinator, usl_worker_in_lucca
):
    overview = text(login(coordinator).get("/dashboard/overview"))
    assert "Olga Operatrice" in overview and "Nadia Infermiera" not in overview


def test_the_overview_counts_only_the_organisations_households(
    client, login, coordinator, household, usl_house
):
    overview = text(login(coordinator).get("/dashboard/overview"))
    assert household.name in overview and usl_house.name not in overview


def test_a_resident_cannot_be_moved_into_another_organisations_household(
    client, login, coordinator, household, usl_house
):
    anna = current_residents(household)[0]
    with pytest.raises(RuleError) as error:  # the rule, whatever the form offered
        move_to(household, anna.id, usl_house, date(2026, 11, 25))
    assert error.value.field == "target"
    login(coordinator)
    response = client.post(
        f"/households/{household.id}/residents/{anna.id}/move-to",
        data={f"to{anna.id}-target": str(usl_house.id), f"to{anna.id}-ended_on": "2026-11-25"},
    )
    assert response.status_code == 422
    assert anna in current_residents(household)


def test_an_organisation_admin_manages_only_its_own_staff(
    client, login, admin, usl_coordinator, coordinator
):
    login(admin)
    page = text(client.get("/staff/"))
    assert coordinator.display_name in page and usl_coordinator.display_name not in page
    for action in ("deactivate", "link"):
        assert client.post(f"/staff/{usl_coordinator.id}/{action}").status_code == 404
    assert usl_coordinator.active


def test_a_new_account_joins_the_admins_organisation(client, login, admin, organisation):
    login(admin)
    response = client.post(
        "/staff/new",
        data={
            "submission_id": "s-1",
            "email": "nuova@example.org",
            "display_name": "Nuova Operatrice",
            "role": "worker",
            "preferred_language": "it",
        },
    )
    assert response.status_code == 200
    from cohousing.staff.services import find_account

    assert find_account("nuova@example.org").organisation_id == organisation.id


def test_the_installation_admin_creates_an_organisation_admin_in_an_organisation(
    client, login, installation_admin, other_organisation
):
    login(installation_admin)
    data = {
        "submission_id": "s-2",
        "email": "admin.usl@example.org",
        "display_name": "Amministrazione USL",
        "role": "org_admin",
        "preferred_language": "it",
    }
    refused = client.post("/staff/new", data={**data, "organisation": ""})
    assert refused.status_code == 422
    assert "Choose the organisation" in text(refused)
    assert 'value="admin.usl@example.org"' in text(refused)
    made = client.post(
        "/staff/new",
        data={**data, "submission_id": "s-3", "organisation": str(other_organisation.id)},
    )
    assert made.status_code == 200
    from cohousing.staff.services import find_account

    account = find_account("admin.usl@example.org")
    assert account.role is Role.ORG_ADMIN and account.organisation_id == other_organisation.id


def test_the_register_shows_only_the_organisations_rows(
    client, login, admin, coordinator, usl_coordinator, household, usl_house, app
):
    login(coordinator, c=app.test_client()).get(f"/households/{household.id}")
    login(usl_coordinator, c=app.test_client()).get(f"/households/{usl_house.id}")
    page = text(login(admin).get("/audit/"))
    assert household.name in page and usl_house.name not in page
    assert usl_coordinator.display_name not in page
    assert client.get(f"/audit/?household={usl_house.id}").status_code == 200
    assert usl_house.name not in text(client.get(f"/audit/export.csv?household={usl_house.id}"))


def test_escalation_after_the_organisations_time_to_its_own_coordinators(
    app, clock, mailbox, household, organisation, coordinator, usl_coordinator
):
    update_settings(
        organisation,
        OrganisationSettings(escalate_after_minutes=10, mail_from="avvisi@comune.example.org"),
    )
    help_request(household)
    db.session.commit()
    deliver_pending()
    sent = mailbox.messages[0]
    assert sent["From"] == "avvisi@comune.example.org"
    clock.advance(timedelta(minutes=11))  # before the installation's 30 minutes
    run_scan()
    assert len(mailbox.to(coordinator.email)) == 1
    assert mailbox.to(usl_coordinator.email) == []


def test_concerns_list_only_the_organisations_households(
    client, login, coordinator, usl_coordinator, household, usl_house, app
):
    help_request(usl_house)
    db.session.commit()
    lucca = login(coordinator)
    assert usl_house.name not in text(lucca.get("/concerns/"))
    assert 'class="badge danger">' not in text(lucca.get("/concerns/badge"))
    usl = login(usl_coordinator, c=app.test_client())
    assert usl_house.name in text(usl.get("/concerns/"))


def test_the_household_page_names_the_linked_workers_organisation(
    client, login, coordinator, usl_worker_in_lucca
):
    from cohousing.households.models import Household

    tigli = db.session.query(Household).filter_by(name="Casa dei Tigli").one()
    page = text(login(coordinator).get(f"/households/{tigli.id}"))
    assert "Olga Operatrice" in page and "Azienda USL Toscana Nord Ovest" in page
