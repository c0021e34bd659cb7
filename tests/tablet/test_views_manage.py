"""The coordinator's side of the tablet: enrol one (code and QR), list, revoke."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import archive_household
from cohousing.tablet.models import EnrolmentCode, Tablet
from cohousing.tablet.views.manage import tablets_section


def codes() -> int:
    return db.session.scalar(select(func.count(EnrolmentCode.id)))


def shown_code(html: str) -> str:
    return re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4})</code>", html).group(1)


@pytest.fixture
def tablet_of(enrolled_client):
    def make(household, name="Cucina"):
        return enrolled_client(household, name).tablet

    return make


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_manager_gets_a_code_and_a_qr_that_enrol_the_tablet(
    request, client, app, login, household, role
):
    login(request.getfixturevalue(role))
    form = client.get(f"/tablet/households/{household.id}/enrol")
    assert form.status_code == 200
    assert b"House tablet" in form.data or b"Tablet di casa" in form.data
    response = client.post(
        f"/tablet/households/{household.id}/enrol",
        data={"name": "Tablet in cucina", "submission_id": "s-1"},
    )
    html = response.data.decode()
    assert response.status_code == 200
    code = shown_code(html)
    assert "until 10:15" in html  # 15 minutes, in the household's time (Rome)
    assert "<svg" in html and "QR code" in html
    assert f"/tablet/enrol?code={code.replace('-', '')}" in html
    assert response.headers["Cache-Control"] == "no-store"
    # The tablet opens the QR link and confirms with one tap.
    tablet_browser = app.test_client()
    assert tablet_browser.post("/tablet/enrol", data={"code": code}).status_code == 303
    tablet = db.session.scalar(select(Tablet))
    assert tablet.name == "Tablet in cucina" and tablet.household_id == household.id


def test_double_submit_makes_one_code(client, login, coordinator, household):
    login(coordinator)
    data = {"name": "Cucina", "submission_id": "same-token"}
    assert client.post(f"/tablet/households/{household.id}/enrol", data=data).status_code == 200
    again = client.post(f"/tablet/households/{household.id}/enrol", data=data)
    assert again.status_code == 303 and codes() == 1


def test_empty_name_is_a_message_and_no_code(client, login, coordinator, household):
    login(coordinator)
    response = client.post(
        f"/tablet/households/{household.id}/enrol", data={"name": "", "submission_id": "s-2"}
    )
    assert response.status_code == 422 and b"Give the tablet a name" in response.data
    assert codes() == 0


def test_worker_cannot_enrol_or_revoke(client, login, worker, household, tablet_of):
    tablet = tablet_of(household)
    login(worker)
    assert client.get(f"/tablet/households/{household.id}/enrol").status_code == 403
    assert (
        client.post(
            f"/tablet/households/{household.id}/enrol", data={"name": "x", "submission_id": "s"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/tablet/households/{household.id}/tablets/{tablet.id}/revoke", data={"confirm": "yes"}
        ).status_code
        == 403
    )
    assert codes() == 1 and tablet.revoked_at is None  # only the fixture's own code


def test_unknown_household_or_others_tablet_is_404(
    client, login, coordinator, household, other_household, tablet_of
):
    other = tablet_of(other_household)
    login(coordinator)
    assert client.get("/tablet/households/999999/enrol").status_code == 404
    url = f"/tablet/households/{household.id}/tablets/{other.id}/revoke"
    assert client.post(url, data={"confirm": "yes"}).status_code == 404
    assert other.revoked_at is None


def test_anonymous_is_sent_to_sign_in(client, household):
    response = client.get(f"/tablet/households/{household.id}/enrol")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


def test_plain_revoke_asks_to_confirm_first(client, login, coordinator, household, tablet_of):
    tablet = tablet_of(household)
    login(coordinator)
    url = f"/tablet/households/{household.id}/tablets/{tablet.id}/revoke"
    ask = client.post(url)
    assert ask.status_code == 200 and b"Yes, revoke it" in ask.data
    assert tablet.revoked_at is None
    done = client.post(url, data={"confirm": "yes"})
    assert done.status_code == 303
    db.session.refresh(tablet)
    assert tablet.revoked_at is not None


def test_htmx_revoke_returns_the_updated_list(client, login, coordinator, household, tablet_of):
    tablet = tablet_of(household)
    login(coordinator)
    url = f"/tablet/households/{household.id}/tablets/{tablet.id}/revoke"
    response = client.htmx("post", url)
    assert response.status_code == 200 and b"<html" not in response.data
    assert b'id="household-tablets"' in response.data and b"Revoked" in response.data
    db.session.refresh(tablet)
    assert tablet.revoked_at is not None


def test_household_page_fragment_lists_tablets_with_revoke_and_enrol(
    app, login, client, coordinator, household, tablet_of
):
    tablet_of(household, "Cucina")
    revoked = tablet_of(household, "Vecchio")
    revoked.revoked_at = revoked.enrolled_at
    db.session.commit()
    login(coordinator)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string(
            '{% include "tablet/_household_tablets.html" %}',
            household=household,
            **tablets_section(household),
        )
    assert "Cucina" in html and "Vecchio" in html
    assert html.count('<button type="submit" class="button danger small"') == 1  # active only
    assert 'hx-confirm="' in html and "Enrol a tablet" in html
    assert f'action="/tablet/households/{household.id}/enrol"' in html
    assert 'name="submission_id"' in html


def test_ids_too_big_for_the_database_are_404(client, login, coordinator, household):
    login(coordinator)
    assert client.get("/tablet/households/99999999999999999999/enrol").status_code == 404
    url = f"/tablet/households/{household.id}/tablets/99999999999999999999/revoke"
    assert client.post(url, data={"confirm": "yes"}).status_code == 404


def test_household_page_shows_the_tablets_to_managers_only(
    client, login, coordinator, worker, household, tablet_of
):
    tablet_of(household, "Cucina")
    login(coordinator)
    html = client.get(f"/households/{household.id}").data.decode()
    assert 'id="household-tablets"' in html and "Cucina" in html and "Enrol a tablet" in html
    client.post("/auth/logout")
    login(worker)
    html = client.get(f"/households/{household.id}").data.decode()
    assert 'id="household-tablets"' not in html


def test_household_page_says_when_each_tablet_was_last_used(
    client, login, coordinator, household, tablet_of, clock
):
    tablet = tablet_of(household, "Cucina")
    tablet.last_seen_at = clock.now()  # 09:00 UTC is 10:00 in Rome
    db.session.commit()
    login(coordinator)
    html = client.get(f"/households/{household.id}").data.decode()
    row = html.split("Cucina")[1].split("</tr>")[0]
    assert "10:00" in row and "Never" not in row


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_an_archived_households_tablets_are_not_changed(
    client, login, coordinator, household, tablet_of, htmx
):
    tablet = tablet_of(household)
    archive_household(household)
    db.session.commit()
    login(coordinator)
    revoke_url = f"/tablet/households/{household.id}/tablets/{tablet.id}/revoke"
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(revoke_url, data={"confirm": "yes"}, headers=headers)
    assert response.status_code == 422
    assert "This household is archived" in response.data.decode()
    db.session.refresh(tablet)
    assert tablet.revoked_at is None
    start = client.post(
        f"/tablet/households/{household.id}/enrol", data={"name": "Nuovo", "submission_id": "s-9"}
    )
    assert start.status_code == 422 and "This household is archived" in start.data.decode()
    assert codes() == 1  # only the fixture's own code
