"""Signing staff in through an OpenID Connect provider, with Authlib's Flask client.

Discovery from the issuer (whose metadata must name the same issuer), the authorization
code flow with PKCE (S256), `state` and `nonce` kept in the session and checked, the ID
token's signature checked against the provider's JWKS, its audience (our client id), its
issuer and its times (LEEWAY seconds of clock skew, no more). A callback can be used once:
its state is removed from the session as it is read.

A staff member is found by the provider's subject. The first time, an account that a
coordinator or admin created (invited) with the same email, not yet linked, is linked to
the subject when the provider says the email is verified. Nobody gets an account just
because they can sign in at the provider; a deactivated account is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.staff.models import IdentityProvider, StaffAccount
from cohousing.staff.services.accounts import find_account
from cohousing.staff.services.providers import client_secret

if TYPE_CHECKING:
    from authlib.integrations.flask_client import FlaskOAuth2App

log = logging.getLogger(__name__)

# Authlib, requests and joserfc (about 16 MB in every worker) are imported by the functions
# below, on the first sign-in through a provider, not when the app starts.

LEEWAY = 30  # seconds of clock difference accepted on the ID token's times
TIMEOUT = 5  # seconds for each call to the provider

_UNEXPECTED = _l("The sign-in service answered as someone else. You have not been signed in.")
_NOT_VALID = _l(
    "The sign-in service sent an answer that is not valid. You have not been signed in."
)
_NO_ACCOUNT = _l(
    "There is no active staff account for you here. Ask your coordinator or administrator "
    "to invite you with the email address you use at the sign-in service."
)


class ProviderDown(Exception):
    """The provider did not answer (or answered nonsense): try again later."""


@dataclass
class Refused(Exception):
    """The provider answered, but this is no sign-in: `reason` goes to the register."""

    reason: str
    message: str


def _client(provider: IdentityProvider) -> FlaskOAuth2App:
    from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App

    name = f"provider{provider.id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name,
        client_id=provider.client_id,
        client_secret=client_secret(provider),
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def _metadata(client: FlaskOAuth2App, provider: IdentityProvider) -> dict:
    import requests

    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        log.warning("identity provider %s did not answer: %s", provider.id, type(error).__name__)
        raise ProviderDown from error
    if metadata.get("issuer") != provider.issuer:
        raise Refused("unexpected issuer", str(_UNEXPECTED))
    return metadata


def begin(provider: IdentityProvider, redirect_uri: str):
    """The redirect to the provider (state, nonce and PKCE verifier kept in the session)."""
    if client_secret(provider) is None:
        raise ProviderDown  # SECRET_KEY changed: an admin must type the secret again
    client = _client(provider)
    _metadata(client, provider)
    return client.authorize_redirect(redirect_uri)


@dataclass(frozen=True)
class Identity:
    """Who the provider vouched for: checked, not yet signed in (a GET writes nothing)."""

    provider_id: int
    subject: str
    email: str | None
    email_verified: bool
    logout_url: str | None


def finish(provider: IdentityProvider, post_logout_uri: str) -> Identity:
    """The identity of a callback (its account exists and may sign in), or Refused /
    ProviderDown. Writes nothing: `sign_in` does, on the POST that follows."""
    import requests
    from authlib.integrations.base_client import OAuthError
    from joserfc.errors import JoseError

    client = _client(provider)
    metadata = _metadata(client, provider)
    claims_options = {
        "iss": {"essential": True, "values": [provider.issuer]},
        "aud": {"essential": True},
        "sub": {"essential": True},
    }
    try:
        token = client.authorize_access_token(leeway=LEEWAY, claims_options=claims_options)
    except OAuthError as error:
        reason = error.error or "oauth error"
        raise Refused(reason, str(_l("The sign-in did not complete. Please try again."))) from None
    except JoseError as error:
        raise Refused(f"id token: {error.error}", str(_NOT_VALID)) from None
    except requests.RequestException as error:
        raise ProviderDown from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise Refused("no id token", str(_NOT_VALID))
    logout_url = None
    if metadata.get("end_session_endpoint"):
        logout_url = client.create_logout_url(
            post_logout_redirect_uri=post_logout_uri, id_token_hint=token["id_token"]
        )["url"]
    subject = str(claims["sub"])
    if "email" not in claims and metadata.get("userinfo_endpoint"):
        claims = _userinfo(client, token, subject)
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    identity = Identity(
        provider.id, subject, email, claims.get("email_verified") is True, logout_url
    )
    account_for(provider, identity)  # refused now, not after one more click
    return identity


def _userinfo(client: FlaskOAuth2App, token: dict, subject: str) -> dict:
    """The email from the userinfo endpoint (providers keep it out of the ID token unless
    asked), for the same subject only."""
    import requests
    from authlib.integrations.base_client import OAuthError

    try:
        claims = dict(client.userinfo(token=token))
    except (OAuthError, requests.RequestException, ValueError):
        raise ProviderDown from None
    if str(claims.get("sub")) != subject:
        raise Refused("userinfo for another subject", str(_NOT_VALID))
    return claims


def account_for(provider: IdentityProvider, identity: Identity) -> StaffAccount:
    """The linked account, or the invited one its verified email names; Refused else."""
    account = db.session.scalar(
        select(StaffAccount).where(
            StaffAccount.identity_provider_id == provider.id,
            StaffAccount.oidc_subject == identity.subject,
        )
    )
    if account is None:
        account = _invited(provider, identity)
    if not account.active:
        raise Refused("account not active", str(_NO_ACCOUNT))
    return account


def sign_in(provider: IdentityProvider, identity: Identity) -> StaffAccount:
    """The account, linked to the subject on its first sign-in through the provider."""
    account = account_for(provider, identity)
    if account.oidc_subject is None:
        account.identity_provider_id, account.oidc_subject = provider.id, identity.subject
        record("staff.identity_linked", subject_staff_id=account.id, detail=provider.name)
    record("staff.signed_in_with_provider", subject_staff_id=account.id, detail=provider.name)
    return account


def _invited(provider: IdentityProvider, identity: Identity) -> StaffAccount:
    email = identity.email
    if not email:
        raise Refused(
            "no email claim",
            str(
                _l(
                    "The sign-in service did not send your email address, so your account "
                    "cannot be found. Allow it to share your email, then try again."
                )
            ),
        )
    if not identity.email_verified:
        raise Refused("email not verified", str(_NO_ACCOUNT))
    account = find_account(email)
    if account is None or account.oidc_subject is not None:
        raise Refused("unknown subject", str(_NO_ACCOUNT))
    if provider.organisation_id not in (None, account.organisation_id):
        raise Refused("another organisation's account", str(_NO_ACCOUNT))
    return account
