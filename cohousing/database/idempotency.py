"""Record a form submission once, however many times it is sent.

Each create form carries a random `submission_id`. The service claims it in the same
transaction as the record it creates; a second claim fails on the unique key, so two
taps on "save" (or two devices) book one record.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.extensions import db


class SubmissionToken(db.Model):
    __tablename__ = "submission_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    result: Mapped[str] = mapped_column(String(200), default="")  # where the first one led
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


_TOKEN_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AlreadySubmitted(Exception):
    """The same form was already recorded; `result` says where it led."""

    def __init__(self, result: str) -> None:
        super().__init__(result)
        self.result = result


def claim(token: str | None) -> SubmissionToken | None:
    """Claim `token` inside the current transaction, or raise AlreadySubmitted.

    Uses a savepoint so a lost race does not undo the caller's transaction.
    """
    token = _TOKEN_CHARACTERS.sub("", token or "")[:64]  # what new_token makes, nothing else
    if not token:
        return None
    claimed = SubmissionToken(token=token)
    try:
        with db.session.begin_nested():
            db.session.add(claimed)
    except IntegrityError:
        first = db.session.scalar(select(SubmissionToken).filter_by(token=token))
        raise AlreadySubmitted(first.result if first else "") from None
    return claimed
