"""An organisation's API token: a name, scopes and an expiry; only the secret's hash is kept.

When a token was last used is not stored here (a GET writes only its register row): it is
the time of the token's newest row in the access register (`AuditEvent.api_token_id`).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.extensions import db
from cohousing.staff.models import StaffAccount


class Scope(enum.StrEnum):
    HOUSEHOLDS = "households:read"
    RESIDENTS = "residents:read"
    VISITS = "visits:read"
    MONEY = "money:read"
    AGGREGATES = "aggregates:read"


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated Scope values
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256, hex
    prefix: Mapped[str] = mapped_column(String(12))  # the secret's start, to recognise it
    expires_on: Mapped[date]  # the last day it works, in the installation's timezone
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    created_by: Mapped[StaffAccount | None] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    def works_on(self, day: date) -> bool:
        return self.revoked_at is None and day <= self.expires_on

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name!r}>"
