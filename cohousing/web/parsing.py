"""Ids, whole numbers and dates from the outside, parsed in one way everywhere.

Form fields, field names (`part-12`) and query strings all come through here, so a value
an attacker makes up ("²", "①", a 400-digit number, 2^63, year 9999, a NUL character)
gets the field's message or a 404, never a 500 from Python or from the database.
Only ASCII digits count as digits: `str.isdigit()` also accepts "²" and "①", which
`int()` then refuses.
"""

from __future__ import annotations

import re
from datetime import date

MAX_ID = 2**31 - 1  # the largest id both databases store (PostgreSQL integer)
MAX_DIGITS = 12  # longer than any number the app takes; refused before int()
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200  # far enough ahead for any lease; a day later stays a valid date

_ASCII_INT = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_int(text: object, *, low: int, high: int) -> int | None:
    """A whole number written in ASCII digits within [low, high], or None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and _ASCII_INT.fullmatch(text.strip()):
        value = int(text.strip())
    else:
        return None
    return value if low <= value <= high else None


def parse_id(text: object) -> int | None:
    """A database id (1 to 2^31 - 1) in ASCII digits, or None."""
    return parse_int(text, low=1, high=MAX_ID)


def parse_date(text: object) -> date | None:
    """An ISO date (YYYY-MM-DD) between 1900 and 2200, or None."""
    if isinstance(text, date):
        value = text
    elif isinstance(text, str) and _ISO_DATE.fullmatch(text.strip()):
        try:
            value = date.fromisoformat(text.strip())
        except ValueError:
            return None
    else:
        return None
    return value if EARLIEST_YEAR <= value.year <= LATEST_YEAR else None


def suffix_id(name: str, prefix: str) -> int | None:
    """The id at the end of a field name such as `part-12` (prefix "part-"), or None."""
    return parse_id(name[len(prefix) :]) if name.startswith(prefix) else None


def clean_text(text: str) -> str:
    """Text without control characters (NUL is refused by PostgreSQL); keeps tabs and
    line breaks."""
    return _CONTROL.sub("", text)


# --- for request.args.get(name, type=...): a ValueError gives the default instead ----------


def query_id(text: str) -> int:
    """`request.args.get("index", type=query_id)`: an id or the default."""
    value = parse_id(text)
    if value is None:
        raise ValueError(text)
    return value


def query_int(low: int, high: int):
    """`request.args.get("page", 1, type=query_int(1, 10_000))`: bounded or the default."""

    def convert(text: str) -> int:
        value = parse_int(text, low=low, high=high)
        if value is None:
            raise ValueError(text)
        return value

    return convert


def query_date(text: str) -> date:
    value = parse_date(text)
    if value is None:
        raise ValueError(text)
    return value
