"""Sign-in rules: throttling per account, one-time password links."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from cohousing import clock
from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.passwords import hash_secret, verify_secret
from cohousing.people.models import StaffAccount


@dataclass(frozen=True)
class SignInResult:
    account: StaffAccount | None
    throttled_until: datetime | None = None


def find_account(email: str) -> StaffAccount | None:
    return db.session.scalar(
        select(StaffAccount).where(func.lower(StaffAccount.email) == email.strip().lower())
    )


def _window_open(account: StaffAccount, now: datetime) -> bool:
    since = account.login_failures_since
    return since is not None and now - since < current_app.config["LOGIN_FAILURE_WINDOW"]


def authenticate(email: str, password: str) -> SignInResult:
    """Check a password, counting failures per account: 5 in 15 minutes pause that account.

    Other accounts are not affected; an unknown email costs the same time as a known one.
    """
    now = clock.now()
    account = find_account(email)
    if account is None or not account.active:
        verify_secret(None, password)
        return SignInResult(None)
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    if _window_open(account, now) and account.login_failures >= limit:
        until = account.login_failures_since + current_app.config["LOGIN_FAILURE_WINDOW"]
        return SignInResult(None, throttled_until=until)
    if verify_secret(account.password_hash, password):
        account.login_failures = 0
        account.login_failures_since = None
        account.last_login_at = now
        return SignInResult(account)
    if _window_open(account, now):
        # Counted in SQL, so parallel guesses cannot overwrite each other's count.
        account.login_failures = StaffAccount.login_failures + 1
        db.session.flush()
    else:
        account.login_failures = 1
        account.login_failures_since = now
    if account.login_failures >= limit:
        record("staff.sign_in_throttled", subject_staff_id=account.id)
    return SignInResult(None)


# --- one-time password links ---------------------------------------------------------


class _ClockSigner(TimestampSigner):
    """Dates links with the app's clock, so expiry follows the one source of time."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="set-password", signer=_ClockSigner
    )


def _fingerprint(account: StaffAccount) -> str:
    """Changes as soon as the password is set, so a link works once."""
    return hashlib.sha256((account.password_hash or "unset").encode()).hexdigest()[:16]


def password_link_token(account: StaffAccount) -> str:
    return _serializer().dumps({"id": account.id, "fp": _fingerprint(account)})


def account_for_token(token: str) -> StaffAccount | None:
    """The account a valid, unused, unexpired link is for; None otherwise."""
    max_age = int(current_app.config["PASSWORD_LINK_MAX_AGE"].total_seconds())
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    account = db.session.get(StaffAccount, data.get("id"))
    if account is None or not account.active or data.get("fp") != _fingerprint(account):
        return None
    return account


def set_password(account: StaffAccount, password: str) -> None:
    account.password_hash = hash_secret(password)
    account.login_failures = 0
    account.login_failures_since = None
    record("staff.password_set", subject_staff_id=account.id)
