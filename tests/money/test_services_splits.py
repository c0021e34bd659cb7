"""Splits add up to the exact cent; the spare cent goes round the house."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohousing.money.models import SplitKind
from cohousing.money.services.splits import (
    PERCENT_TOTAL,
    Split,
    compute,
    split_by_percent,
    split_by_shares,
    split_equal,
    split_exact,
)
from cohousing.rules import RuleError

totals = st.integers(min_value=1, max_value=10_000_000)
people = st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=12, unique=True)


def test_equal_split_gives_the_spare_cent_in_turn():
    assert split_equal(1000, [1, 2, 3], rotation=0) == {1: 334, 2: 333, 3: 333}
    assert split_equal(1000, [1, 2, 3], rotation=1) == {1: 333, 2: 334, 3: 333}
    assert split_equal(1000, [3, 1, 2], rotation=2) == {1: 333, 2: 333, 3: 334}
    got = Counter()
    for sequence in range(30):
        shares = split_equal(100, [7, 8, 9], rotation=sequence)
        got.update(person for person, cents in shares.items() if cents == 34)
    assert got == {7: 10, 8: 10, 9: 10}


def test_shares_use_largest_remainders():
    # 1000 cents by 1:1:1:2 -> 200, 200, 200, 400 exactly; by 1:2 -> 333.33 / 666.67
    assert split_by_shares(1000, {1: 1, 2: 1, 3: 1, 4: 2}) == {1: 200, 2: 200, 3: 200, 4: 400}
    assert split_by_shares(1000, {1: 1, 2: 2}) == {1: 333, 2: 667}
    assert split_by_shares(1000, {1: 1, 2: 0, 3: 1}) == {1: 500, 2: 0, 3: 500}


def test_percent_in_basis_points():
    assert split_by_percent(10000, {1: 2500, 2: 7500}) == {1: 2500, 2: 7500}
    assert split_by_percent(100, {1: 3333, 2: 3333, 3: 3334}, rotation=0) == {1: 33, 2: 33, 3: 34}


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda: split_equal(100, []), "participants", "at least one person"),
        (lambda: split_by_shares(100, {1: 0, 2: 0}), "shares", "at least one person a share"),
        (lambda: split_by_shares(100, {1: -1, 2: 3}), "shares", "negative"),
        (lambda: split_by_percent(100, {1: 5000, 2: 4000}), "percent", "add up to 100%"),
        (lambda: split_by_percent(100, {1: 11000, 2: -1000}), "percent", "negative"),
        (lambda: split_exact(100, {1: 50, 2: 40}), "exact", "add up to the total"),
        (lambda: split_exact(100, {1: 150, 2: -50}), "exact", "negative"),
        (lambda: split_exact(100, {}), "participants", "at least one person"),
        (lambda: split_equal(-5, [1]), "amount", "above zero"),
    ],
)
def test_bad_splits_are_refused_by_field(call, field, message):
    with pytest.raises(RuleError) as caught:
        call()
    assert caught.value.field == field
    assert message in str(caught.value.message)


def test_compute_dispatches_on_the_kind():
    assert compute(900, Split.equal([1, 2, 3])) == {1: 300, 2: 300, 3: 300}
    assert compute(900, Split(SplitKind.SHARES, {1: 2, 2: 1})) == {1: 600, 2: 300}
    assert compute(900, Split(SplitKind.EXACT, {1: 899, 2: 1})) == {1: 899, 2: 1}
    assert compute(900, Split(SplitKind.PERCENT, {1: 10000})) == {1: 900}


@settings(max_examples=100, deadline=None)
@given(total=totals, who=people, rotation=st.integers(min_value=0, max_value=10**6))
def test_equal_sums_exactly_and_differs_by_at_most_a_cent(total, who, rotation):
    shares = split_equal(total, who, rotation)
    assert sum(shares.values()) == total
    assert set(shares) == set(who)
    assert max(shares.values()) - min(shares.values()) <= 1


@settings(max_examples=100, deadline=None)
@given(
    total=totals,
    weights=st.dictionaries(st.integers(1, 1000), st.integers(0, 1000), min_size=1, max_size=12),
    rotation=st.integers(min_value=0, max_value=1000),
)
def test_shares_sum_exactly_and_stay_within_a_cent_of_fair(total, weights, rotation):
    if sum(weights.values()) == 0:
        with pytest.raises(RuleError):
            split_by_shares(total, weights, rotation)
        return
    shares = split_by_shares(total, weights, rotation)
    assert sum(shares.values()) == total
    weight_sum = sum(weights.values())
    for person, cents in shares.items():
        fair = total * weights[person] / weight_sum
        assert abs(cents - fair) < 1
        if weights[person] == 0:
            assert cents == 0


@st.composite
def percentages(draw):
    n = draw(st.integers(min_value=1, max_value=10))
    cuts = sorted(draw(st.lists(st.integers(0, PERCENT_TOTAL), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, PERCENT_TOTAL]
    return {person + 1: bounds[person + 1] - bounds[person] for person in range(n)}


@settings(max_examples=100, deadline=None)
@given(total=totals, basis_points=percentages(), rotation=st.integers(0, 1000))
def test_percent_sums_exactly(total, basis_points, rotation):
    shares = split_by_percent(total, basis_points, rotation)
    assert sum(shares.values()) == total


@settings(max_examples=100, deadline=None)
@given(
    amounts=st.dictionaries(st.integers(1, 100), st.integers(0, 100_000), min_size=1, max_size=8),
    wrong_by=st.integers(-5, 5),
)
def test_exact_must_match_the_total(amounts, wrong_by):
    total = sum(amounts.values()) + wrong_by
    if wrong_by == 0:
        assert split_exact(total, amounts) == amounts
    else:
        with pytest.raises(RuleError):
            split_exact(total, amounts)
