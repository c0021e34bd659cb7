"""Fairness over months and steadiness from day to day, measured (tests/chores/simulation.py).

The issue's scenario: six residents, one at half capacity, the ten chores of different
efforts and frequencies, random absences (some told days late), 180 days, 50 seeds,
everyone doing the turns they are given. The README's figures are these; the simulation
of all 50 seeds runs once for the three tests below (about five seconds).
"""

from __future__ import annotations

import statistics
from datetime import timedelta
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohousing.chores.models import Recurrence, RecurrenceKind
from cohousing.chores.services import planner
from tests.chores import simulation as sim

SEEDS = range(50)
DAYS = 180


@cache
def scenario_figures() -> sim.Figures:
    return sim.figures(SEEDS, DAYS)


def test_everyone_stays_close_to_their_fair_share_over_six_months():
    figures = scenario_figures()
    assert len(figures.worst) == 50
    # In largest chores (3 points), the resident furthest from their day-by-day share of
    # all the work done (nothing forgotten). Measured: median 0.38, worst 1.20.
    assert statistics.median(figures.worst) <= 0.5
    assert max(figures.worst) <= 1.25
    assert figures.given_while_away == 0  # never planned for someone known to be away
    assert figures.turns > 50 * 160


def test_the_kept_balances_are_what_the_residents_see_and_equal_a_recount():
    figures = scenario_figures()
    # The bars show the kept (slowly forgetting) balance: at six months it differs from
    # the full count by a median 0.05 largest chores (the 28-day bars: 1.4).
    assert statistics.median(figures.bars_off) <= 0.1
    assert max(figures.bars_off) <= 0.6
    assert figures.kept_vs_recount < 1e-6  # hundredths of a point: float noise only


def test_an_absence_moves_almost_no_other_turns_and_never_todays():
    figures = scenario_figures()
    moved = figures.others_moved
    assert len(moved) > 600  # absences told, ahead of time or late
    # Turns of the *other* residents in the 14-day plan that one absence moved: the
    # 28-day rule moved a median of 30. Measured: median 0, mean 0.8, at most 5.
    assert statistics.median(moved) == 0
    assert statistics.mean(moved) <= 1.0
    assert max(moved) <= 6
    assert figures.today_moved == 0


# --- random households -----------------------------------------------------------------

RULES = st.one_of(
    st.just(Recurrence(RecurrenceKind.DAILY)),
    st.sets(st.integers(0, 6), min_size=1, max_size=3).map(lambda days: sim._weekly(*days)),
    st.integers(2, 14).map(sim._every),
    st.integers(1, 31).map(lambda day: Recurrence(RecurrenceKind.MONTHLY, month_day=day)),
)
SHARES = st.sampled_from([25, 50, 75, 100, 150, 200])
OFFSETS = st.integers(0, 89)


@st.composite
def households(draw, days: int = 90) -> sim.House:
    """2 to 8 residents with random capacities (changing once, maybe to 0), some moving in
    later; 1 to 8 chores of any effort and rule; absences of up to three weeks told from a
    week ahead to three days late."""
    residents = {}
    for pid in range(1, draw(st.integers(2, 8)) + 1):
        capacity = [(sim.START, draw(SHARES))]
        if draw(st.booleans()):
            capacity.append((sim.START + timedelta(days=draw(OFFSETS)), draw(SHARES | st.just(0))))
        first = sim.START + timedelta(days=draw(OFFSETS) if draw(st.booleans()) else 0)
        residents[pid] = planner.Resident(pid, ((first, None),), tuple(capacity))
    chores = tuple(
        sim.ChoreRule(chore_id, draw(st.integers(1, 3)), draw(RULES))
        for chore_id in range(1, draw(st.integers(1, 8)) + 1)
    )
    away = []
    for pid in residents:
        for _ in range(draw(st.integers(0, 3))):
            start = sim.START + timedelta(days=draw(OFFSETS))
            end = start + timedelta(days=draw(st.integers(0, 20)))
            told = start + timedelta(days=draw(st.integers(-7, 3)))
            away.append(sim.Away(pid, start, end, told))
    return sim.House(residents, chores, away)


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(households(), st.integers(0, 1000))
def test_any_household_stays_within_two_largest_chores(house, seed):
    run = sim.live(house, 90, seed)
    if not run.credits or not any(run.credits.values()):
        return  # nobody could do anything (everyone at 0, say)
    assert max(abs(v) for v in sim.distances(house, run).values()) <= 2.0
    assert run.given_while_away == 0
    assert run.today_moved == 0
