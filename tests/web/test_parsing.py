"""The one parser: only ASCII digits, bounded numbers and dates, no control characters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohousing.web.parsing import (
    MAX_ID,
    clean_text,
    parse_date,
    parse_id,
    parse_int,
    query_id,
    query_int,
    suffix_id,
)


@pytest.mark.parametrize(
    "text", ["²", "①", "¹²³⁴", "٣", "1²", "", " ", "1.5", "1e3", "0x10", "9" * 400, None, True]
)
def test_only_ascii_digits_are_numbers(text):
    assert parse_int(text, low=-(10**9), high=10**9) is None


def test_numbers_are_bounded():
    assert parse_int(" 42 ", low=0, high=100) == 42
    assert parse_int("-3", low=-5, high=5) == -3
    assert parse_int("101", low=0, high=100) is None
    assert parse_id("0") is None and parse_id(str(MAX_ID + 1)) is None
    assert parse_id(str(2**63)) is None
    assert parse_id(str(MAX_ID)) == MAX_ID


def test_dates_are_iso_and_between_1900_and_2200():
    assert parse_date("2026-12-03") == date(2026, 12, 3)
    for text in (
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "03/12/2026",
        "\uff12\uff10\uff12\uff16-12-03",
    ):
        assert parse_date(text) is None


def test_field_names_with_ids():
    assert suffix_id("part-12", "part-") == 12
    assert suffix_id("part-²", "part-") is None
    assert suffix_id("other-12", "part-") is None


def test_control_characters_go_line_breaks_stay():
    assert clean_text("a\x00b\x07c\td\ne\r") == "abc\td\ne\r"


def test_query_string_converters_raise_value_error_for_the_default():
    assert query_id("7") == 7
    with pytest.raises(ValueError):
        query_id(str(2**63))
    with pytest.raises(ValueError):
        query_int(1, 10)("11")


@given(st.text(max_size=30))
def test_whatever_is_typed_is_a_bounded_int_or_none(text):
    value = parse_int(text, low=-1000, high=1000)
    assert value is None or (-1000 <= value <= 1000 and str(abs(value)) in text)
