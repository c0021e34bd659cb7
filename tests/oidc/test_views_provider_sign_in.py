"""Staff sign-in through a real OpenID provider process (tests/oidc/provider_server.py):
the good path, and every way it must fail without a session and without a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import set_active
from tests.fixtures.oidc import path_of
from tests.fixtures.people import PASSWORD

ANNA = "anna.coord@example.org"


@pytest.fixture
def anna(make_staff):
    """Invited by email: an account made by an admin, not yet linked to the provider."""
    return make_staff(Role.COORDINATOR, email=ANNA, name="Anna Coordinatrice", password=None)


def _signed_in(client) -> bool:
    return client.get("/households/").status_code == 200


def _to_callback(client, op, region) -> str:
    start = client.get(f"/auth/provider?provider={region.id}")
    assert start.status_code == 302, start.data[:300]
    assert "code_challenge_method=S256" in start.headers["Location"]
    assert "nonce=" in start.headers["Location"] and "state=" in start.headers["Location"]
    return path_of(op.follow(start.headers["Location"]))


def _message(client, response) -> str:
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    return client.get("/auth/login").get_data(as_text=True)


def _sign_in(client, op, region):
    callback = client.get(_to_callback(client, op, region))
    assert callback.status_code == 303, callback.data[:300]
    assert callback.headers["Location"] == "/auth/provider/continue"
    page = client.get("/auth/provider/continue")
    assert page.status_code == 200
    return client.post("/auth/provider/continue")


def test_the_login_page_offers_the_provider(client, region):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with ARPA Toscana" in page


def test_an_invited_account_is_linked_at_its_first_sign_in(client, op, region, anna):
    done = _sign_in(client, op, region)
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert _signed_in(client)
    assert anna.identity_provider_id == region.id and anna.oidc_subject
    subject = anna.oidc_subject
    client.post("/auth/logout")
    assert _sign_in(client, op, region).status_code == 303  # matched by subject now
    assert anna.oidc_subject == subject


def test_the_subject_decides_not_a_changed_email(client, op, region, anna, make_staff):
    _sign_in(client, op, region)
    client.post("/auth/logout")
    anna.email = "anna.new@example.org"  # renamed here: still the same person there
    db.session.commit()
    assert _sign_in(client, op, region).status_code == 303
    assert _signed_in(client)


def test_sign_out_offers_the_providers_logout(client, op, region, anna):
    _sign_in(client, op, region)
    page = client.post("/auth/logout")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sign out of ARPA Toscana" in html
    assert f"{op.base}/logout?" in html and "id_token_hint=" in html
    assert not _signed_in(client)


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("wrong_audience", "not valid"),
        ("expired", "not valid"),
        ("skew", "not valid"),
        ("wrong_issuer", "not valid"),
        ("no_email", "did not send your email address"),
    ],
)
def test_a_spoiled_id_token_signs_nobody_in(client, op, region, anna, mode, words):
    op.set(mode=mode)
    refused = client.get(_to_callback(client, op, region))
    assert words in _message(client, refused)
    assert not _signed_in(client)
    assert anna.oidc_subject is None
    assert client.get("/auth/provider/continue").status_code == 303


def test_a_replayed_callback_is_refused(client, op, region, anna):
    callback = _to_callback(client, op, region)
    assert client.get(callback).status_code == 303
    client.post("/auth/provider/continue")
    client.post("/auth/logout")
    client.get(f"/auth/provider?provider={region.id}")  # a new sign-in, a new state
    again = client.get(callback)  # the old answer, replayed
    assert "did not complete" in _message(client, again)
    assert not _signed_in(client)


@pytest.mark.parametrize("change", ["other state", "no state"])
def test_a_callback_with_the_wrong_state_or_none_is_refused(client, op, region, anna, change):
    callback = _to_callback(client, op, region)
    path, _, query = callback.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&"))
    if change == "no state":
        params.pop("state")
    else:
        params["state"] = "forged-state-value"
    forged = client.get(f"{path}?" + "&".join(f"{k}={v}" for k, v in params.items()))
    assert "did not complete" in _message(client, forged)
    assert not _signed_in(client) and anna.oidc_subject is None


def test_a_callback_from_nowhere_is_refused(client):
    response = client.get("/auth/provider/callback?code=x&state=y")
    assert "sign in again" in _message(client, response)


def test_an_unknown_person_gets_no_account(client, op, region, anna):
    op.set(user="stranger")
    before = db.session.scalars(select(StaffAccount.id)).all()
    refused = client.get(_to_callback(client, op, region))
    assert "no active staff account for you" in _message(client, refused)
    assert db.session.scalars(select(StaffAccount.id)).all() == before
    assert not _signed_in(client)


def test_an_unverified_email_links_nothing(client, op, region, anna):
    op.set(user="unverified")
    refused = client.get(_to_callback(client, op, region))
    assert "no active staff account" in _message(client, refused)
    assert anna.oidc_subject is None


def test_a_deactivated_account_is_refused(client, op, region, anna, admin):
    _sign_in(client, op, region)
    client.post("/auth/logout")
    set_active(anna, False, acting_id=admin.id)
    db.session.commit()
    refused = client.get(_to_callback(client, op, region))
    assert "no active staff account" in _message(client, refused)
    assert not _signed_in(client)


def test_deactivated_between_callback_and_button(client, op, region, anna, admin):
    client.get(_to_callback(client, op, region))
    set_active(anna, False, acting_id=admin.id)
    db.session.commit()
    refused = client.post("/auth/provider/continue")
    assert "no active staff account" in _message(client, refused)
    assert not _signed_in(client)


def test_a_provider_that_is_down_gets_a_clear_message_and_passwords_still_work(
    app, client, region, admin, login
):
    region.issuer = "https://127.0.0.1:9"  # nothing listens there
    db.session.commit()
    response = client.get(f"/auth/provider?provider={region.id}")
    assert "does not answer right now" in _message(client, response)
    assert not _signed_in(client)
    login(admin, PASSWORD)  # the installation's local admin
    assert _signed_in(client)


def test_a_disabled_or_unknown_provider_is_404(client, region):
    region.enabled = False
    db.session.commit()
    assert client.get(f"/auth/provider?provider={region.id}").status_code == 404
    assert client.get("/auth/provider?provider=999999").status_code == 404
    assert client.get("/auth/provider?provider=x").status_code == 404
    assert "Sign in with ARPA" not in client.get("/auth/login").get_data(as_text=True)
