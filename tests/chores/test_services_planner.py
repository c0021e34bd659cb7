"""The pure planner: hand-made cases, then properties over generated houses.

Fairness, made precise. Over the accounting window (look-back + horizon) a person's weight is
Σ capacity over the days they are present; their fair share of the total effort E (history,
fixed and planned, in hundredths of a point) is E * weight / Σ weights. M is the largest
chore in the horizon (points * 100). Where nobody is excluded and everyone is present every
day of the window (capacities may change from day to day):

1. Anyone given at least one turn ends at most M above their fair share, whatever the
   history and the done turns. Proof: each decision counts the occurrence (size c) in the
   total, so the deficits (share - effort) of all residents sum to c and the largest is at
   least c/n > 0; the one chosen has at least c/n - c > -M left after taking it, and a
   deficit only grows until that person's next turn.
2. From a fair start (no history, no done turns) nobody ends more than M below their share
   either. This is the weighted "chairman assignment" greedy; part 1 alone gives (n-1)M on
   paper, the test checks the tighter M, and a separate search of a few hundred thousand
   generated cases (up to 16 people, 150 turns) never came closer to M than 15/16 of it.
With a lopsided history no plan can keep everyone within M (someone did 30 points last
month), so there the promise is part 1, and that whoever is most behind goes first.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohousing.chores.services.planner import (
    NOBODY_ELIGIBLE,
    Fixed,
    Occurrence,
    PlanInput,
    Resident,
    plan,
    status_of,
    weights,
)

WINDOW_START = date(2026, 10, 28)
TODAY = date(2026, 11, 25)
HORIZON_END = TODAY + timedelta(days=13)
ALWAYS = ((WINDOW_START, None),)
PROPERTY = settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def horizon_day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def daily(chore_id: int, points: int) -> tuple[Occurrence, ...]:
    return tuple(Occurrence(chore_id, horizon_day(i), points) for i in range(14))


def run(residents, occurrences, **kwargs) -> list:
    return plan(
        PlanInput(
            window_start=WINDOW_START,
            horizon_end=HORIZON_END,
            residents=tuple(residents),
            occurrences=tuple(occurrences),
            **kwargs,
        )
    )


def effort_by_person(planned) -> dict[int, int]:
    totals: dict[int, int] = {}
    for item in planned:
        if item.person_id is not None:
            totals[item.person_id] = totals.get(item.person_id, 0) + item.points * 100
    return totals


# --- hand-made cases -----------------------------------------------------------------


def test_equal_people_share_a_daily_chore_equally():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS)]
    planned = run(people, daily(10, 1))
    assert effort_by_person(planned) == {1: 700, 2: 700}
    assert all(item.reason == "fairest" for item in planned)


def test_half_capacity_does_about_half():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS, capacity=((WINDOW_START, 50),))]
    totals = effort_by_person(run(people, daily(10, 1) + daily(11, 2)))
    assert totals[1] + totals[2] == 14 * 300
    assert abs(totals[2] - 14 * 300 / 3) <= 300  # a third, within one chore


def test_nobody_is_planned_while_away():
    away = ((horizon_day(0), horizon_day(6)),)
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS, absences=away)]
    planned = run(people, daily(10, 1))
    assert all(item.person_id == 1 for item in planned if item.on <= horizon_day(6))
    later = [item.person_id for item in planned if item.on > horizon_day(6)]
    assert later.count(2) > later.count(1)  # back home, they catch up on the second week


def test_an_occurrence_nobody_can_do_is_left_open_with_a_reason():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS)]
    planned = run(people, daily(10, 1)[:1], exclusions=frozenset({(10, 1), (10, 2)}))
    assert planned[0].person_id is None and planned[0].reason == NOBODY_ELIGIBLE
    assert {c.status for c in planned[0].candidates} == {"excluded"}


def test_history_counts_so_the_one_who_did_less_goes_first():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS)]
    planned = run(people, daily(10, 2)[:3], history={1: 600, 2: 0})
    assert [item.person_id for item in planned] == [2, 2, 2]


def test_fixed_occurrences_are_not_planned_again_and_count_as_effort():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS)]
    fixed = (Fixed(10, horizon_day(0), ((1, 100),)),)
    planned = run(people, daily(10, 1)[:2], fixed=fixed)
    assert [(item.on, item.person_id) for item in planned] == [(horizon_day(1), 2)]


def test_why_numbers_add_up():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS, capacity=((WINDOW_START, 50),))]
    first = run(people, daily(10, 3)[:1], history={1: 300, 2: 0})[0]
    by_id = {c.person_id: c for c in first.candidates}
    total = 300 + 300  # history and this occurrence
    assert by_id[1].fair_share == 400 and by_id[2].fair_share == 200
    assert by_id[1].deficit == 400 - 300 and by_id[2].deficit == 200
    assert first.person_id == 2
    assert sum(c.fair_share for c in first.candidates) == total
    assert by_id[1].days_present == 42 and by_id[2].capacity == 50


def test_someone_who_moved_in_midway_has_a_smaller_share():
    newcomer = Resident(2, ((horizon_day(7), None),))
    w = weights(
        PlanInput(WINDOW_START, HORIZON_END, (Resident(1, ALWAYS), newcomer), occurrences=())
    )
    assert w[1] == (4200, 42) and w[2] == (700, 7)
    planned = run([Resident(1, ALWAYS), newcomer], daily(10, 1))
    assert all(item.person_id == 1 for item in planned if item.on < horizon_day(7))


def test_ties_do_not_always_go_to_the_same_person():
    people = [Resident(1, ALWAYS), Resident(2, ALWAYS)]
    firsts = {run(people, (Occurrence(chore, TODAY, 1),))[0].person_id for chore in range(20)}
    assert firsts == {1, 2}


# --- generated houses ----------------------------------------------------------------

day_offsets = st.integers(min_value=0, max_value=(HORIZON_END - WINDOW_START).days)


def window_day(offset: int) -> date:
    return WINDOW_START + timedelta(days=offset)


SHARES = st.sampled_from([10, 25, 50, 100, 150, 200])
CAPACITY_CHANGES = st.lists(st.tuples(day_offsets, SHARES), max_size=3)
SOME_CAPACITY_CHANGES = st.lists(st.tuples(day_offsets, SHARES), min_size=1, max_size=3)
DAY_PAIRS = st.tuples(day_offsets, day_offsets)
ABSENCES = st.lists(DAY_PAIRS, max_size=3)
PERSON_IDS = st.lists(st.integers(1, 60), min_size=1, max_size=5, unique=True)
CHORE_POINTS = st.lists(st.integers(1, 3), min_size=1, max_size=4)
HORIZON_DAYS = st.sets(st.integers(0, 13), max_size=14)
HISTORY_POINTS = st.integers(0, 2000)


def _resident(draw, person_id: int, everyone_always: bool) -> Resident:
    if everyone_always:
        changes = draw(SOME_CAPACITY_CHANGES)
        return Resident(person_id, ALWAYS, tuple((window_day(o), c) for o, c in changes))
    changes = draw(CAPACITY_CHANGES)
    if draw(st.booleans()):
        changes.append((draw(day_offsets), 0))  # takes no part from that day
    first, last = sorted(draw(DAY_PAIRS))
    stay_end = window_day(last) + timedelta(days=1) if draw(st.booleans()) else None
    absences = tuple((window_day(min(a, b)), window_day(max(a, b))) for a, b in draw(ABSENCES))
    capacity = tuple((window_day(o), c) for o, c in changes)
    return Resident(person_id, ((window_day(first), stay_end),), capacity, absences)


@st.composite
def houses(draw, *, everyone_always: bool = False, with_history: bool = True):
    """Residents with stays, capacity changes and absences; chores on some horizon days;
    exclusions; look-back history and done turns (completions, some with a helper)."""
    ids = draw(PERSON_IDS)
    residents = [_resident(draw, person_id, everyone_always) for person_id in ids]
    occurrences = []
    for chore_id, points in enumerate(draw(CHORE_POINTS), start=1):
        days = sorted(draw(HORIZON_DAYS))
        occurrences += [Occurrence(chore_id, horizon_day(d), points) for d in days]
    exclusions = frozenset()
    if not everyone_always:
        chore_ids = sorted({o.chore_id for o in occurrences}) or [1]
        pairs = [(c, p) for c in chore_ids for p in ids]
        exclusions = frozenset(draw(st.lists(st.sampled_from(pairs), max_size=4)))
    history, fixed = {}, []
    if with_history:
        history = {p: draw(HISTORY_POINTS) for p in ids}
        done = draw(st.lists(st.sampled_from(occurrences), max_size=3)) if occurrences else []
        for item in done:
            helpers = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
            share = item.points * 100 // len(helpers)
            fixed.append(Fixed(item.chore_id, item.on, tuple((h, share) for h in helpers)))
    return PlanInput(
        window_start=WINDOW_START,
        horizon_end=HORIZON_END,
        residents=tuple(residents),
        occurrences=tuple(occurrences),
        history=history,
        fixed=tuple(fixed),
        exclusions=exclusions,
    )


def shuffled(plan_input: PlanInput, seed: int) -> PlanInput:
    rnd = random.Random(seed)

    def mix(items):
        items = list(items)
        rnd.shuffle(items)
        return tuple(items)

    residents = tuple(
        Resident(r.id, mix(r.stays), mix(r.capacity), mix(r.absences))
        for r in mix(plan_input.residents)
    )
    return PlanInput(
        plan_input.window_start,
        plan_input.horizon_end,
        residents,
        mix(plan_input.occurrences),
        dict(mix(plan_input.history.items())),
        mix(plan_input.fixed),
        plan_input.exclusions,
    )


@PROPERTY
@given(houses())
def test_nobody_is_planned_while_absent_excluded_or_not_living_there(plan_input):
    residents = {r.id: r for r in plan_input.residents}
    fixed_keys = {(f.chore_id, f.on) for f in plan_input.fixed}
    planned = plan(plan_input)
    keys = [(item.chore_id, item.on) for item in planned]
    expected = {(o.chore_id, o.on) for o in plan_input.occurrences} - fixed_keys
    assert sorted(keys) == sorted(expected)  # every open occurrence once, nothing fixed
    for item in planned:
        statuses = {
            r.id: status_of(r, item.chore_id, item.on, plan_input.exclusions)
            for r in residents.values()
        }
        if item.person_id is None:
            assert "eligible" not in statuses.values() and item.reason == NOBODY_ELIGIBLE
        else:
            assert statuses[item.person_id] == "eligible"
            resident = residents[item.person_id]
            assert resident.is_member(item.on) and not resident.is_absent(item.on)
            assert (item.chore_id, item.person_id) not in plan_input.exclusions


@PROPERTY
@given(houses(), st.integers(0, 10_000))
def test_the_plan_is_deterministic_whatever_the_input_order(plan_input, seed):
    first = plan(plan_input)
    assert plan(plan_input) == first
    assert plan(shuffled(plan_input, seed)) == first


def _final_gaps(plan_input: PlanInput) -> tuple[dict[int, Fraction], int, set[int]]:
    """Fair share - effort per person at the end (hundredths), M, and who got a turn."""
    planned = plan(plan_input)
    effort = {r.id: plan_input.history.get(r.id, 0) for r in plan_input.residents}
    for fixed in plan_input.fixed:
        for person_id, hundredths in fixed.credits:
            effort[person_id] += hundredths
    for person_id, hundredths in effort_by_person(planned).items():
        effort[person_id] += hundredths
    w = {person_id: weight for person_id, (weight, _) in weights(plan_input).items()}
    total, total_weight = sum(effort.values()), sum(w.values())
    gaps = {p: Fraction(total * w[p], total_weight) - effort[p] for p in effort}
    largest = max((o.points * 100 for o in plan_input.occurrences), default=0)
    return gaps, largest, {item.person_id for item in planned}


@PROPERTY
@given(houses(everyone_always=True, with_history=True))
def test_nobody_given_a_turn_ends_more_than_one_chore_above_their_share(plan_input):
    gaps, largest, got_a_turn = _final_gaps(plan_input)
    for person_id in got_a_turn:
        assert -gaps[person_id] <= largest


@PROPERTY
@given(houses(everyone_always=True, with_history=False))
def test_from_a_fair_start_everyone_ends_within_one_chore_of_their_share(plan_input):
    gaps, largest, _ = _final_gaps(plan_input)
    assert all(abs(gap) <= largest for gap in gaps.values())
