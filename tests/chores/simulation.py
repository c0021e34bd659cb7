"""A household living with the rota for months, simulated with the planner's pure functions
(no database, no HTTP): the same steps the app takes, day after day.

Each morning the absences told that day are recorded (some ahead of time, some days late)
and the plan is changed steadily (`steady=True`), as `rota.replan` does; the plan is
extended to 14 days ahead, as the daily job does; then every turn of the day is done by its
person, or, when they are in fact away (an absence not told yet), by a housemate who is home.
The kept balances are updated as the app updates them: a day's tally when its turns are
done, and a recount of past days when a late absence changes who was home.

What is measured is the real thing, independent of the planner: at the end, each resident's
distance from their day-by-day fair share of all the work done (no forgetting), in largest
chores; and, for each absence told, how many turns of the *other* residents moved.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from cohousing.chores.models import Recurrence, RecurrenceKind
from cohousing.chores.services import fairshare, planner
from cohousing.chores.services.recurrence import occurrences

START = date(2026, 1, 5)
HORIZON = 14


@dataclass(frozen=True)
class ChoreRule:
    chore_id: int
    points: int
    rule: Recurrence


def _weekly(*days: int) -> Recurrence:
    return Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=sum(1 << d for d in days))


def _every(days: int) -> Recurrence:
    return Recurrence(RecurrenceKind.EVERY_N_DAYS, every_days=days, anchor_on=START)


# Ten chores of different efforts and frequencies: about 34 points a week.
TEN_CHORES = (
    ChoreRule(1, 2, Recurrence(RecurrenceKind.DAILY)),  # kitchen
    ChoreRule(2, 1, Recurrence(RecurrenceKind.DAILY)),  # rubbish
    ChoreRule(3, 3, _every(4)),  # bathroom
    ChoreRule(4, 2, _weekly(0, 3)),  # floors
    ChoreRule(5, 1, _weekly(5)),  # recycling
    ChoreRule(6, 3, _every(14)),  # windows
    ChoreRule(7, 2, Recurrence(RecurrenceKind.MONTHLY, month_day=1)),  # fridge
    ChoreRule(8, 2, _weekly(2)),  # stairs
    ChoreRule(9, 3, _every(7)),  # garden
    ChoreRule(10, 1, _weekly(1, 4)),  # plants
)


@dataclass(frozen=True)
class Away:
    person_id: int
    first: date
    last: date
    told_on: date  # before `first`: told ahead; after it: told late


@dataclass
class House:
    residents: dict[int, planner.Resident]
    chores: tuple[ChoreRule, ...]
    away: list[Away]
    exclusions: frozenset = frozenset()


def scenario(seed: int, days: int = 180) -> House:
    """Six residents, the sixth at half capacity, the ten chores, random absences: each
    resident is away 1 to 4 times, for 1 to 14 days, told from 7 days ahead to 3 days late."""
    rng = random.Random(seed)
    residents = {
        pid: planner.Resident(pid, ((START, None),), ((START, 50 if pid == 6 else 100),))
        for pid in range(1, 7)
    }
    away = []
    for pid in residents:
        for _ in range(rng.randint(1, 4)):
            first = START + timedelta(days=rng.randrange(days))
            last = first + timedelta(days=rng.randint(0, 13))
            away.append(Away(pid, first, last, first + timedelta(days=rng.randint(-7, 3))))
    return House(residents, TEN_CHORES, away)


@dataclass
class Run:
    """What happened: the credits of every day, and the moves each told absence caused."""

    credits: dict[date, dict[int, int]] = field(default_factory=dict)
    balances: dict[int, fairshare.Tally] = field(default_factory=dict)  # kept, as of `day`
    day: date = START
    others_moved: list[int] = field(default_factory=list)  # per absence told
    today_moved: int = 0  # turns of others due the day the absence was told that moved
    given_while_away: int = 0  # turns planned for someone away on their day (told)
    turns: int = 0
    known: dict[int, planner.Resident] = field(default_factory=dict)  # absences told so far
    truth: dict[int, planner.Resident] = field(default_factory=dict)  # every absence
    wanted: dict[date, tuple[planner.Occurrence, ...]] = field(default_factory=dict)


def _known(house: House, on: date) -> dict[int, planner.Resident]:
    told = {}
    for pid, resident in house.residents.items():
        ranges = tuple(
            (a.first, a.last) for a in house.away if a.person_id == pid and a.told_on <= on
        )
        told[pid] = replace(resident, absences=ranges)
    return told


def _truth(house: House) -> dict[int, planner.Resident]:
    return _known(house, date.max)


def _all_turns(house: House, days: int) -> dict[date, tuple[planner.Occurrence, ...]]:
    """Every turn of the chores, by day, for the whole run and the horizon after it."""
    end = START + timedelta(days=days + HORIZON)
    by_day: dict[date, list[planner.Occurrence]] = {}
    for c in house.chores:
        for day in occurrences(c.rule, START, end):
            by_day.setdefault(day, []).append(planner.Occurrence(c.chore_id, day, c.points))
    return {day: tuple(found) for day, found in by_day.items()}


def _replan(house, run, plan, today, *, steady):
    residents = run.known
    end = today + timedelta(days=HORIZON - 1)
    wanted = [o for d in fairshare.days_between(today, end) for o in run.wanted.get(d, ())]
    decided = planner.plan(
        planner.PlanInput(
            today=today,
            horizon_end=end,
            residents=tuple(residents.values()),
            occurrences=tuple(wanted),
            balances={pid: t.balance for pid, t in run.balances.items()},
            current={k: v for k, v in plan.items() if k[1] >= today},
            exclusions=house.exclusions,
            steady=steady,
        )
    )
    for d in decided:  # never to someone known to be away (or not living there)
        if d.person_id is not None and not residents[d.person_id].weight_on(d.on):
            run.given_while_away += 1
    return {(d.chore_id, d.on): d.person_id for d in decided if d.person_id is not None}


def _roll(run: Run, to: date) -> None:
    factor = fairshare.decay((to - run.day).days)
    run.balances = {pid: t.scaled(factor) for pid, t in run.balances.items()}
    run.day = to


def _add(run: Run, tallies: dict[int, fairshare.Tally], sign: float = 1.0) -> None:
    for pid, tally in tallies.items():
        run.balances[pid] = run.balances.get(pid, fairshare.Tally()).plus(
            tally.done, tally.share, sign
        )


def _tell(house, run, plan, today, news) -> dict:
    """Record the absences told today: recount the past days they cover, then re-plan."""
    before, run.known = run.known, _known(house, today)
    past = sorted({d for a in news for d in fairshare.days_between(a.first, a.last) if d < today})
    if past:
        _add(run, fairshare.recount(before.values(), run.credits, today, past), -1.0)
        _add(run, fairshare.recount(run.known.values(), run.credits, today, past))
    old = dict(plan)
    plan = _replan(house, run, plan, today, steady=True)
    concerned = {a.person_id for a in news}
    moved = [
        k for k, pid in old.items() if k[1] >= today and pid not in concerned and plan.get(k) != pid
    ]
    run.others_moved.append(len(moved))
    run.today_moved += sum(1 for k in moved if k[1] == today)
    return plan


def _do_the_day(house, run, plan, today, rng) -> None:
    truth, known = run.truth, run.known
    credits: dict[int, int] = {}
    for (chore_id, on), pid in sorted(plan.items()):
        if on != today:
            continue
        run.turns += 1
        if known[pid].is_absent(today):
            run.given_while_away += 1
        doer = pid
        if truth[pid].is_absent(today):  # away without telling: a housemate does it
            home = [p for p, r in truth.items() if r.weight_on(today)]
            doer = rng.choice(home) if home else pid
        points = next(c.points for c in house.chores if c.chore_id == chore_id) * 100
        credits[doer] = credits.get(doer, 0) + points
    run.credits[today] = credits
    weights = {pid: r.weight_on(today) for pid, r in known.items()}
    tally = fairshare.day_tally(credits, weights)
    _add(run, {pid: fairshare.Tally(done, share) for pid, (done, share) in tally.items()})


def live(house: House, days: int = 180, seed: int = 0) -> Run:
    rng = random.Random(seed)
    run, plan = Run(known=_known(house, START - timedelta(days=1)), truth=_truth(house)), {}
    run.wanted = _all_turns(house, days)
    for offset in range(days):
        today = START + timedelta(days=offset)
        _roll(run, today)
        news = [a for a in house.away if a.told_on == today]
        if news:
            plan = _tell(house, run, plan, today, news)
        plan = _replan(house, run, plan, today, steady=False)
        _do_the_day(house, run, plan, today, rng)
    return run


def distances(house: House, run: Run) -> dict[int, float]:
    """Each resident's signed distance from their fair share at the end, no forgetting, in
    largest chores: recounted from the credits and who was really home."""
    largest = max(c.points for c in house.chores) * 100
    totals: dict[int, float] = dict.fromkeys(house.residents, 0.0)
    truth = _truth(house)
    for day, credits in run.credits.items():
        weights = {p: r.weight_on(day) for p, r in truth.items()}
        for pid, (done, share) in fairshare.day_tally(credits, weights).items():
            totals[pid] += done - share
    return {pid: value / largest for pid, value in totals.items()}


@dataclass(frozen=True)
class Figures:
    worst: list[float]  # per seed: the resident furthest from their share, largest chores
    bars_off: list[float]  # per seed: most any kept balance differs from the truth
    kept_vs_recount: float  # most any kept balance differs from a recount, hundredths
    others_moved: list[int]  # per absence told: turns of the other residents that moved
    today_moved: int
    given_while_away: int
    turns: int


def figures(seeds: range, days: int = 180) -> Figures:
    worst, bars_off, others, drift = [], [], [], 0.0
    today_moved = away = turns = 0
    for seed in seeds:
        house = scenario(seed, days)
        run = live(house, days, seed)
        truth = distances(house, run)
        worst.append(max(abs(v) for v in truth.values()))
        largest = max(c.points for c in house.chores) * 100
        bars_off.append(
            max(abs(run.balances[p].balance / largest - truth[p]) for p in house.residents)
        )
        recounted = fairshare.recount(_known(house, run.day).values(), run.credits, run.day)
        drift = max(
            [drift, *(abs(recounted[p].balance - run.balances[p].balance) for p in recounted)]
        )
        others += run.others_moved
        today_moved += run.today_moved
        away += run.given_while_away
        turns += run.turns
    return Figures(worst, bars_off, drift, others, today_moved, away, turns)
