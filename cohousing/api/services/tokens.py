"""API tokens: made by an organisation admin, shown once, kept only as a hash, revoked.

The secret is 32 random bytes (`cohousing_` + URL-safe text); the database keeps its
sha256, which is enough for a secret that long (no password to stretch), and its first
characters, so the admin can tell which token a system holds. Each API call finds its token
by the hash (`identify_token`, from the access rule); when it was last used is the newest
register row the call left.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.api.models import ApiToken, Scope
from cohousing.audit.models import AuditEvent
from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.staff.models import StaffAccount

SECRET_PREFIX = "cohousing_"  # noqa: S105 (not a secret: what every token starts with)
MAX_DAYS = 366  # a token works one year at most: a forgotten one stops by itself


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _today() -> date:
    return clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, on the page that answers the creation


def _check(name: str, scopes: list[str], expires_on: date | None) -> dict[str, object]:
    errors: dict[str, object] = {}
    if not name.strip():
        errors["name"] = _l("Give the token a name that says which system uses it.")
    if not scopes or not set(scopes) <= {s.value for s in Scope}:
        errors["scopes"] = _l("Choose at least one kind of data.")
    today = _today()
    if expires_on is None or expires_on <= today:
        errors["expires_on"] = _l("Choose a day after today.")
    elif expires_on > today + timedelta(days=MAX_DAYS):
        errors["expires_on"] = _l("A token works one year at most.")
    return errors


def create_token(
    by: StaffAccount,
    *,
    name: str,
    scopes: list[str],
    expires_on: date | None,
    submission_id: str | None = None,
) -> NewToken:
    """A new token of `by`'s organisation; its secret is in the answer and nowhere else."""
    errors = _check(name, scopes, expires_on)
    if errors:
        raise RuleError(errors=errors)
    claimed = idempotency.claim(submission_id)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation_id=by.organisation_id,
        name=name.strip()[:80],
        scopes=" ".join(s.value for s in Scope if s.value in scopes),
        secret_hash=hash_secret(secret),
        prefix=secret[: len(SECRET_PREFIX) + 2],
        expires_on=expires_on,
        created_by_id=by.id,
    )
    db.session.add(token)
    db.session.flush()
    record("api_token.created", subject_staff_id=by.id, detail=token.name)
    if claimed is not None:
        claimed.led_to(str(token.id))
    return NewToken(token, secret)


def revoke_token(token: ApiToken) -> None:
    """From now on every call with it answers 401. Kept, with its register rows."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        record("api_token.revoked", detail=token.name)


@dataclass(frozen=True)
class TokenLine:
    token: ApiToken
    last_used_at: datetime | None
    works: bool


def tokens_of(organisation_id: int) -> list[TokenLine]:
    """The organisation's tokens, newest first, with their last use: two queries."""
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.organisation_id == organisation_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()
    last = dict(
        db.session.execute(
            select(AuditEvent.api_token_id, func.max(AuditEvent.at))
            .where(AuditEvent.api_token_id.in_([t.id for t in tokens]))
            .group_by(AuditEvent.api_token_id)
        ).all()
    )
    today = _today()
    return [TokenLine(t, last.get(t.id), t.works_on(today)) for t in tokens]


def organisation_token(organisation_id: int, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.organisation_id == organisation_id else None


def bearer_secret() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() or None if scheme.lower() == "bearer" else None


def identify_token() -> ApiToken | None:
    """The caller's token when it is known, not revoked and not past its day (else None),
    kept in `g.api_token` for the access rule, the scope and the register."""
    secret = bearer_secret()
    token = None
    if secret:
        token = db.session.scalar(
            select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret))
        )
    if token is not None and not token.works_on(_today()):
        token = None
    g.api_token = token
    return token
