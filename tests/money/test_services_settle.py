"""Suggested transfers settle everyone, with few transfers, and do not reshuffle."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohousing.money.services.settle import (
    POT,
    Transfer,
    apply,
    keep_plan,
    kitty_transfers,
    suggest_transfers,
)


@st.composite
def balances(draw, max_people=9):
    n = draw(st.integers(min_value=1, max_value=max_people))
    values = draw(st.lists(st.integers(-50_000, 50_000), min_size=n - 1, max_size=n - 1))
    values.append(-sum(values))
    ids = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n, unique=True))
    return dict(zip(ids, values, strict=True))


def settle_all(start, transfers):
    after = dict(start)
    for transfer in transfers:
        assert transfer.cents > 0
        after = apply(after, transfer)
    return after


def test_exact_matches_come_first():
    # Carla owes exactly what Bruno is owed: one transfer between them, whatever the sizes.
    transfers = suggest_transfers({1: 5000, 2: 2000, 3: -2000, 4: -5000})
    assert transfers == [Transfer(4, 1, 5000), Transfer(3, 2, 2000)]


def test_then_largest_debt_to_largest_credit_ties_by_id():
    transfers = suggest_transfers({1: 700, 2: 700, 3: -1000, 4: -400})
    assert transfers == [Transfer(3, 1, 700), Transfer(4, 2, 400), Transfer(3, 2, 300)]


def test_nothing_to_do_when_settled():
    assert suggest_transfers({1: 0, 2: 0}) == []
    assert suggest_transfers({}) == []


def test_unbalanced_input_is_a_bug():
    with pytest.raises(ValueError):
        suggest_transfers({1: 5, 2: -4})


def test_kitty_mode_pays_only_into_and_out_of_the_pot():
    transfers = kitty_transfers({1: 3000, 2: -1000, 3: -2500, POT: 500})
    assert transfers == [Transfer(2, POT, 1000), Transfer(3, POT, 2500), Transfer(POT, 1, 3000)]


def test_the_pot_settles_like_a_person_outside_kitty_mode():
    transfers = suggest_transfers({POT: -1000, 1: 1000})
    assert transfers == [Transfer(POT, 1, 1000)]


def test_keep_plan_with_a_payment_outside_the_plan_makes_a_fresh_one():
    base = {1: 1000, 2: -600, 3: -400}
    paid = [Transfer(2, 3, 100)]  # not a suggestion
    assert keep_plan(base, paid) == suggest_transfers(settle_all(base, paid))


@settings(max_examples=150, deadline=None)
@given(start=balances())
def test_transfers_settle_everyone_with_at_most_n_minus_one(start):
    transfers = suggest_transfers(start)
    assert all(value == 0 for value in settle_all(start, transfers).values())
    parties = sum(1 for value in start.values() if value)
    assert len(transfers) <= max(parties - 1, 0)
    assert len(transfers) <= len(start) - 1


@settings(max_examples=100, deadline=None)
@given(start=balances())
def test_every_exact_match_is_used_when_matches_do_not_compete(start):
    debts = [-v for v in start.values() if v < 0]
    credits = [v for v in start.values() if v > 0]
    transfers = suggest_transfers(start)
    for amount in set(debts) & set(credits):
        if debts.count(amount) == 1 and credits.count(amount) == 1:
            assert any(t.cents == amount for t in transfers)


@settings(max_examples=100, deadline=None)
@given(start=balances(), data=st.data())
def test_paying_suggestions_does_not_reshuffle_the_others(start, data):
    plan = suggest_transfers(start)
    order = data.draw(st.permutations(plan))
    paid: list[Transfer] = []
    for transfer in order:
        # sometimes in two instalments
        part = data.draw(st.integers(min_value=1, max_value=transfer.cents))
        for instalment in (
            Transfer(transfer.payer, transfer.payee, part),
            Transfer(transfer.payer, transfer.payee, transfer.cents - part),
        ):
            if instalment.cents:
                paid.append(instalment)
                left = keep_plan(start, paid)
                expected = [
                    Transfer(
                        t.payer,
                        t.payee,
                        t.cents
                        - sum(p.cents for p in paid if (p.payer, p.payee) == (t.payer, t.payee)),
                    )
                    for t in plan
                ]
                assert left == [t for t in expected if t.cents]
                assert all(v == 0 for v in settle_all(settle_all(start, paid), left).values())


@settings(max_examples=100, deadline=None)
@given(
    start=balances(),
    stray=st.tuples(st.integers(1, 500), st.integers(1, 500), st.integers(1, 10_000)),
)
def test_keep_plan_always_settles_todays_balances(start, stray):
    payer, payee, cents = stray
    paid = [Transfer(payer, payee, cents)] if payer != payee else []
    now = settle_all(start, paid)
    assert all(v == 0 for v in settle_all(now, keep_plan(start, paid)).values())


@settings(max_examples=100, deadline=None)
@given(start=balances())
def test_kitty_transfers_settle_everyone_through_the_pot(start):
    people_total = sum(start.values())
    with_pot = {**start, POT: -people_total}
    transfers = kitty_transfers(with_pot)
    assert all(POT in (t.payer, t.payee) for t in transfers)
    after = settle_all(with_pot, transfers)
    assert all(value == 0 for party, value in after.items() if party is not POT)
