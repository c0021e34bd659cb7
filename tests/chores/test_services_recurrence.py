"""Which dates a chore falls on: pure rules, no database."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from cohousing.chores.services.recurrence import (
    Recurrence,
    RecurrenceKind,
    check,
    clamp_day,
    describe,
    mask_from_weekdays,
    occurrences,
    parse_template,
    parse_weekdays,
)

DAILY = Recurrence(RecurrenceKind.DAILY)


def monthly(day: int) -> Recurrence:
    return Recurrence(RecurrenceKind.MONTHLY, month_day=day)


def every(n: int, anchor: date = date(2026, 1, 1)) -> Recurrence:
    return Recurrence(RecurrenceKind.EVERY_N_DAYS, every_days=n, anchor_on=anchor)


def test_daily_includes_both_ends():
    found = occurrences(DAILY, date(2026, 11, 25), date(2026, 11, 27))
    assert found == [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]


def test_an_empty_range_has_no_dates():
    assert occurrences(DAILY, date(2026, 11, 27), date(2026, 11, 25)) == []


def test_chosen_weekdays():
    rule = Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=mask_from_weekdays([0, 3]))
    found = occurrences(rule, date(2026, 11, 23), date(2026, 12, 6))  # Monday to Sunday
    assert found == [date(2026, 11, 23), date(2026, 11, 26), date(2026, 11, 30), date(2026, 12, 3)]
    assert all(day.weekday() in (0, 3) for day in found)
    assert rule.weekdays == (0, 3)


def test_every_n_days_counts_from_the_anchor():
    rule = every(3, anchor=date(2026, 11, 20))
    found = occurrences(rule, date(2026, 11, 21), date(2026, 12, 1))
    assert found == [date(2026, 11, 23), date(2026, 11, 26), date(2026, 11, 29)]
    assert occurrences(rule, date(2026, 11, 1), date(2026, 11, 20)) == [date(2026, 11, 20)]


def test_every_n_days_across_a_leap_day():
    rule = every(2, anchor=date(2028, 2, 27))
    found = occurrences(rule, date(2028, 2, 27), date(2028, 3, 3))
    assert found == [date(2028, 2, 27), date(2028, 2, 29), date(2028, 3, 2)]


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 2, date(2026, 2, 28)),
        (2028, 2, date(2028, 2, 29)),  # leap year
        (2026, 4, date(2026, 4, 30)),
        (2026, 1, date(2026, 1, 31)),
        (2100, 2, date(2100, 2, 28)),  # not a leap year: divisible by 100
        (2000, 2, date(2000, 2, 29)),  # leap year: divisible by 400
    ],
)
def test_monthly_31_clamps_to_the_last_day(year, month, expected):
    start = date(year, month, 1)
    end = clamp_day(year, month, 31)
    assert occurrences(monthly(31), start, end) == [expected]


def test_monthly_over_a_year_falls_once_a_month():
    found = occurrences(monthly(31), date(2026, 1, 1), date(2026, 12, 31))
    assert len(found) == 12
    assert date(2026, 2, 28) in found and date(2026, 4, 30) in found
    assert len(set(found)) == 12


def test_monthly_30_in_february():
    assert occurrences(monthly(30), date(2028, 2, 1), date(2028, 3, 31)) == [
        date(2028, 2, 29),
        date(2028, 3, 30),
    ]


def test_monthly_respects_the_range_inside_a_month():
    assert occurrences(monthly(15), date(2026, 11, 16), date(2026, 12, 14)) == []


def test_when_needed_has_no_fixed_dates():
    rule = Recurrence(RecurrenceKind.WHEN_NEEDED)
    assert occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)) == []
    assert check(rule) == []


def test_every_0_days_is_rejected_with_a_message():
    problems = check(every(0))
    assert [p.field for p in problems] == ["every_days"]
    with force_locale("en"):
        assert str(problems[0].message) == "Choose a number of days of 1 or more."
    assert occurrences(every(0), date(2026, 1, 1), date(2026, 1, 10)) == []  # never a crash


def test_every_n_days_needs_an_anchor():
    rule = Recurrence(RecurrenceKind.EVERY_N_DAYS, every_days=2)
    assert [p.field for p in check(rule)] == ["anchor_on"]


@pytest.mark.parametrize("day", [0, 32, None])
def test_monthly_day_out_of_range_is_rejected(day):
    assert [p.field for p in check(monthly(day))] == ["month_day"]


@pytest.mark.parametrize("mask", [0, 128, -1])
def test_weekdays_need_at_least_one_real_day(mask):
    rule = Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=mask)
    assert [p.field for p in check(rule)] == ["weekdays"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0,3", (0, 3)), (" 3, 0 ,3", (0, 3)), ("6", (6,)), ("7", None), ("", None), ("a,1", None)],
)
def test_parse_weekdays(text, expected):
    assert parse_weekdays(text) == expected


def test_describe_says_when_a_monthly_day_is_clamped():
    assert describe(monthly(31)).last_day_in_short_months is True
    assert describe(monthly(29)).last_day_in_short_months is True
    assert describe(monthly(28)).last_day_in_short_months is False
    summary = describe(Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=0b101))
    assert summary.weekdays == (0, 2) and summary.month_day is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("daily", RecurrenceKind.DAILY),
        ("weekly:0,3", RecurrenceKind.WEEKDAYS),
        ("every:3", RecurrenceKind.EVERY_N_DAYS),
        ("monthly:1", RecurrenceKind.MONTHLY),
        ("when_needed", RecurrenceKind.WHEN_NEEDED),
    ],
)
def test_template_rules_parse(text, kind):
    rule = parse_template(text, anchor_on=date(2026, 11, 25))
    assert rule.kind is kind and check(rule) == []


@pytest.mark.parametrize("text", ["weekly:9", "every:x", "fortnightly"])
def test_bad_template_rules_fail_loudly(text):
    with pytest.raises(ValueError):
        parse_template(text, anchor_on=date(2026, 11, 25))
