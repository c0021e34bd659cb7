"""Staff accounts: admins create accounts (the installation admin in any organisation, an
organisation admin in their own); nobody else creates accounts.

Signing in is throttled per account; one-time links set a password; Flask-Login loads the
account of a session (its id carries a fingerprint of the password hash and the session's
random id). Each signed-in browser is a StaffSession row, checked on every request: signing
out deletes it (a copy of the cookie is refused), and it ends after STAFF_SESSION_LIFETIME
however busy the day was (the idle limit is the access check's).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db, login_manager
from cohousing.people.services import hash_secret, verify_secret
from cohousing.rules import RuleError
from cohousing.staff.models import Role, StaffAccount, StaffSession
from cohousing.web.parsing import parse_id

MIN_PASSWORD = 10  # the floor of the set-password form too


def _clean_email(email: str) -> str:
    """Lower-case and syntax-checked, so the CLI cannot store what the form would refuse."""
    email = email.strip().lower()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise RuleError(_l("Enter a valid email address."), "email") from None
    return email


def create_staff(
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str | None = None,
    organisation_id: int | None = None,
    created_by_id: int | None = None,
    preferred_language: str | None = None,
    submission_id: str | None = None,
) -> StaffAccount:
    """A new account; without a password it waits for its one-time link. Every account
    belongs to an organisation, except the installation admin's, which belongs to none.

    The submission is claimed first, so a double submit is reported as such and not as
    a duplicate email.
    """
    claimed = idempotency.claim(submission_id)
    email = _clean_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise RuleError(_l("Enter a name."), "display_name")
    if password is not None and len(password) < MIN_PASSWORD:
        raise RuleError(_l("Use at least %(num)d characters.", num=MIN_PASSWORD), "password")
    if preferred_language not in (None, *current_app.config["LANGUAGES"]):
        raise RuleError(_l("Choose a language from the list."), "preferred_language")
    if (role is Role.ADMIN) != (organisation_id is None):
        raise RuleError(_l("Choose the organisation the person works for."), "organisation")
    if find_account(email) is not None:
        raise RuleError(_l("An account with this email already exists."), "email")
    account = StaffAccount(
        organisation_id=organisation_id,
        email=email,
        display_name=display_name,
        role=role,
        password_hash=hash_secret(password) if password else None,
        created_by_id=created_by_id,
        preferred_language=preferred_language,
    )
    try:
        with db.session.begin_nested():  # two admins at once: the unique key decides
            db.session.add(account)
    except IntegrityError:
        raise RuleError(_l("An account with this email already exists."), "email") from None
    if claimed is not None:
        claimed.result = str(account.id)
    record("staff.created", subject_staff_id=account.id, detail=role.value)
    return account


def set_active(account: StaffAccount, active: bool, *, acting_id: int | None = None) -> None:
    """Deactivate or reactivate; an admin cannot lock themselves out."""
    if not active and acting_id is not None and account.id == acting_id:
        raise RuleError(_l("You cannot deactivate your own account."))
    if account.active == active:
        return
    account.active = active
    if not active:
        end_all_sessions(account)
    record("staff.activated" if active else "staff.deactivated", subject_staff_id=account.id)


def new_password_link_token(account: StaffAccount) -> str:
    """A one-time token to set (or reset) the password; it stops working once one is set."""
    if not account.active:
        raise RuleError(_l("This account is not active. Reactivate it first."))
    record("staff.password_link_created", subject_staff_id=account.id)
    return password_link_token(account)


def get_staff(account_id: int) -> StaffAccount | None:
    return db.session.get(StaffAccount, account_id)


def all_staff(visible: Select[tuple[StaffAccount]]) -> list[StaffAccount]:
    """The accounts of `visible` (security.staff_visible_to_staff), active first."""
    return list(
        db.session.scalars(
            visible.options(joinedload(StaffAccount.organisation)).order_by(
                StaffAccount.active.desc(), StaffAccount.display_name, StaffAccount.id
            )
        )
    )


def active_workers() -> list[StaffAccount]:
    """Every active worker, of any organisation: a household can be followed by a worker of
    another one (a health authority's nurse in a municipality's house)."""
    return list(
        db.session.scalars(
            select(StaffAccount)
            .options(joinedload(StaffAccount.organisation))
            .where(StaffAccount.role == Role.WORKER, StaffAccount.active.is_(True))
            .order_by(StaffAccount.display_name)
        )
    )


# --- signing in ----------------------------------------------------------------------


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


def remember_language(account: StaffAccount, language: str) -> None:
    """The language picked on the sign-in page becomes the account's own."""
    if language in current_app.config["LANGUAGES"] and account.preferred_language != language:
        account.preferred_language = language


def set_password(account: StaffAccount, password: str) -> None:
    account.password_hash = hash_secret(password)
    account.login_failures = 0
    account.login_failures_since = None
    end_all_sessions(account)
    record("staff.password_set", subject_staff_id=account.id)


# --- sessions --------------------------------------------------------------------------


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(account: StaffAccount) -> None:
    """A new session for a sign-in (call before `login_user`, which stores its id). The
    account's sessions past their lifetime are deleted on the way."""
    now = clock.now()
    lifetime = current_app.config["STAFF_SESSION_LIFETIME"]
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.account_id == account.id, StaffSession.started_at <= now - lifetime
        )
    )
    session_id = secrets.token_urlsafe(32)
    db.session.add(
        StaffSession(account_id=account.id, token_hash=_digest(session_id), started_at=now)
    )
    account.session_id = session_id


def end_session(account: StaffAccount) -> None:
    """Sign-out: this browser's session ends, and every copy of its cookie with it."""
    if account.session_id:
        db.session.execute(
            delete(StaffSession).where(StaffSession.token_hash == _digest(account.session_id))
        )
    account.session_id = None


def end_all_sessions(account: StaffAccount) -> None:
    """A new password or a deactivation signs the account out everywhere."""
    db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))


# --- Flask-Login -----------------------------------------------------------------------


def init_login_manager(app: Flask) -> None:
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_staff(user_id: str) -> StaffAccount | None:
    """Ids carry a fingerprint of the password hash (a changed password ends old sessions)
    and the session's id: one query finds the account with that session, still in its
    lifetime. A signed-out, expired or unknown session is nobody."""
    raw_id, fingerprint, session_id = [*user_id.split(":"), "", ""][:3]
    account_id = parse_id(raw_id)  # the session cookie is signed, but parse it the one way
    if account_id is None or not session_id:
        return None
    started_after = clock.now() - current_app.config["STAFF_SESSION_LIFETIME"]
    account = db.session.scalar(
        select(StaffAccount)
        .join(StaffSession, StaffSession.account_id == StaffAccount.id)
        .where(
            StaffAccount.id == account_id,
            StaffSession.token_hash == _digest(session_id),
            StaffSession.started_at > started_after,
        )
    )
    if account is None or not account.active:
        return None
    if not hmac.compare_digest(account.password_fingerprint(), fingerprint):
        return None
    account.session_id = session_id
    return account
