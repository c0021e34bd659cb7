"""Residents: who use the house tablet, with a face, a name and a PIN."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import LargeBinary, String, true
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.extensions import db

if TYPE_CHECKING:
    from cohousing.households.models import Membership

AVATAR_COLOURS = ("#1f6f8b", "#7a4fa0", "#b5491f", "#2f7d32", "#8a5a00", "#a02b55", "#35568f")


class Person(db.Model):
    """A resident. No email, no password: a face, a name and a PIN on the house tablet."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    avatar_colour: Mapped[str] = mapped_column(String(7), default=AVATAR_COLOURS[0])
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    photo_version: Mapped[int] = mapped_column(default=0)
    preferred_language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    # Takes part in the house's costs (the default). A child or a guest does not: new
    # expenses are split without them and the balances leave them out, unless chosen.
    shares_expenses: Mapped[bool] = mapped_column(default=True, server_default=true())
    pin_hash: Mapped[str] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(default=0)
    pin_locks: Mapped[int] = mapped_column(default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pin_last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The resident's session on the house tablet: sha256 of the random id in the session
    # cookie, set at PIN sign-in, cleared by the lock ("Not you? Switch", the auto-lock).
    # A copy of an older cookie carries another id and is refused (tablet.services.device).
    tablet_session_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Erased on request (GDPR Art. 17, cohousing.privacy): name, photo, PIN and wellbeing
    # data are gone; the row stays as "former resident" for the housemates' money history.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", order_by="Membership.started_on"
    )

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @property
    def has_photo(self) -> bool:
        return self.photo_version > 0

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.display_name!r}>"
