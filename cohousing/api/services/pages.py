"""Cursor pagination: a page of rows after the last id the caller saw, ordered by id.

The cursor is opaque to the caller (the last id, URL-safe base64), so the order can change
later without breaking their systems; a new row never shifts a page as an offset would.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from cohousing.extensions import db

CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,16}$"  # what `encode_cursor` makes, documented
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor stands for; ValueError when it is not one this API gave."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError(cursor) from None
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise ValueError(cursor)
    return int(text)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def page_of(query: Select, id_column, after: int | None, limit: int) -> Page:
    """The rows of `query` after id `after`, `limit` of them, and the cursor of the next."""
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, encode_cursor(rows[-1].id) if more and rows else None)
