"""The export's cells without HTTP: text made safe for spreadsheets, exact amounts."""

from __future__ import annotations

import pytest
from babel import Locale

from cohousing.money.services.export import Style, text_cell


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+39 333 1234567", "'+39 333 1234567"),
        ("-5 sconto", "'-5 sconto"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Spesa = 12", "Spesa = 12"),  # only the first character counts
        ("Anna Bianchi", "Anna Bianchi"),
        ("", ""),
        ("'already quoted", "'already quoted"),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_a_quote(typed, written):
    assert text_cell(typed) == written


@pytest.mark.parametrize(
    ("locale", "cents", "written"),
    [
        ("it", 123450, "1234,50"),
        ("en", 123450, "1234.50"),
        ("en", -1250, "-12.50"),  # a number the app writes: not quoted, still a number
        ("it", -5, "-0,05"),
        ("en", 2**53 + 1, "90071992547409.93"),  # a float would have lost the last cent
    ],
)
def test_amounts_are_exact_numbers_in_the_readers_style(locale, cents, written):
    assert Style(Locale.parse(locale)).amount(cents) == written


def test_the_italian_style_separates_columns_with_semicolons():
    assert Style(Locale.parse("it")).delimiter == ";"
    assert Style(Locale.parse("en")).delimiter == ","
