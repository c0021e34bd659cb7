"""Sign-in throttling, measured as an attacker would: over HTTP, from client addresses.

Nobody can lock an account for its owner (a known device keeps its own bucket), the
throttle looks the same for an email that exists and one that does not, one address cannot
try passwords across many accounts, and the owner is told by email, once.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.staff.models import SignInWarning
from cohousing.staff.services import deliver_warnings, signin
from tests.fixtures.people import PASSWORD

WRONG = "not the password"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
THROTTLED = "Too many attempts. Wait a few minutes, then try again."


def _try(client, email, password=WRONG, address=ATTACKER):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _text(response, email: str) -> str:
    """The page without what differs by nature: the email typed and the CSRF token."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    html = re.sub(r'name="csrf_token"[^>]*>', "", html)
    return re.sub(r'"X-CSRFToken": *"[^"]*"', "", html)  # dated to the second


def test_five_wrong_passwords_throttle_that_email_even_with_the_right_one(client, worker):
    for _ in range(5):
        assert _try(client, worker.email).status_code == 422
    refused = _try(client, worker.email, PASSWORD)
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert THROTTLED in html and f'value="{worker.email}"' in html
    assert client.get("/households/").status_code != 200


def test_the_owner_on_a_known_device_still_signs_in(app, client, login, worker):
    owner = app.test_client()
    assert _try(owner, worker.email, PASSWORD, address=OWNER).status_code == 303
    owner.post("/auth/logout")
    for _ in range(12):  # a stranger keeps the account's bucket full
        _try(client, worker.email)
    assert _try(client, worker.email, PASSWORD).status_code == 429
    signed_in = _try(owner, worker.email, PASSWORD, address=ATTACKER)  # even on the same NAT
    assert signed_in.status_code == 303
    assert owner.get("/households/", environ_base={"REMOTE_ADDR": ATTACKER}).status_code == 200


def test_a_known_device_is_slowed_by_its_own_wrong_passwords(app, worker):
    owner = app.test_client()
    assert _try(owner, worker.email, PASSWORD, address=OWNER).status_code == 303
    owner.post("/auth/logout")
    for _ in range(10):
        assert _try(owner, worker.email, address=OWNER).status_code == 422
    assert _try(owner, worker.email, PASSWORD, address=OWNER).status_code == 429


def test_a_device_cookie_for_another_account_does_not_help(app, client, worker, other_worker):
    owner = app.test_client()
    _try(owner, other_worker.email, PASSWORD, address=OWNER)
    owner.post("/auth/logout")
    for _ in range(5):
        _try(client, worker.email)
    assert _try(owner, worker.email, PASSWORD, address=OWNER).status_code == 429


def test_a_forged_device_cookie_is_ignored(client, worker):
    client.set_cookie("cohousing_staff_device", "forged.value.here")
    for _ in range(5):
        _try(client, worker.email)
    assert _try(client, worker.email, PASSWORD).status_code == 429


def test_unknown_emails_get_exactly_what_known_ones_get(client, worker, monkeypatch):
    hashed = []
    real = signin.verify_secret
    monkeypatch.setattr(signin, "verify_secret", lambda h, p: hashed.append(h) or real(h, p))
    unknown = "nobody-here@example.org"
    known_pages, unknown_pages = [], []
    for _ in range(6):
        known_pages.append(_try(client, worker.email, address=OWNER))
        unknown_pages.append(_try(client, unknown, address=ATTACKER))
    assert [r.status_code for r in known_pages] == [422] * 5 + [429]
    assert [r.status_code for r in unknown_pages] == [422] * 5 + [429]
    for known, other in zip(known_pages, unknown_pages, strict=True):
        assert _text(known, worker.email) == _text(other, unknown)
    assert len(hashed) == 10  # a password hashed for every attempt let through, none after


def test_one_address_cannot_try_many_accounts(app, client, make_staff):
    accounts = [make_staff() for _ in range(5)]
    tries = 0
    for account in accounts[:4]:
        for _ in range(5):
            response = _try(client, account.email)
            tries += response.status_code == 422
    assert tries == 20  # LOGIN_LIMIT_ADDRESS: 20 wrong passwords an hour from one address
    assert _try(client, accounts[4].email).status_code == 429
    elsewhere = app.test_client()
    assert _try(elsewhere, accounts[4].email, PASSWORD, address=OWNER).status_code == 303


def test_a_right_password_empties_the_email_bucket(client, worker):
    for _ in range(4):
        _try(client, worker.email, address=OWNER)
    assert _try(client, worker.email, PASSWORD, address=OWNER).status_code == 303
    client.post("/auth/logout")
    for _ in range(4):
        assert _try(client, worker.email, address=OWNER).status_code == 422


def test_the_owner_is_warned_once_by_email(client, worker, other_worker, mailbox):
    worker.preferred_language = "it"
    db.session.commit()
    for _ in range(8):
        _try(client, worker.email)
    for _ in range(8):
        _try(client, "nobody-here@example.org", address=OWNER)
    rows = db.session.scalars(select(SignInWarning)).all()
    assert [row.account_id for row in rows] == [worker.id]
    throttled = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "staff.sign_in_throttled", AuditEvent.subject_staff_id == worker.id
    )
    assert db.session.scalar(throttled) == 1
    assert deliver_warnings() == 1
    assert deliver_warnings() == 0
    (message,) = mailbox.messages
    assert message["To"] == worker.email
    text = mailbox.text(message)
    assert "password errate" in text and "http://cohousing.test/auth/login" in text


@pytest.mark.parametrize("password", ["", "x" * 201])
def test_bad_input_is_a_message_not_a_count(client, worker, password):
    for _ in range(8):
        response = _try(client, worker.email, password)
        assert response.status_code == 422
    assert _try(client, worker.email, PASSWORD).status_code == 303
