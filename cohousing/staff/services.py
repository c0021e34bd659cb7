"""Staff accounts: admins create coordinators and workers; nobody else creates accounts."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing import idempotency
from cohousing.audit.services import record
from cohousing.auth.services import find_account, password_link_token
from cohousing.extensions import db
from cohousing.passwords import hash_secret
from cohousing.people.models import Role, StaffAccount

MIN_PASSWORD = 10  # the same floor as the set-password form


class StaffRuleError(ValueError):
    """A request that breaks a staff rule; `field` names the form field to blame."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def _clean_email(email: str) -> str:
    """Lower-case and syntax-checked, so the CLI cannot store what the form would refuse."""
    email = email.strip().lower()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise StaffRuleError(_l("Enter a valid email address."), "email") from None
    return email


def create_staff(
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str | None = None,
    created_by_id: int | None = None,
    preferred_language: str | None = None,
    submission_id: str | None = None,
) -> StaffAccount:
    """A new account; without a password it waits for its one-time link.

    The submission is claimed first, so a double submit is reported as such and not as
    a duplicate email.
    """
    claimed = idempotency.claim(submission_id)
    email = _clean_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise StaffRuleError(_l("Enter a name."), "display_name")
    if password is not None and len(password) < MIN_PASSWORD:
        raise StaffRuleError(_l("Use at least %(num)d characters.", num=MIN_PASSWORD), "password")
    if preferred_language not in (None, *current_app.config["LANGUAGES"]):
        raise StaffRuleError(_l("Choose a language from the list."), "preferred_language")
    if find_account(email) is not None:
        raise StaffRuleError(_l("An account with this email already exists."), "email")
    account = StaffAccount(
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
        raise StaffRuleError(_l("An account with this email already exists."), "email") from None
    if claimed is not None:
        claimed.result = str(account.id)
    record("staff.created", subject_staff_id=account.id, detail=role.value)
    return account


def set_active(account: StaffAccount, active: bool, *, acting_id: int | None = None) -> None:
    """Deactivate or reactivate; an admin cannot lock themselves out."""
    if not active and acting_id is not None and account.id == acting_id:
        raise StaffRuleError(_l("You cannot deactivate your own account."))
    if account.active == active:
        return
    account.active = active
    record("staff.activated" if active else "staff.deactivated", subject_staff_id=account.id)


def new_password_link_token(account: StaffAccount) -> str:
    """A one-time token to set (or reset) the password; it stops working once one is set."""
    if not account.active:
        raise StaffRuleError(_l("This account is not active. Reactivate it first."))
    record("staff.password_link_created", subject_staff_id=account.id)
    return password_link_token(account)


def get_staff(account_id: int) -> StaffAccount | None:
    return db.session.get(StaffAccount, account_id)


def all_staff() -> list[StaffAccount]:
    return list(
        db.session.scalars(
            select(StaffAccount).order_by(
                StaffAccount.active.desc(), StaffAccount.display_name, StaffAccount.id
            )
        )
    )


def active_workers() -> list[StaffAccount]:
    return list(
        db.session.scalars(
            select(StaffAccount)
            .where(StaffAccount.role == Role.WORKER, StaffAccount.active.is_(True))
            .order_by(StaffAccount.display_name)
        )
    )
