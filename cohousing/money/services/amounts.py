"""Money amounts: the range the app accepts. Reading and writing them is web plumbing
(`cohousing.web.amounts`), the same parser for every money field of the app."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from cohousing.money.models import MAX_CENTS
from cohousing.web.amounts import (
    MAX_TEXT,
    as_decimal,
    format_amount,
    parse_amount,
    parse_optional_amount,
)

__all__ = [
    "MAX_TEXT",
    "amount_problem",
    "as_decimal",
    "format_amount",
    "parse_amount",
    "parse_optional_amount",
]


def amount_problem(cents: int):
    """The message for an amount out of range (1 cent to €100,000), or None."""
    if cents <= 0:
        return _l("Enter an amount above zero.")
    if cents > MAX_CENTS:
        return _l("This amount is too large: at most 100,000 euros.")
    return None
