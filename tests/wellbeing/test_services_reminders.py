"""The gentle check-in reminder and the quiet hours, without HTTP, at chosen times."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.services import (
    checkin_reminder,
    get_settings,
    is_quiet,
    record_checkin,
    update_reminders,
)


def rome(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 25, hour - 1, minute, tzinfo=UTC)  # Rome is UTC+1 in November


@pytest.mark.parametrize(
    ("start", "end", "at", "quiet"),
    [
        (time(21), time(8), time(22), True),
        (time(21), time(8), time(7, 59), True),
        (time(21), time(8), time(8), False),
        (time(21), time(8), time(20, 59), False),
        (time(13), time(15), time(14), True),
        (time(13), time(15), time(15), False),
        (None, None, time(3), False),
    ],
)
def test_quiet_hours_may_span_midnight(household, start, end, at, quiet):
    settings = get_settings(household)
    settings.quiet_from, settings.quiet_until = start, end
    assert is_quiet(settings, at) is quiet


def test_the_greeting_comes_at_the_reminder_time_for_who_has_not_checked_in(clock, household):
    anna, bruno = current_residents(household)[:2]
    update_reminders(household, reminder_at=time(9, 30), quiet_from=None, quiet_until=None)
    ids = [anna.id, bruno.id]
    clock.set_now(rome(9, 29))
    early = checkin_reminder(household, ids)
    assert early.greeting is None and early.not_checked_in == {anna.id, bruno.id}
    clock.set_now(rome(9, 30))
    assert checkin_reminder(household, ids).greeting == "Good morning \u2014 how are you today?"
    record_checkin(household, anna.id, 4)
    assert checkin_reminder(household, ids).not_checked_in == {bruno.id}
    record_checkin(household, bruno.id, 3)
    assert checkin_reminder(household, ids).greeting is None  # everyone answered
    clock.set_now(rome(18, 5))
    assert checkin_reminder(household, [anna.id]).not_checked_in == frozenset()


def test_the_greeting_follows_the_hour(clock, household):
    anna = current_residents(household)[0]
    update_reminders(household, reminder_at=time(7), quiet_from=None, quiet_until=None)
    clock.set_now(rome(19))
    assert checkin_reminder(household, [anna.id]).greeting.startswith("Good evening")


def test_in_the_quiet_hours_nothing_is_shown(clock, household):
    anna = current_residents(household)[0]
    update_reminders(household, reminder_at=time(7), quiet_from=time(21), quiet_until=time(8))
    clock.set_now(rome(7, 30))
    reminder = checkin_reminder(household, [anna.id])
    assert reminder.quiet and reminder.greeting is None and reminder.not_checked_in == frozenset()


def test_no_reminder_time_no_reminder(clock, household):
    anna = current_residents(household)[0]
    clock.set_now(rome(11))
    reminder = checkin_reminder(household, [anna.id])
    assert not reminder.quiet and reminder.greeting is None and not reminder.not_checked_in


def test_quiet_hours_need_both_times_and_two_different_ones(household):
    with pytest.raises(RuleError) as half:
        update_reminders(household, reminder_at=None, quiet_from=time(21), quiet_until=None)
    assert "quiet_until" in half.value.errors
    with pytest.raises(RuleError) as same:
        update_reminders(household, reminder_at=None, quiet_from=time(9), quiet_until=time(9))
    assert "quiet_until" in same.value.errors
