"""Staff accounts: the installation admin, and each organisation's admins, coordinators and
workers, who sign in with email and password."""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
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


class IdentityProvider(db.Model):
    """An OpenID Connect provider staff sign in with (the region's ARPA, an organisation's
    own). The client secret is kept encrypted with a key derived from SECRET_KEY and never
    shown back. `organisation_id` names the organisation it belongs to (none: the whole
    installation)."""

    __tablename__ = "identity_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(80))
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_encrypted: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(200), default="openid email profile")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


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
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The second factor (cohousing.staff.services.two_factor): a TOTP secret, waiting for
    # its first code until totp_enabled_at is set; the last 30-second step a code was
    # accepted for, so a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)
    # Signing in through an identity provider (cohousing.staff.services.oidc): the
    # provider and its subject, linked at the first sign-in of an invited account.
    identity_provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("identity_provider.id"), nullable=True
    )
    oidc_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)

    worker_links: Mapped[list[WorkerLink]] = relationship(back_populates="worker")
    identity_provider: Mapped[IdentityProvider | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (UniqueConstraint("identity_provider_id", "oidc_subject"),)

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
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def must_have_two_factor(self) -> bool:
        """Both kinds of admin: they hand out accounts and read the whole register."""
        return self.role in (Role.ADMIN, Role.ORG_ADMIN)

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


class SignInWarning(db.Model):
    """An email to an account's owner: many wrong passwords were typed for it. One per
    account per LOGIN_WARNING_EVERY at most (the unique key), sent by the scan job, which
    claims it first (cohousing.database.claims), so it goes out once."""

    __tablename__ = "sign_in_warning"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id", ondelete="CASCADE"))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(default=0)

    account: Mapped[StaffAccount] = relationship()

    __table_args__ = (UniqueConstraint("account_id", "window_start"),)


class RecoveryCode(db.Model):
    """One of the ten codes shown once at two-factor set-up, for a lost phone: only its
    SHA-256 is kept (each code is 80 random bits), and it works once."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("staff_account.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_staff_recovery_code_account", "account_id"),)
