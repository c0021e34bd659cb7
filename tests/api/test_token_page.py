"""The organisation admin's API tokens page: create (shown once), list, revoke; other
roles and other organisations refused; bad input kept, with its message in place."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cohousing.api.models import ApiToken
from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.staff.models import Role

URL = "/organisation/api-tokens"


def _form(client, **values):
    page = client.get(URL).get_data(as_text=True)
    submission = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page)
    data = {
        "name": "Cartella sociale",
        "scopes": ["households:read", "visits:read"],
        "expires_on": "2027-03-01",
        "submission_id": submission.group(1) if submission else "",
    }
    return data | values


def test_admin_creates_a_token_shown_once(client, login, admin, api_client, household):
    login(admin)
    response = client.post(URL, data=_form(client))
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = re.search(r'id="new-token-secret"[^>]*value="([^"]+)"', page).group(1)
    assert secret.startswith("cohousing_")
    assert secret not in client.get(URL).get_data(as_text=True)  # never again
    calls = api_client(secret).get("/api/v1/households")
    assert [h["name"] for h in calls.json["items"]] == ["Casa Serena"]
    listed = client.get(URL).get_data(as_text=True)
    assert "Cartella sociale" in listed and "Never" not in listed  # its last use is shown


def test_a_double_submit_makes_one_token(client, login, admin):
    login(admin)
    data = _form(client)
    assert client.post(URL, data=data).status_code == 201
    again = client.post(URL, data=data)
    assert again.status_code == 303 and again.headers["Location"].endswith(URL)
    assert len(db.session.scalars(select(ApiToken)).all()) == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": ""}, "Give the token a name"),
        ({"scopes": []}, "Choose at least one kind of data."),
        ({"expires_on": "2026-11-01"}, "Choose a day after today."),
        ({"expires_on": "31/02/2027"}, "Enter a date as the calendar shows it."),
    ],
)
def test_bad_input_keeps_what_was_typed(client, login, admin, values, message):
    login(admin)
    response = client.post(URL, data=_form(client, **({"name": "Sistema ASL"} | values)))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    if values.get("name", "x"):
        assert 'value="Sistema ASL"' in page
    assert db.session.scalars(select(ApiToken)).all() == []


def test_italian_admin_reads_the_page_in_italian(client, login, make_staff):
    login(make_staff(Role.ORG_ADMIN, language="it"))
    page = client.get(URL).get_data(as_text=True)
    assert "Token API" in page and "Nuovo token" in page


def test_revoke_stops_the_token(client, login, admin, api_client, make_token):
    made = make_token()
    token_client = api_client(made.secret)
    assert token_client.get("/api/v1/households").status_code == 200
    login(admin)
    response = client.htmx("post", f"{URL}/{made.token.id}/revoke")
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(URL)
    assert token_client.get("/api/v1/households").status_code == 401
    assert "Revoked" in client.get(URL).get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "api_token.revoked" in actions


def test_another_organisation_s_token_is_404(
    client, login, make_staff, make_token, other_organisation
):
    theirs = make_token(organisation=other_organisation)
    login(make_staff(Role.ORG_ADMIN))
    assert client.post(f"{URL}/{theirs.token.id}/revoke").status_code == 404
    assert theirs.token.revoked_at is None


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKER, Role.ADMIN])
def test_other_roles_are_refused(client, login, make_staff, role):
    login(make_staff(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 303
