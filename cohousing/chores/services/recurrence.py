"""On which dates a chore falls. Pure: no database, no clock, no request.

A rule is one of: every day, chosen weekdays, every N days from an anchor date, monthly on a
day (clamped to the last day of shorter months), or "when needed" (no fixed dates).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from cohousing.chores.models import (
    WEEKDAY_COUNT,
    Recurrence,
    RecurrenceKind,
    weekdays_from_mask,
)
from cohousing.web.parsing import parse_int

ALL_WEEKDAYS_MASK = (1 << WEEKDAY_COUNT) - 1
MAX_EVERY_DAYS = 365

__all__ = [
    "ALL_WEEKDAYS_MASK",
    "MAX_EVERY_DAYS",
    "WEEKDAY_COUNT",
    "Problem",
    "Recurrence",
    "RecurrenceKind",
    "Summary",
    "check",
    "clamp_day",
    "describe",
    "mask_from_weekdays",
    "occurrences",
    "parse_template",
    "parse_weekdays",
    "weekdays_from_mask",
]


@dataclass(frozen=True)
class Problem:
    """A rule that cannot be used; `field` names the form field, `message` says why."""

    field: str
    message: str


@dataclass(frozen=True)
class Summary:
    """What the UI needs to say the rule in words, in any language."""

    kind: RecurrenceKind
    weekdays: tuple[int, ...] = ()
    every_days: int | None = None
    month_day: int | None = None
    last_day_in_short_months: bool = False  # day 29-31: some months use their last day


def mask_from_weekdays(days: list[int] | tuple[int, ...] | set[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def parse_weekdays(text: str) -> tuple[int, ...] | None:
    """ "0,3" → (0, 3); None for anything that is not a list of weekday numbers 0-6."""
    parts = [
        parse_int(part, low=0, high=WEEKDAY_COUNT - 1) for part in text.split(",") if part.strip()
    ]
    if not parts or None in parts:
        return None
    return tuple(sorted(set(parts)))


def check(rule: Recurrence) -> list[Problem]:
    """Every reason the rule cannot be used; an empty list means it is fine."""
    problems: list[Problem] = []
    if rule.kind is RecurrenceKind.WEEKDAYS and not 0 < rule.weekdays_mask <= ALL_WEEKDAYS_MASK:
        problems.append(Problem("weekdays", _l("Choose at least one day of the week.")))
    if rule.kind is RecurrenceKind.EVERY_N_DAYS:
        if rule.every_days is None or rule.every_days < 1:
            problems.append(Problem("every_days", _l("Choose a number of days of 1 or more.")))
        elif rule.every_days > MAX_EVERY_DAYS:
            problems.append(Problem("every_days", _l("Choose at most 365 days.")))
        if rule.anchor_on is None:
            problems.append(Problem("anchor_on", _l("Choose the first day.")))
    if rule.kind is RecurrenceKind.MONTHLY and (
        rule.month_day is None or not 1 <= rule.month_day <= 31
    ):
        problems.append(Problem("month_day", _l("Choose a day of the month from 1 to 31.")))
    return problems


def parse_template(text: str, anchor_on: date) -> Recurrence:
    """Read a household template's rule: daily | weekly:0,3 | every:3 | monthly:1 | when_needed."""
    kind, _, argument = text.partition(":")
    if kind == "daily":
        return Recurrence(RecurrenceKind.DAILY)
    if kind == "weekly":
        days = parse_weekdays(argument)
        if days is None:
            raise ValueError(f"bad weekday list in template rule {text!r}")
        return Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=mask_from_weekdays(days))
    number = parse_int(argument, low=1, high=MAX_EVERY_DAYS)
    if kind == "every" and number is not None:
        return Recurrence(RecurrenceKind.EVERY_N_DAYS, every_days=number, anchor_on=anchor_on)
    if kind == "monthly" and number is not None and number <= 31:
        return Recurrence(RecurrenceKind.MONTHLY, month_day=number)
    if kind == "when_needed":
        return Recurrence(RecurrenceKind.WHEN_NEEDED)
    raise ValueError(f"unknown template rule {text!r}")


def clamp_day(year: int, month: int, day: int) -> date:
    """Day 31 in April is April 30; day 30 in February is the 28th or, in leap years, 29th."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _days(start: date, end: date):
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def occurrences(rule: Recurrence, start: date, end: date) -> list[date]:
    """The dates from `start` to `end` (both included) the rule falls on, in order.

    A rule with problems (see `check`) falls on no date rather than raising: a bad rule
    stored long ago must not break today's screen.
    """
    if end < start or check(rule):
        return []
    if rule.kind is RecurrenceKind.DAILY:
        return list(_days(start, end))
    if rule.kind is RecurrenceKind.WEEKDAYS:
        return [day for day in _days(start, end) if rule.weekdays_mask & (1 << day.weekday())]
    # (check() above makes sure every rule has the numbers its kind needs)
    if rule.kind is RecurrenceKind.EVERY_N_DAYS and rule.every_days and rule.anchor_on:
        first = max(start, rule.anchor_on)
        remainder = (first - rule.anchor_on).days % rule.every_days
        if remainder:
            first += timedelta(days=rule.every_days - remainder)
        step = timedelta(days=rule.every_days)
        found = []
        while first <= end:
            found.append(first)
            first += step
        return found
    if rule.kind is RecurrenceKind.MONTHLY and rule.month_day:
        found = []
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            day = clamp_day(year, month, rule.month_day)
            if start <= day <= end:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    return []  # when needed: someone asks for it


def describe(rule: Recurrence) -> Summary:
    return Summary(
        kind=rule.kind,
        weekdays=rule.weekdays if rule.kind is RecurrenceKind.WEEKDAYS else (),
        every_days=rule.every_days if rule.kind is RecurrenceKind.EVERY_N_DAYS else None,
        month_day=rule.month_day if rule.kind is RecurrenceKind.MONTHLY else None,
        last_day_in_short_months=(
            rule.kind is RecurrenceKind.MONTHLY
            and rule.month_day is not None
            and rule.month_day >= 29
        ),
    )
