"""Staff accounts: the installation admin, and each organisation's admins, coordinators and
workers, who sign in with email and password."""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime, enum_column
from cohousing.extensions import db

if TYPE_CHECKING:
    from cohousing.households.models import WorkerLink
    from cohousing.organisations.models import Organisation


class Role(enum.StrEnum):
    ADMIN = "admin"  # the installation's: creates organisations, sees no resident
    ORG_ADMIN = "org_admin"  # an organisation's: its staff, its settings, its register
    COORDINATOR = "coordinator"
    WORKER = "worker"


class StaffAccount(UserMixin, db.Model):
    """An admin, coordinator or worker, signing in with email and password."""

    __tablename__ = "staff_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, length=20))
    # None only for the installation admin; every other account belongs to one organisation.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), nullable=True, index=True
    )
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    preferred_language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    login_failures: Mapped[int] = mapped_column(default=0)
    login_failures_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)

    worker_links: Mapped[list[WorkerLink]] = relationship(back_populates="worker")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def can_manage_households(self) -> bool:
        return self.role in (Role.ORG_ADMIN, Role.COORDINATOR)

    @property
    def is_admin(self) -> bool:
        """The installation admin: organisations and their admins, never a resident."""
        return self.role is Role.ADMIN

    @property
    def manages_staff(self) -> bool:
        return self.role in (Role.ADMIN, Role.ORG_ADMIN)

    # The random id of the session being served, set at sign-in and when a request's session
    # is checked (staff.services); not a column: the database keeps only its digest.
    session_id = None

    def get_id(self) -> str:
        # A keyed digest of the password hash: a changed password ends old sessions, and
        # the (readable) session cookie reveals nothing about the hash. Then the session's
        # own id, checked against a StaffSession row on every request.
        return f"{self.id}:{self.password_fingerprint()}:{self.session_id or ''}"

    def password_fingerprint(self) -> str:
        from flask import current_app

        key = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(key, (self.password_hash or "").encode(), hashlib.sha256)
        return digest.hexdigest()[:20]

    def __repr__(self) -> str:
        return f"<StaffAccount {self.id} {self.role.value}>"


class StaffSession(db.Model):
    """One signed-in browser of a staff member: the session cookie carries a random id, this
    row its digest. Signing out deletes the row, so a copy of the cookie is refused; a row
    older than STAFF_SESSION_LIFETIME is refused too (the working day is over)."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the id
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    __table_args__ = (Index("ix_staff_session_account", "account_id"),)
