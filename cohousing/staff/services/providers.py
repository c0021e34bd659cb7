"""Identity providers (OpenID Connect) that staff may sign in with, set by an admin.

The client secret is encrypted (Fernet, with a key derived from SECRET_KEY) and never
shown back: the form leaves it empty, and an empty field keeps the stored one. A changed
SECRET_KEY makes the stored secrets unreadable: type them again.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.staff.models import IdentityProvider


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    key = hashlib.sha256(b"identity-provider-secret:" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def client_secret(provider: IdentityProvider) -> str | None:
    """The decrypted secret; None when SECRET_KEY changed since it was saved."""
    try:
        return _fernet().decrypt(provider.client_secret_encrypted.encode()).decode()
    except InvalidToken:
        return None


def _clean_issuer(issuer: str) -> str:
    """An https address (OpenID Connect requires it), without a trailing slash."""
    issuer = (issuer or "").strip().rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise RuleError(_l("Enter the issuer's https address, as the provider gives it."), "issuer")
    return issuer


def _clean_scopes(scopes: str) -> str:
    words = (scopes or "").split()
    if "openid" not in words:
        words.insert(0, "openid")
    return " ".join(dict.fromkeys(words))


def save_provider(
    provider: IdentityProvider | None,
    *,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    scopes: str,
    enabled: bool,
    organisation_id: int | None = None,
) -> IdentityProvider:
    """Create (provider None) or change a provider; an empty secret keeps the stored one."""
    name, client_id = (name or "").strip(), (client_id or "").strip()
    if not name:
        raise RuleError(_l("Enter a name."), "name")
    issuer = _clean_issuer(issuer)
    if not client_id:
        raise RuleError(_l("Enter the client id the provider gave you."), "client_id")
    if provider is None and not client_secret:
        raise RuleError(_l("Enter the client secret the provider gave you."), "client_secret")
    if provider is None:
        provider = IdentityProvider(organisation_id=organisation_id)
        db.session.add(provider)
    provider.name, provider.issuer, provider.client_id = name, issuer, client_id
    provider.scopes = _clean_scopes(scopes)
    provider.enabled = enabled
    if client_secret:
        provider.client_secret_encrypted = _fernet().encrypt(client_secret.encode()).decode()
    db.session.flush()
    record("staff.identity_provider_saved", detail=f"{provider.id} {provider.name}")
    return provider


def all_providers(organisation_id: int | None = None) -> list[IdentityProvider]:
    """Every provider, or (`organisation_id`) an organisation's own."""
    query = select(IdentityProvider).order_by(IdentityProvider.name)
    if organisation_id is not None:
        query = query.where(IdentityProvider.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def enabled_providers() -> list[IdentityProvider]:
    return [provider for provider in all_providers() if provider.enabled]


def enabled_provider(provider_id: int | None) -> IdentityProvider | None:
    provider = db.session.get(IdentityProvider, provider_id) if provider_id else None
    return provider if provider is not None and provider.enabled else None
