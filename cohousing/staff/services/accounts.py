"""Staff accounts: admins create accounts (the installation admin in any organisation, an
organisation admin in their own); nobody else creates accounts. One-time links set a
password (a link stops working once the password is set)."""

from __future__ import annotations

import hashlib

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.people.services import hash_secret
from cohousing.rules import RuleError
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services.sessions import end_all_sessions

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
        claimed.led_to(str(account.id))
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


def find_account(email: str) -> StaffAccount | None:
    return db.session.scalar(
        select(StaffAccount).where(func.lower(StaffAccount.email) == email.strip().lower())
    )


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


# --- one-time password links ---------------------------------------------------------


class ClockSigner(TimestampSigner):
    """Dates links with the app's clock, so expiry follows the one source of time."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="set-password", signer=ClockSigner
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
    end_all_sessions(account)
    record("staff.password_set", subject_staff_id=account.id)
