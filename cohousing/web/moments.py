"""A moment as people say it: "oggi alle 7:11", "ieri alle 18:30", "3 dic alle 9:05".

One filter (`moment`) shows every stored time on residents' and staff pages: the reader's
time zone, no seconds, no time-zone names, today and yesterday by name. The day is
compared with the clock's today (`cohousing.database.clock`), so tests can set it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import flask_babel
from babel.dates import format_date, format_time
from flask_babel import get_locale
from flask_babel import gettext as _

from cohousing.database import clock


def _clock_time(value: datetime) -> str:
    """Hours and minutes as the locale writes them, without a leading zero (7:11)."""
    locale = get_locale()
    pattern = locale.time_formats["short"].pattern.replace("HH", "H").replace("hh", "h")
    return format_time(value, pattern, locale=locale)


def _day_words(day: date, today: date) -> str | None:
    if day == today:
        return _("today")
    if day == today - timedelta(days=1):
        return _("yesterday")
    if day == today + timedelta(days=1):
        return _("tomorrow")
    return None


def moment_day(value: datetime | date) -> str:
    """The day alone: "oggi", "ieri", "3 dic", "3 dic 2025" for another year."""
    if isinstance(value, datetime):
        value = flask_babel.to_user_timezone(value).date()
    today = flask_babel.to_user_timezone(clock.now()).date()
    named = _day_words(value, today)
    if named is not None:
        return named
    pattern = "d MMM" if value.year == today.year else "d MMM y"
    return format_date(value, pattern, locale=get_locale())


def moment(value: datetime | date | None, with_time: bool = True) -> str:
    """A stored (UTC) time as people say it; a plain date as its day."""
    if value is None:
        return ""
    if not isinstance(value, datetime) or not with_time:
        return moment_day(value)
    local = flask_babel.to_user_timezone(value)
    today = flask_babel.to_user_timezone(clock.now()).date()
    named = _day_words(local.date(), today)
    time = _clock_time(local)
    if named is not None:
        return _("%(day)s at %(time)s", day=named, time=time)
    return _("%(day)s at %(time)s", day=moment_day(local.date()), time=time)
