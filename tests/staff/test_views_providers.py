"""The admin's sign-in services (identity providers): admins only, bad input next to the
field, and the client secret kept encrypted and never shown back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.staff.models import IdentityProvider
from cohousing.staff.services.providers import client_secret

GOOD = {
    "name": "ARPA Toscana",
    "issuer": "https://arpa.example.org/oidc/",
    "client_id": "comune-lucca-cohousing",
    "client_secret": "a-very-secret-value",
    "scopes": "email profile",
    "enabled": "y",
}


def test_an_admin_adds_and_changes_a_provider(client, login, admin):
    login(admin)
    assert client.get("/staff/providers").status_code == 200
    assert client.get("/staff/providers/new").status_code == 200
    saved = client.post("/staff/providers/new", data=GOOD)
    assert saved.status_code == 303 and saved.headers["Location"] == "/staff/providers"
    provider = db.session.scalar(select(IdentityProvider))
    assert provider.issuer == "https://arpa.example.org/oidc"  # no trailing slash
    assert provider.scopes == "openid email profile"
    assert "a-very-secret-value" not in provider.client_secret_encrypted
    assert client_secret(provider) == "a-very-secret-value"
    page = client.get(f"/staff/providers/{provider.id}").get_data(as_text=True)
    assert "a-very-secret-value" not in page and 'value="comune-lucca-cohousing"' in page
    kept = client.post(f"/staff/providers/{provider.id}", data={**GOOD, "client_secret": ""})
    assert kept.status_code == 303 and client_secret(provider) == "a-very-secret-value"
    listing = client.get("/staff/providers").get_data(as_text=True)
    assert "ARPA Toscana" in listing and "/auth/provider/callback" in listing


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("issuer", "http://arpa.example.org", "https address"),
        ("issuer", "not a url", "https address"),
        ("client_id", "", "client id"),
        ("client_secret", "", "client secret"),
        ("name", "", "Enter a name."),
    ],
)
def test_bad_input_is_a_message_by_the_field(client, login, admin, field, value, words):
    login(admin)
    response = client.post("/staff/providers/new", data={**GOOD, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and words in html
    if field != "name":
        assert 'value="ARPA Toscana"' in html  # what was typed is kept
    assert db.session.scalar(select(IdentityProvider)) is None


def test_only_admins(client, login, coordinator, worker):
    login(coordinator)
    assert client.get("/staff/providers").status_code == 403
    assert client.post("/staff/providers/new", data=GOOD).status_code == 403
    assert db.session.scalar(select(IdentityProvider)) is None


def test_an_unknown_provider_is_404(client, login, admin):
    login(admin)
    assert client.get("/staff/providers/99999").status_code == 404


def test_the_page_in_italian(client, login, make_staff):
    from cohousing.staff.models import Role

    login(make_staff(Role.ADMIN, language="it"))
    with client.session_transaction() as session:
        session["lang"] = "it"
    page = client.get("/staff/providers/new").get_data(as_text=True)
    assert "Servizi di accesso" in page or "servizio di accesso" in page


def test_an_organisation_admin_sees_and_changes_only_their_own(
    client, login, admin, make_staff, other_organisation
):
    from cohousing.staff.models import Role
    from cohousing.staff.services.providers import save_provider

    theirs = save_provider(
        None, **{**GOOD, "name": "USL", "enabled": True}, organisation_id=other_organisation.id
    )
    db.session.commit()
    login(admin)  # the organisation admin of the default organisation
    assert client.post("/staff/providers/new", data=GOOD).status_code == 303
    mine = db.session.scalar(
        select(IdentityProvider).where(IdentityProvider.name == "ARPA Toscana")
    )
    assert mine.organisation_id == admin.organisation_id
    listing = client.get("/staff/providers").get_data(as_text=True)
    assert "ARPA Toscana" in listing and "USL" not in listing
    assert client.get(f"/staff/providers/{theirs.id}").status_code == 404
    changed = client.post(f"/staff/providers/{theirs.id}", data={**GOOD, "name": "Mine now"})
    assert changed.status_code == 404 and theirs.name == "USL"
    installation = login(make_staff(Role.ADMIN), c=client.application.test_client())
    listing = installation.get("/staff/providers").get_data(as_text=True)  # both
    assert "ARPA Toscana" in listing and "USL" in listing
