"""Staff accounts: admins create coordinators and workers; nobody else creates accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.auth.services import find_account
from cohousing.extensions import db
from cohousing.passwords import hash_secret
from cohousing.people.models import Role, StaffAccount


class StaffRuleError(ValueError):
    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def create_staff(
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str | None = None,
    created_by_id: int | None = None,
    preferred_language: str | None = None,
) -> StaffAccount:
    """A new account; without a password it waits for its one-time link."""
    email = email.strip().lower()
    if find_account(email) is not None:
        raise StaffRuleError(_l("An account with this email already exists."), "email")
    account = StaffAccount(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_secret(password) if password else None,
        created_by_id=created_by_id,
        preferred_language=preferred_language,
    )
    db.session.add(account)
    db.session.flush()
    record("staff.created", subject_staff_id=account.id, detail=role.value)
    return account


def set_active(account: StaffAccount, active: bool) -> None:
    account.active = active
    record("staff.activated" if active else "staff.deactivated", subject_staff_id=account.id)


def all_staff() -> list[StaffAccount]:
    return list(db.session.scalars(select(StaffAccount).order_by(StaffAccount.display_name)))


def active_workers() -> list[StaffAccount]:
    return list(
        db.session.scalars(
            select(StaffAccount)
            .where(StaffAccount.role == Role.WORKER, StaffAccount.active.is_(True))
            .order_by(StaffAccount.display_name)
        )
    )
