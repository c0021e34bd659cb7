"""Reading and writing euro amounts in Italian and English."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohousing.money.models import MAX_CENTS
from cohousing.money.services import (
    amount_problem,
    as_decimal,
    format_amount,
    parse_amount,
    parse_optional_amount,
)
from cohousing.rules import RuleError


@pytest.mark.parametrize(
    ("text", "locale", "cents"),
    [
        ("12,50", "it", 1250),
        ("12.50", "it", 1250),  # two digits after a single mark are cents, in any language
        ("12,5", "it", 1250),
        ("1.234,50", "it", 123450),
        ("1.234", "it", 123400),  # Italian thousands
        ("1.234.567,89", "it", 123456789),
        ("12", "it", 1200),
        ("€ 12,50", "it", 1250),
        ("12,50 €", "it", 1250),
        ("  12,50  ", "it", 1250),
        ("1 234,50", "it", 123450),
        ("0,05", "it", 5),
        (",50", "it", 50),
        ("12.50", "en", 1250),
        ("12,50", "en", 1250),
        ("1,234.50", "en", 123450),
        ("1,234", "en", 123400),  # English thousands
        ("€1,234.50", "en", 123450),
        ("1.234,50", "en", 123450),  # both marks: the last one is the decimal mark
        ("12 EUR", "en", 1200),
    ],
)
def test_parse_accepts_what_people_type(text, locale, cents):
    assert parse_amount(text, locale) == cents


@pytest.mark.parametrize(
    ("text", "locale", "message"),
    [
        ("", "it", "Enter an amount."),
        ("   ", "en", "Enter an amount."),
        (None, "en", "Enter an amount."),
        ("-12,50", "it", "above zero"),
        ("- 5", "en", "above zero"),
        ("12a", "it", "Use only digits"),
        ("dodici", "it", "Use only digits"),
        ("1.234", "en", "at most 2 digits"),  # three decimals in English
        ("1,234", "it", "at most 2 digits"),  # three decimals in Italian
        ("12,345", "it", "at most 2 digits"),
        ("1,2345.5", "en", "Write the amount like 1,234.50."),
        ("1.2.3", "it", "Write the amount like 1.234,50."),
        ("1,234,567", "it", "Write the amount like 1.234,50."),
        ("12 50", "it", "Write the amount like"),  # a space only groups thousands
        ("1.234,5,0", "it", "Write the amount like"),
        ("1" * 40, "it", "too long"),
        (",", "it", "Use only digits"),
    ],
)
def test_parse_refuses_with_a_clear_message(text, locale, message):
    with pytest.raises(RuleError) as caught:
        parse_amount(text, locale)
    assert message in str(caught.value.message)
    assert caught.value.field == "amount"  # shown next to the amount field


def test_format_uses_the_readers_style():
    assert format_amount(123450, "it") == "1.234,50\xa0€"
    assert format_amount(123450, "en") == "€1,234.50"
    assert format_amount(5, "it", symbol=False) == "0,05"
    assert format_amount(123456789, "en", symbol=False) == "1,234,567.89"


def test_amount_bounds():
    assert amount_problem(1) is None and amount_problem(MAX_CENTS) is None
    assert "above zero" in str(amount_problem(0)) and "above zero" in str(amount_problem(-1))
    assert "too large" in str(amount_problem(MAX_CENTS + 1))


def test_cents_become_exact_euros_never_floats():
    assert str(as_decimal(123450)) == "1234.50"
    assert str(as_decimal(-5)) == "-0.05"
    assert as_decimal(10) + as_decimal(20) == as_decimal(30)  # 0.1 + 0.2 == 0.3
    assert str(as_decimal(2**53 + 1)) == "90071992547409.93"  # a float would lose the cent


def test_parse_uses_the_request_locale_when_none_given(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert parse_amount("1,234") == 123400
        with pytest.raises(RuleError):
            parse_amount("1.234")


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=10 * MAX_CENTS),
    locale=st.sampled_from(["it", "en"]),
    symbol=st.booleans(),
)
def test_format_then_parse_gives_the_same_cents(cents, locale, symbol):
    assert parse_amount(format_amount(cents, locale, symbol=symbol), locale) == cents


def test_optional_amount_is_none_when_blank():
    assert parse_optional_amount("  ", "it") is None
    assert parse_optional_amount(None, "en") is None
    assert parse_optional_amount("900,50", "it") == 90050
    with pytest.raises(RuleError):
        parse_optional_amount("-1", "it")
