"""The dashboard's read model without HTTP: facts on each card and the urgency order."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from cohousing.dashboard.services import bars, build_cards, sparkline, timeline
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import current_residents
from cohousing.money.models import ExpenseCategory
from cohousing.money.services import Actor, ExpenseData, Split, add_expense, set_contribution


def _cards(households, today):
    ids = [h.id for h in households]
    return build_cards(select(Household).where(Household.id.in_(ids)), today)


def test_money_health_overdue_contributions_and_the_largest_debt(app, make_household):
    house = make_household("Casa Soldi")
    anna, bruno = current_residents(house)
    today = house.today()
    with app.test_request_context():
        set_contribution(house, anna.id, monthly_cents=10_000, starts_on=date(2026, 10, 1))
        add_expense(
            house,
            ExpenseData(
                description="Groceries",
                amount_cents=6_000,
                spent_on=today,
                category=ExpenseCategory.GROCERIES,
                payers={anna.id: 6_000},
                split=Split.equal([anna.id, bruno.id]),
            ),
            by=Actor(person_id=anna.id),
        )
        db.session.commit()
    (card,) = _cards([house], today)
    assert card.money.overdue_cents == 20_000  # October and November, both past the 5th
    assert card.money.overdue_people == 1
    assert card.money.largest_debt_cents == 3_000  # Bruno owes half the groceries


def test_silent_residents_rank_before_calm_households_where_the_rule_is_on(
    make_household, add_checkins, clock
):
    calm = make_household("A Calm Flat", HouseholdKind.SUPPORTED_LIVING)
    silent = make_household("B Silent Flat", HouseholdKind.SUPPORTED_LIVING)
    family = make_household("C Family")  # no missed check-in rule: never "silent"
    add_checkins(calm, days=5)
    add_checkins(silent, days=5)
    clock.advance(timedelta(days=4))
    add_checkins(calm, days=1)
    today = calm.today()
    cards = _cards([calm, silent, family], today)
    assert [c.household.name for c in cards] == ["B Silent Flat", "A Calm Flat", "C Family"]
    assert cards[0].missed == 2 and cards[1].missed == 0 and cards[2].missed == 0


def test_charts_carry_a_title_and_a_description():
    line = sparkline([3, None, 4, 5], title="Mood <line>", desc="From 3 to 5")
    assert 'role="img"' in line and "<title" in line and "From 3 to 5" in line
    assert "&lt;line&gt;" in line  # escaped
    chart = bars([("Anna", 3.0), ("Bruno", -2.0)], title="Balances", desc="Owed")
    assert chart.count("<rect") == 2 and "<desc" in chart
    dots = timeline([(0.1, True), (0.9, False)], title="Concerns", desc="2 concerns")
    assert "<rect" in dots and "<circle" in dots
