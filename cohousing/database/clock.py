"""The one place the app asks for the time, so tests can set it."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_frozen: datetime | None = None


def now() -> datetime:
    """The current time, aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def set_now(moment: datetime | None) -> None:
    """Fix the clock at `moment` (aware), or release it with None."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("the clock takes aware datetimes")
    _frozen = moment.astimezone(UTC) if moment else None


def advance(delta: timedelta) -> None:
    """Move a fixed clock forward; tests use it for expiry and lock-outs."""
    set_now(now() + delta)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    previous = _frozen
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)


def today_in(timezone: str) -> date:
    """The local date in a household's time zone."""
    return now().astimezone(ZoneInfo(timezone)).date()


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
