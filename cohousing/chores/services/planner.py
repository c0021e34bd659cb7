"""The fair rota, as a pure function: same input, same plan. No database, no clock.

Effort is counted in hundredths of a point. The planner starts from each resident's balance
today (`fairshare`: what they did minus their day-by-day fair share, done turns included)
and walks the turns still to do in date order (then by chore id), projecting the balances
as it goes: each turn's points are shared among those home that day by capacity, and
credited to whoever it goes to; balances fade day by day exactly as the kept ones do.

Who gets a turn. The candidates are those living there, not away, not left out of the
chore, with capacity above 0. A new turn goes to the candidate furthest below their fair
share once this turn's share is counted (their balance minus their share of it); ties go to
a stable hash of (chore, date, person), so nobody always wins a tie, then to the lower id.

Steady plans. After a change (`steady=True`: an absence, a capacity share, a chore added,
changed or stopped, someone left out) a turn already planned stays with its person as long
as they can still do it and keeping it keeps the plan within the bound B (KEEP_BOUND
largest chores of the plan): counting the turn, its person ends at most B above their fair
share, and nobody who could do it instead is more than B below theirs. Otherwise it goes to
the fairest candidate, as a new turn does. So a change moves the turns of the person
concerned (they can no longer do them, or they are now too far from their share), and only
as many other turns as the bound needs. Today's turns never move while their person can
still do them, and neither does a turn agreed by a swap (pinned). The daily extension and
a swap answered (`steady=False`) keep every turn that still fits and plan only new ones.

Why it stays fair: balances sum to 0 and each turn goes to someone within B of the most
behind, so nobody drifts; the figures over months are measured by the simulation in
tests/chores/test_services_fairness.py (README, "fairness").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from cohousing.chores.services.fairshare import (
    DAILY_DECAY,
    DEFAULT_CAPACITY,
    Day,
    Resident,
    calendar,
    days_between,
)

__all__ = [
    "DEFAULT_CAPACITY",
    "KEEP_BOUND",
    "NOBODY_ELIGIBLE",
    "Candidate",
    "Occurrence",
    "PlanInput",
    "Planned",
    "Resident",
    "plan",
    "status_of",
]

NOBODY_ELIGIBLE = "nobody_eligible"
# The bound a steady change keeps everyone within, in largest chores (see the docstring).
KEEP_BOUND = 1.0
TIE = 0.01  # hundredths of a point: gaps closer than a ten-thousandth of a point are tied


@dataclass(frozen=True)
class Occurrence:
    chore_id: int
    on: date
    points: int  # 1..3


@dataclass(frozen=True)
class PlanInput:
    today: date  # the first day planned; balances are as of this day
    horizon_end: date  # last day planned (inclusive)
    residents: tuple[Resident, ...]
    occurrences: tuple[Occurrence, ...]  # the turns wanted from today to the horizon end
    balances: Mapping[int, float] = field(default_factory=dict)  # person id → hundredths
    current: Mapping[tuple[int, date], int] = field(default_factory=dict)  # planned: person
    pinned: frozenset[tuple[int, date]] = frozenset()  # agreed by a swap
    closed: frozenset[tuple[int, date]] = frozenset()  # done or skipped: not planned again
    exclusions: frozenset[tuple[int, int]] = frozenset()  # (chore id, person id)
    steady: bool = False  # True: a change; planned turns stay while within the bound


@dataclass(frozen=True)
class Candidate:
    """One person's numbers when a turn was decided (hundredths of a point)."""

    person_id: int
    status: str  # eligible | absent | excluded | not_member | no_capacity
    capacity: int  # hundredths, that day
    balance: float  # above (+) or below (-) their fair share before this turn
    share: float  # their fair share of this turn (0 when not home)

    @property
    def gap(self) -> float:
        """Where they stand once this turn's share is counted: the lowest goes first."""
        return self.balance - self.share


@dataclass(frozen=True)
class Planned:
    chore_id: int
    on: date
    points: int
    person_id: int | None
    reason: str  # fairest | kept | swap | NOBODY_ELIGIBLE
    candidates: tuple[Candidate, ...]


def _tie_hash(chore_id: int, on: date, person_id: int) -> str:
    return hashlib.sha256(f"{chore_id}:{on.isoformat()}:{person_id}".encode()).hexdigest()


def status_of(resident: Resident, chore_id: int, on: date, exclusions: frozenset) -> str:
    """ "eligible", or why not: not_member, absent, excluded, no_capacity (share 0)."""
    if not resident.is_member(on):
        return "not_member"
    if resident.is_absent(on):
        return "absent"
    if (chore_id, resident.id) in exclusions:
        return "excluded"
    if resident.capacity_on(on) <= 0:
        return "no_capacity"
    return "eligible"


def _keeps(plan_input: PlanInput, occurrence: Occurrence, gap: dict, person_id, best, bound):
    """Whether the planned person keeps this turn (see the module docstring)."""
    key = (occurrence.chore_id, occurrence.on)
    if key in plan_input.pinned or not plan_input.steady or occurrence.on == plan_input.today:
        return True
    return gap[person_id] + occurrence.points * 100 <= bound and gap[best] >= -bound


def _fairest(gap: dict[int, float], chore_id: int, on: date) -> int:
    """The lowest gap (within a ten-thousandth of a point, so float noise never decides);
    ties by the stable hash, then the lower id."""
    lowest = min(gap.values())
    tied = [pid for pid, value in gap.items() if value - lowest < TIE]
    if len(tied) == 1:
        return tied[0]
    return min(tied, key=lambda pid: (_tie_hash(chore_id, on, pid), pid))


@dataclass(frozen=True)
class _Home:
    """Who is where on one day: everyone's Day, and the weights of those taking part."""

    days: tuple[tuple[int, Day], ...]
    weights: tuple[tuple[int, int], ...]
    total: int


def _homes(plan_input: PlanInput, residents) -> dict[date, _Home]:
    calendars = {r.id: calendar(r, plan_input.today, plan_input.horizon_end) for r in residents}
    found = {}
    for day in days_between(plan_input.today, plan_input.horizon_end):
        days = tuple((r.id, calendars[r.id][day]) for r in residents)
        weights = tuple((pid, d.weight) for pid, d in days if d.weight)
        found[day] = _Home(days, weights, sum(w for _, w in weights))
    return found


def plan(plan_input: PlanInput) -> list[Planned]:
    """Decide every turn that is not closed: keep or give it (see the module docstring)."""
    residents = sorted(plan_input.residents, key=lambda r: r.id)
    homes = _homes(plan_input, residents)
    balance = {r.id: float(plan_input.balances.get(r.id, 0.0)) for r in residents}
    to_plan = sorted(
        {
            o
            for o in plan_input.occurrences
            if (o.chore_id, o.on) not in plan_input.closed
            and plan_input.today <= o.on <= plan_input.horizon_end
        },
        key=lambda o: (o.on, o.chore_id),
    )
    largest = max((o.points for o in plan_input.occurrences), default=0) * 100
    bound = KEEP_BOUND * largest
    result, day = [], plan_input.today
    for occurrence in to_plan:
        while day < occurrence.on:  # balances fade overnight, as the kept ones do
            balance = {pid: value * DAILY_DECAY for pid, value in balance.items()}
            day += timedelta(days=1)
        result.append(_decide(plan_input, occurrence, homes[occurrence.on], balance, bound))
    return result


def _decide(plan_input: PlanInput, occurrence: Occurrence, home: _Home, balance, bound):
    """One turn: keep it or give it, then move the projected balances (in place)."""
    size = occurrence.points * 100
    share = {pid: size * w / home.total for pid, w in home.weights}
    excluded = plan_input.exclusions
    gap = {pid: balance[pid] - value for pid, value in share.items()}
    if excluded:
        gap = {pid: v for pid, v in gap.items() if (occurrence.chore_id, pid) not in excluded}
    key = (occurrence.chore_id, occurrence.on, occurrence.points)
    if not gap:
        candidates = _candidates(occurrence, home, balance, share, excluded)
        return Planned(*key, None, NOBODY_ELIGIBLE, candidates)
    current = plan_input.current.get((occurrence.chore_id, occurrence.on))
    # (the daily extension keeps what fits without looking further)
    best = _fairest(gap, occurrence.chore_id, occurrence.on) if plan_input.steady else None
    if current in gap and _keeps(plan_input, occurrence, gap, current, best, bound):
        pinned = (occurrence.chore_id, occurrence.on) in plan_input.pinned
        chosen, reason, candidates = current, "swap" if pinned else "kept", ()
        if plan_input.steady:  # a change: "why me?" shows the numbers as they are now
            candidates = _candidates(occurrence, home, balance, share, excluded)
    else:
        if best is None:
            best = _fairest(gap, occurrence.chore_id, occurrence.on)
        chosen, reason = best, "fairest"
        candidates = _candidates(occurrence, home, balance, share, excluded)
    for pid, value in share.items():
        balance[pid] -= value
    balance[chosen] += size
    return Planned(*key, chosen, reason, candidates)


def _candidates(occurrence, home, balance, share, excluded) -> tuple[Candidate, ...]:
    """Everyone's numbers for "why me?": for turns decided now, and for every turn in a
    steady change (the daily extension leaves a kept turn the numbers it had)."""
    found = []
    for pid, d in home.days:
        status = d.status
        if status == "eligible" and (occurrence.chore_id, pid) in excluded:
            status = "excluded"
        found.append(Candidate(pid, status, d.capacity, balance[pid], share.get(pid, 0.0)))
    return tuple(found)
