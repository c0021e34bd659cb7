"""Fair share, day by day, as pure functions: who is home, their share of a day's work, and
the balance that sums it up. No database, no clock.

The rule. Each day's done effort (the points of the turns due that day that were done, in
hundredths) is shared among the residents who were present and taking part that day (living
there, not away, capacity above 0), in proportion to their capacity: a resident at half
capacity owes half as much of that day as one at full capacity. Effort is credited to who
did it (shared when done with help, see `actions`). A resident's balance is what they did
minus their shares, summed over every day since they joined: above 0 they did more than
their share, below 0 less. Nobody owes a share of a day they were away, and a skipped turn
is nobody's work, so it is nobody's share.

Forgetting. Instead of a window that drops a debt all at once, every day counts a little
less as it gets older: its part of the balance halves every HALF_LIFE_DAYS (six months), so
a debt of 4 points is 2 after six months and 1 after a year if nothing else happens. The
sum of everyone's balances stays 0 (each day's credits and shares are equal), so forgetting
never makes the house owe or be owed anything.

A day nobody was home for (or only people with capacity 0), when someone still did a chore,
is at everyone's share: whoever did it is counted as having done exactly their share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_CAPACITY = 100  # hundredths: 1.0 when nobody set a share
HALF_LIFE_DAYS = 182  # about six months
DAILY_DECAY = 0.5 ** (1 / HALF_LIFE_DAYS)


def decay(days: int) -> float:
    """How much a day `days` old still counts (1.0 today, 0.5 after HALF_LIFE_DAYS)."""
    return DAILY_DECAY**days


@dataclass(frozen=True)
class Resident:
    id: int
    stays: tuple[tuple[date, date | None], ...]  # (first day, first day no longer there)
    capacity: tuple[tuple[date, int], ...] = ()  # (valid from, hundredths); latest wins
    absences: tuple[tuple[date, date], ...] = ()  # inclusive ranges

    def is_member(self, on: date) -> bool:
        return any(start <= on and (end is None or on < end) for start, end in self.stays)

    def is_absent(self, on: date) -> bool:
        return any(start <= on <= end for start, end in self.absences)

    def capacity_on(self, on: date) -> int:
        """The share valid that day (the latest one from before it; 1.0 if none)."""
        latest = max((c for c in self.capacity if c[0] <= on), default=None)
        return DEFAULT_CAPACITY if latest is None else latest[1]

    def weight_on(self, on: date) -> int:
        """Capacity counted in that day's shares: 0 unless living there and home."""
        if not self.is_member(on) or self.is_absent(on):
            return 0
        return max(self.capacity_on(on), 0)


@dataclass(frozen=True)
class Day:
    status: str  # eligible | not_member | absent | no_capacity (exclusions come later)
    capacity: int

    @property
    def weight(self) -> int:
        """Capacity counted in that day's shares: 0 unless present and taking part."""
        return self.capacity if self.status == "eligible" else 0


def days_between(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


_DAYS: dict[tuple[str, int], Day] = {}


def _day(status: str, capacity: int) -> Day:
    found = _DAYS.get((status, capacity))
    if found is None:
        found = _DAYS[(status, capacity)] = Day(status, capacity)
    return found


def _marks(ranges, start: date, count: int, *, inclusive: bool) -> list[bool]:
    """For each day from `start`, whether it is in one of the ranges (end None: open)."""
    marks = [False] * count
    for first, last in ranges:
        low = max(0, (first - start).days)
        end = count if last is None else (last - start).days + (1 if inclusive else 0)
        high = min(count, end)
        for index in range(low, high):
            marks[index] = True
    return marks


def calendar(resident: Resident, start: date, end: date) -> dict[date, Day]:
    """Each day from `start` to `end` for one person, worked out once."""
    days = list(days_between(start, end))
    member = _marks(resident.stays, start, len(days), inclusive=False)
    away = _marks(resident.absences, start, len(days), inclusive=True)
    changes = sorted(resident.capacity)
    share, index, found = DEFAULT_CAPACITY, 0, {}
    for position, day in enumerate(days):
        while index < len(changes) and changes[index][0] <= day:
            share = changes[index][1]
            index += 1
        if not member[position]:
            status = "not_member"
        elif away[position]:
            status = "absent"
        else:
            status = "eligible" if share > 0 else "no_capacity"
        found[day] = _day(status, share)
    return found


def shares(effort: float, weights: Mapping[int, int]) -> dict[int, float]:
    """A day's `effort` shared in proportion to the weights (capacity of those home)."""
    total = sum(weights.values())
    if total <= 0:
        return {}
    return {person_id: effort * w / total for person_id, w in weights.items() if w}


@dataclass(frozen=True)
class Tally:
    """Decayed hundredths of a point: done, and the fair share of what the house did."""

    done: float = 0.0
    share: float = 0.0

    @property
    def balance(self) -> float:
        return self.done - self.share

    def plus(self, done: float, share: float, weight: float = 1.0) -> Tally:
        return Tally(self.done + done * weight, self.share + share * weight)

    def scaled(self, factor: float) -> Tally:
        return Tally(self.done * factor, self.share * factor)


def day_tally(
    credits: Mapping[int, int], weights: Mapping[int, int]
) -> dict[int, tuple[float, float]]:
    """person id → (done, share) for one day, from its credits and who was home."""
    effort = sum(credits.values())
    fair = shares(effort, weights) if effort else {}
    if effort and not fair:  # nobody home to share it: whoever did it did their share
        fair = {person_id: float(h) for person_id, h in credits.items()}
    people = set(credits) | set(fair)
    return {p: (float(credits.get(p, 0)), fair.get(p, 0.0)) for p in people}


def recount(
    residents: Iterable[Resident],
    credits_by_day: Mapping[date, Mapping[int, int]],
    today: date,
    days: Iterable[date] | None = None,
) -> dict[int, Tally]:
    """The balances as of `today` from the days given (every day with credits if None),
    each day decayed by its age. The kept balances equal this over the whole history."""
    residents = list(residents)
    chosen = sorted(credits_by_day if days is None else days)
    chosen = [day for day in chosen if day <= today]
    totals: dict[int, Tally] = {}
    if not chosen:
        return totals
    calendars = {r.id: calendar(r, chosen[0], chosen[-1]) for r in residents}
    for day in chosen:
        credits = credits_by_day.get(day, {})
        if not credits:
            continue
        weights = {pid: cal[day].weight for pid, cal in calendars.items()}
        weight = decay((today - day).days)
        for person_id, (done, share) in day_tally(credits, weights).items():
            totals[person_id] = totals.get(person_id, Tally()).plus(done, share, weight)
    return totals
