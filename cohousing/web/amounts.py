"""Euro amounts, read and written the way the reader's language does, as integer cents.

Pure: no database, no request. One parser for every money field of the app, so "12,50",
"12.50", "1.234,50" and "€ 12,50" mean the same thing wherever they are typed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, get_decimal_symbol, get_group_symbol
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from cohousing.rules import RuleError

MAX_TEXT = 30

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007'\u2019]+")
_THOUSANDS_AFTER_SPACE = re.compile(r"[0-9]{3}(?![0-9])")
_CURRENCY = re.compile(r"€|eur(?:o|os)?", re.IGNORECASE)
_ALLOWED = re.compile(r"[0-9.,]+")


def _refuse(message) -> RuleError:
    """Text that is not an amount: the message (translatable) says how to write it."""
    return RuleError(message, "amount")


class _BadLayout(Exception):
    """Marks in the wrong places; parse_amount answers with an example in the reader's style."""


def _locale(locale: Locale | str | None) -> Locale:
    if isinstance(locale, Locale):
        return locale
    if locale is None:
        return get_locale() or Locale.parse("it")
    return Locale.parse(locale.replace("-", "_"))


def _clean(text: str, locale: Locale) -> str:
    """Drop the currency and spaces; a space inside the number may only group thousands."""
    cleaned = _CURRENCY.sub("", text)
    group = get_group_symbol(locale)
    if group not in ".,":
        cleaned = cleaned.replace(group, " ")
    parts = _SPACES.split(cleaned.strip())
    if any(not _THOUSANDS_AFTER_SPACE.match(part) for part in parts[1:]):
        raise _BadLayout
    return "".join(parts)


def parse_amount(text: str | None, locale: Locale | str | None = None) -> int:
    """Integer cents from what a person typed, or RuleError on the field "amount".

    A single separator followed by one or two digits is the decimal mark in any language
    ("12.50" is accepted in Italian); followed by three digits it is the thousands mark only
    if that is how the language groups ("1.234" is 1234 euros in Italian, an error in
    English, where it would be three decimals). With both marks, the last one is decimal.
    """
    raw = (text or "").strip()
    if not raw:
        raise _refuse(_l("Enter an amount."))
    if len(raw) > MAX_TEXT:
        raise _refuse(_l("This amount is too long."))
    if "-" in raw or "\u2212" in raw:
        raise _refuse(_l("Enter an amount above zero."))
    the_locale = _locale(locale)
    try:
        cleaned = _clean(raw, the_locale)
        if not _ALLOWED.fullmatch(cleaned) or not any(c in "0123456789" for c in cleaned):
            raise _refuse(_l("Use only digits, with a comma or a point before the cents."))
        whole, cents = _split_decimal(cleaned, get_decimal_symbol(the_locale))
    except _BadLayout:
        example = format_amount(123450, the_locale, symbol=False)
        raise _refuse(_l("Write the amount like %(example)s.", example=example)) from None
    return int(whole or "0") * 100 + int(cents.ljust(2, "0"))


def parse_optional_amount(text: str | None, locale: Locale | str | None = None) -> int | None:
    """Like parse_amount, but a blank field is None (an amount nobody has given yet)."""
    if not (text or "").strip():
        return None
    return parse_amount(text, locale)


def _split_decimal(cleaned: str, decimal_mark: str) -> tuple[str, str]:
    """(whole digits, cent digits) from digits and marks; raises on anything ambiguous."""
    marks = [c for c in cleaned if c in ".,"]
    if not marks:
        return cleaned, ""
    last = marks[-1]
    head, _sep, tail = cleaned.rpartition(last)
    other = "," if last == "." else "."
    if len(set(marks)) == 2:  # "1.234,50" or "1,234.50": the last mark is the decimal one
        if last in head:
            raise _BadLayout
        return _whole(head, other), _cents(tail)
    if len(marks) > 1:  # "1.234.567": only thousands marks, if that is how this language groups
        if last == decimal_mark:
            raise _BadLayout
        return _whole(cleaned, last), ""
    if len(tail) <= 2:  # "12,50", "12.50", "12,5", "12,"
        return _whole(head, None), tail
    if len(tail) == 3 and last != decimal_mark and head and head != "0":
        return _whole(cleaned, last), ""  # "1.234" in Italian, "1,234" in English
    raise _refuse(_l("Use at most 2 digits for the cents."))


def _whole(text: str, group_mark: str | None) -> str:
    """The whole euros, checking that a thousands mark really groups by three."""
    if group_mark is None:
        return text
    first, *groups = text.split(group_mark)
    if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in groups):
        raise _BadLayout
    return "".join((first, *groups))


def _cents(tail: str) -> str:
    if len(tail) > 2:
        raise _refuse(_l("Use at most 2 digits for the cents."))
    return tail


def as_decimal(cents: int) -> Decimal:
    """Cents as an exact number of euros (never a float: 0.1 + 0.2 is not 0.3)."""
    return Decimal(cents).scaleb(-2)


def format_amount(cents: int, locale: Locale | str | None = None, *, symbol: bool = True) -> str:
    """Cents as the reader writes euros: "1.234,50 €" (it), "€1,234.50" (en).

    With symbol=False, the plain number for a form field ("1.234,50"), which
    parse_amount reads back to the same cents.
    """
    return _amount_text(_locale(locale), cents, symbol)


@lru_cache(maxsize=8192)
def _amount_text(locale: Locale, cents: int, symbol: bool) -> str:
    """Babel's currency format costs about 20 µs; the same amount in the same language is
    written the same way, so each is formatted once (a page repeats many)."""
    if symbol:
        return format_currency(as_decimal(cents), "EUR", locale=locale)
    return format_decimal(as_decimal(cents), format="#,##0.00", locale=locale)
