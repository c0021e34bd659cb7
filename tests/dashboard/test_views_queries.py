"""The dashboard costs a fixed number of queries, whatever the households and history."""

from __future__ import annotations

from datetime import date

import pytest

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.money.services import set_contribution
from cohousing.visits.services import add_goal
from cohousing.wellbeing.models import ConcernKind, Urgency
from cohousing.wellbeing.services import raise_concern


@pytest.fixture
def caseload(app, make_household, worker, add_checkins, add_visit):
    """Factory: `n` households followed by `worker`, each with `days` of history."""

    def make(n: int, days: int):
        households = []
        for index in range(n):
            kind = HouseholdKind.HOUSING_FIRST if index % 2 else HouseholdKind.SUPPORTED_LIVING
            household = make_household(
                f"Casa {index:02d}",
                kind,
                workers=(worker,),
                residents=((f"Persona {index}", "2468"),),
            )
            households.append(household)
            add_checkins(household, days=days, mood=3)
            person = current_residents(household)[0]
            with app.test_request_context():
                raise_concern(
                    household,
                    ConcernKind.OTHER,
                    urgency=Urgency.URGENT if index % 3 == 0 else Urgency.NORMAL,
                )
                add_goal(
                    household,
                    person_id=person.id,
                    title="Goal",
                    steps="",
                    review_on=household.today(),
                    staff=worker,
                )
                set_contribution(
                    household, person.id, monthly_cents=10_000, starts_on=date(2026, 1, 1)
                )
                db.session.commit()
            add_visit(household, days_ago=min(days, 3))
        return households

    return make


def _dashboard_queries(client, count_queries) -> tuple[int, str]:
    db.session.expire_all()  # as in a fresh request: nothing already loaded
    with count_queries() as statements:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_5_and_50_households_cost_the_same_queries(client, login, worker, caseload, count_queries):
    few = caseload(5, days=2)
    login(worker)
    small, html = _dashboard_queries(client, count_queries)
    assert all(h.name in html for h in few)
    many = caseload(45, days=2)
    large, html = _dashboard_queries(client, count_queries)
    assert all(h.name in html for h in many)
    assert html.count('<tr class="level-') == 50
    assert large == small
    assert small <= 20


def test_a_long_history_costs_the_same_queries(
    client, login, worker, caseload, count_queries, clock
):
    caseload(3, days=1)
    login(worker)
    short, _html = _dashboard_queries(client, count_queries)
    caseload(3, days=40)
    long, _html = _dashboard_queries(client, count_queries)
    assert long == short


def test_the_household_summary_reads_every_payer_at_once(
    client, login, worker, make_household, count_queries
):
    """Six residents paying a monthly contribution cost no more queries than one: months
    due and arrears are read for all of them together (they were three queries each)."""
    from tests.money.test_views_queries import RESIDENTS, grow

    household = make_household("Casa Sei", residents=RESIDENTS, workers=(worker,))
    for membership in household.memberships:
        membership.started_on = date(2025, 1, 1)
    db.session.commit()
    people = current_residents(household)
    login(worker)

    def queries(payers: int) -> int:
        grow(household, people, contributions=payers, paid=payers, expenses=3, payments=1)
        db.session.expire_all()
        with count_queries() as statements:
            response = client.get(f"/dashboard/households/{household.id}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert page.count("overdue, for") + page.count("up to date") >= payers
        return len(statements)

    one = queries(1)
    six = queries(len(people))
    assert len(people) == 6
    assert six == one
