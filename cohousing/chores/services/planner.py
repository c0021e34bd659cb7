"""The fair rota, as a pure function: same input, same plan. No database, no clock.

Effort is counted in hundredths of a point (a 2-point chore shared by two people credits
100 each). The accounting window runs from the start of the look-back (e.g. 28 days ago) to
the end of the horizon (e.g. 13 days ahead).

A person's weight is the sum, over the days of the window, of their capacity share on days
they are present (a member and not absent). Their fair share of a total effort E is
E * weight / the sum of everyone's weights: capacity-weighted and pro-rated by days present,
as the issue asks.

Occurrences are planned in date order (then by chore id). Each goes to the candidate (member
that day, not absent, not excluded, capacity above 0) furthest below their fair share of
the effort counted so far *including this occurrence*; effort counted so far starts with
the look-back history and every fixed assignment (done, or pinned after a swap). Ties go
to the one with less effort so far, then to a stable hash of (chore, date, person) so
nobody always wins a tie, then to the lower id.

Counting the occurrence itself in the total matters: measured against the total *before*
it, the greedy can leave someone more than one chore below their share. With it, nobody
given a turn ends more than one largest chore above their share (proved in
tests/chores/test_services_planner.py), and from a fair start nobody ends more than one chore below
(checked there by property tests). Someone excluded from a chore still has a share of all
effort, so they are given more of the chores they can do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_CAPACITY = 100  # hundredths: 1.0 when nobody set a share
NOBODY_ELIGIBLE = "nobody_eligible"


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
        share = DEFAULT_CAPACITY
        for valid_from, hundredths in sorted(self.capacity):
            if valid_from <= on:
                share = hundredths
        return share


@dataclass(frozen=True)
class Occurrence:
    chore_id: int
    on: date
    points: int  # 1..3


@dataclass(frozen=True)
class Fixed:
    """An occurrence that is not planned again: done (credits) or pinned (the assignee)."""

    chore_id: int
    on: date
    credits: tuple[tuple[int, int], ...]  # (person id, hundredths of a point)


@dataclass(frozen=True)
class PlanInput:
    window_start: date  # first day of the look-back
    horizon_end: date  # last day planned (inclusive)
    residents: tuple[Resident, ...]
    occurrences: tuple[Occurrence, ...]
    history: Mapping[int, int] = field(default_factory=dict)  # person id → hundredths done
    fixed: tuple[Fixed, ...] = ()
    exclusions: frozenset[tuple[int, int]] = frozenset()  # (chore id, person id)


@dataclass(frozen=True)
class Candidate:
    """One person's numbers when an occurrence was decided (hundredths of a point)."""

    person_id: int
    status: str  # eligible | absent | excluded | not_member | no_capacity
    capacity: int  # hundredths, that day
    days_present: int  # in the whole window
    fair_share: int  # of the effort counted so far, this occurrence included (rounded)
    effort: int  # done or planned so far
    deficit: int  # fair_share - effort: positive means below their share


@dataclass(frozen=True)
class Planned:
    chore_id: int
    on: date
    points: int
    person_id: int | None
    reason: str  # "fairest" or NOBODY_ELIGIBLE
    candidates: tuple[Candidate, ...]


def _days(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


@dataclass(frozen=True)
class _Day:
    status: str  # eligible | not_member | absent | no_capacity (exclusions come later)
    capacity: int


def _calendar(resident: Resident, start: date, end: date) -> dict[date, _Day]:
    """Each day of the window for one person, worked out once per plan."""
    changes = sorted(resident.capacity)
    share, index, found = DEFAULT_CAPACITY, 0, {}
    for day in _days(start, end):
        while index < len(changes) and changes[index][0] <= day:
            share = changes[index][1]
            index += 1
        if not resident.is_member(day):
            status = "not_member"
        elif resident.is_absent(day):
            status = "absent"
        else:
            status = "eligible" if share > 0 else "no_capacity"
        found[day] = _Day(status, share)
    return found


def _weight(calendar: dict[date, _Day]) -> tuple[int, int]:
    present = [day for day in calendar.values() if day.status in ("eligible", "no_capacity")]
    return sum(day.capacity for day in present), len(present)


def weights(plan_input: PlanInput) -> dict[int, tuple[int, int]]:
    """person id → (Σ capacity over days present, days present) in the window."""
    return {
        resident.id: _weight(_calendar(resident, plan_input.window_start, plan_input.horizon_end))
        for resident in plan_input.residents
    }


def rounded_div(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest integer, halves up, in integers only."""
    return (2 * numerator + denominator) // (2 * denominator) if denominator else 0


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


def plan(plan_input: PlanInput) -> list[Planned]:
    """Assign every occurrence that is not fixed; see the module docstring for the rule.

    Integers only (shares compared as share * sum of weights), so the result is exact and the
    same on every machine. One Resident per id.
    """
    residents = sorted(plan_input.residents, key=lambda r: r.id)
    calendars = {
        r.id: _calendar(r, plan_input.window_start, plan_input.horizon_end) for r in residents
    }
    weight = {person_id: _weight(calendar) for person_id, calendar in calendars.items()}
    total_weight = sum(w for w, _ in weight.values())
    effort = {resident.id: plan_input.history.get(resident.id, 0) for resident in residents}
    fixed_keys = set()
    for fixed in plan_input.fixed:
        fixed_keys.add((fixed.chore_id, fixed.on))
        for person_id, hundredths in fixed.credits:
            if person_id in effort:
                effort[person_id] += hundredths
    total = sum(effort.values())
    to_plan = sorted(
        {o for o in plan_input.occurrences if (o.chore_id, o.on) not in fixed_keys},
        key=lambda o: (o.on, o.chore_id),
    )
    result = []
    for occurrence in to_plan:
        size = occurrence.points * 100
        candidates = []
        best: tuple | None = None
        for resident in residents:
            w, present = weight[resident.id]
            day = calendars[resident.id].get(occurrence.on) or _Day("not_member", 0)
            status = day.status
            if status == "eligible" and (occurrence.chore_id, resident.id) in (
                plan_input.exclusions
            ):
                status = "excluded"
            share_scaled = (total + size) * w  # fair share * total_weight
            deficit_scaled = share_scaled - effort[resident.id] * total_weight
            candidates.append(
                Candidate(
                    person_id=resident.id,
                    status=status,
                    capacity=day.capacity,
                    days_present=present,
                    fair_share=rounded_div(share_scaled, total_weight),
                    effort=effort[resident.id],
                    deficit=rounded_div(deficit_scaled, total_weight),
                )
            )
            if status != "eligible":
                continue
            key = (
                deficit_scaled,
                -effort[resident.id],
                _tie_hash(occurrence.chore_id, occurrence.on, resident.id),
                -resident.id,
            )
            if best is None or key > best[0]:
                best = (key, resident.id)
        chosen = best[1] if best else None
        if chosen is not None:
            effort[chosen] += size
            total += size
        result.append(
            Planned(
                chore_id=occurrence.chore_id,
                on=occurrence.on,
                points=occurrence.points,
                person_id=chosen,
                reason="fairest" if chosen is not None else NOBODY_ELIGIBLE,
                candidates=tuple(candidates),
            )
        )
    return result
