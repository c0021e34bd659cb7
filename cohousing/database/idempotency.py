"""Record a form submission once, however many times it is sent.

Each create form carries a random `submission_id`. The service claims it in the same
transaction as the record it creates; a second claim fails on the unique key, so two
taps on "save" (or two devices) book one record.

The claim is one INSERT … ON CONFLICT DO NOTHING: no savepoint and no error to recover
from. A writer sending the same token at the same moment waits on the unique key until
the first commits (PostgreSQL) or for the database's write lock (SQLite), then finds it.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from cohousing.database import clock
from cohousing.database.types import UTCDateTime
from cohousing.database.upsert import insert_for
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


class Claim:
    """A submission this transaction claimed."""

    def __init__(self, token_id: int) -> None:
        self.token_id = token_id

    def led_to(self, result: str) -> None:
        """Where the submission led (a second tap is sent there): one UPDATE."""
        db.session.execute(
            update(SubmissionToken)
            .where(SubmissionToken.id == self.token_id)
            .values(result=result[:200])
        )


def claim(token: str | None) -> Claim | None:
    """Claim `token` inside the current transaction, or raise AlreadySubmitted."""
    token = _TOKEN_CHARACTERS.sub("", token or "")[:64]  # what new_token makes, nothing else
    if not token:
        return None
    token_id = db.session.scalar(
        insert_for(SubmissionToken)
        .values(token=token, result="", created_at=clock.now())
        .on_conflict_do_nothing(index_elements=[SubmissionToken.token])
        .returning(SubmissionToken.id)
    )
    if token_id is None:
        first = db.session.scalar(select(SubmissionToken.result).filter_by(token=token))
        raise AlreadySubmitted(first or "")
    return Claim(token_id)
