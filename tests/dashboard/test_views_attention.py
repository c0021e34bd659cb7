"""The worker's "needs attention" list: one line a household, urgent then overdue first,
filters and search in the URL (plain GET and htmx), only the households one may open, and a
fixed number of queries whatever rows the households hold."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.money.services import (
    SYSTEM,
    Split,
    add_expense,
    record_contribution_payment,
    set_contribution,
)
from cohousing.visits.services import add_goal
from cohousing.wellbeing.models import ConcernKind, Urgency
from cohousing.wellbeing.services import raise_concern
from tests.fixtures.money import expense_data


def _concern(app, household, urgency=Urgency.NORMAL):
    with app.test_request_context():
        raise_concern(household, ConcernKind.OTHER, urgency=urgency, note="")
        db.session.commit()


def _names(html: str, *households) -> list[str]:
    """The households' names in the order the list shows them (only those shown)."""
    listed = html.split('id="attention"')[1].split("</table>")[0]
    shown = [h.name for h in households if f">{h.name}</a>" in listed]
    return sorted(shown, key=lambda name: listed.index(f">{name}</a>"))


@pytest.fixture
def four(app, make_household, worker, clock, add_visit):
    """Four followed households: calm, a normal concern, a visit overdue, an urgent one."""
    calm = make_household("Casa Calma", workers=(worker,))
    worried = make_household("Casa Pensieri", workers=(worker,))
    urgent = make_household("Casa Urgente", HouseholdKind.ELDERLY, workers=(worker,))
    late = make_household("Casa Ritardo", HouseholdKind.HOUSING_FIRST, workers=(worker,))
    clock.advance(timedelta(days=10))  # Housing First: a visit every 7 days
    for household in (calm, worried, urgent):  # the others were visited
        add_visit(household)
    _concern(app, worried)
    _concern(app, urgent, Urgency.URGENT)
    return calm, worried, urgent, late


def test_urgent_then_overdue_then_the_rest(client, login, worker, four, other_household):
    calm, worried, urgent, late = four
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert _names(html, *four, other_household) == [
        urgent.name,
        late.name,
        worried.name,
        calm.name,
    ]
    assert "Urgent concerns to take" in html  # the urgent one's card, below the list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"concerns": "1"}, ["Casa Urgente", "Casa Pensieri"]),
        ({"overdue": "1"}, ["Casa Ritardo"]),
        ({"kind": "elderly"}, ["Casa Urgente"]),
        ({"q": "penSIERI"}, ["Casa Pensieri"]),
        ({"q": "fillungo", "kind": "housing_first"}, ["Casa Ritardo"]),  # the address
        ({"q": "100%_"}, []),  # SQL wildcards are searched as text
        ({"kind": "no-such-kind", "worker": "2^63"}, None),  # unreadable: no filter
    ],
)
def test_filters_and_search_plain_and_htmx(client, login, worker, four, query, expected):
    login(worker)
    everyone = [four[2].name, four[3].name, four[1].name, four[0].name]
    expected = everyone if expected is None else expected
    for response in (
        client.get("/dashboard/", query_string=query),
        client.htmx("get", "/dashboard/", query_string=query),
    ):
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert _names(html, *four) == expected
    assert html.lstrip().startswith('<div id="attention"')  # htmx: the list only
    plain = client.get("/dashboard/", query_string=query).get_data(as_text=True)
    if query.get("q"):
        assert f'value="{query["q"]}"' in plain  # what was typed stays in the box
    if expected == []:
        assert "No household matches these filters." in plain


def test_every_control_has_a_label(client, login, worker, four):
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    for control in ("q", "kind"):
        assert f'<label for="{control}">' in html
    for box in ("concerns", "overdue"):  # a checkbox inside its label
        assert re.search(rf'<label><input[^>]*id="{box}"[^>]*> [^<]+</label>', html)
    assert 'role="search"' in html and 'tabindex="0" role="region"' in html


def test_each_line_opens_the_household_summary(client, login, worker, four):
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    for household in four:
        assert f'href="/dashboard/households/{household.id}"' in html
    assert client.get(f"/dashboard/households/{four[0].id}").status_code == 200


def test_a_worker_never_sees_another_workers_household(
    client, login, worker, four, other_household
):
    login(worker)
    html = client.get("/dashboard/", query_string={"q": other_household.name}).get_data(
        as_text=True
    )
    assert f">{other_household.name}</a>" not in html  # only in the search box
    assert "No household matches these filters." in html
    assert client.get(f"/dashboard/households/{other_household.id}").status_code == 404


def test_a_manager_sees_all_or_one_workers(app, login, coordinator, worker, four, other_household):
    client = login(coordinator, c=app.test_client())
    html = client.get("/dashboard/").get_data(as_text=True)
    assert other_household.name in html and all(h.name in html for h in four)
    html = client.get("/dashboard/", query_string={"worker": worker.id}).get_data(as_text=True)
    assert other_household.name not in _names(html, *four, other_household)


def test_italian_numbers_in_the_list(client, login, worker, hf_flat, add_checkins):
    add_checkins(hf_flat, days=3, mood=4)
    login(worker)
    client.post("/language", data={"lang": "it", "next": "/dashboard/"})
    html = client.get("/dashboard/").get_data(as_text=True)
    row = html.split(f">{hf_flat.name}</a>")[1].split("</tr>")[0]
    assert "4,0" in row and "4.0" not in row


def _queries(client, count_queries) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(statements)


def test_every_kind_of_row_costs_no_query(
    app, client, login, worker, make_household, add_checkins, add_visit, count_queries
):
    """The list reads the kept summaries: more check-ins, concerns, goals, contributions and
    their payments, expenses, visits, residents and households add no query."""
    first = make_household("Casa Uno", HouseholdKind.SUPPORTED_LIVING, workers=(worker,))
    _concern(app, first, Urgency.URGENT)  # the urgent cards are there in both counts
    login(worker)
    before = _queries(client, count_queries)
    for index in range(4):
        household = make_household(
            f"Casa {index}",
            HouseholdKind.HOUSING_FIRST,
            workers=(worker,),
            residents=((f"Ada {index}", "2468"), (f"Bea {index}", "1357")),
        )
        add_checkins(household, days=10, mood=3)
        add_visit(household, days_ago=2)
        _concern(app, household)
        people = current_residents(household)
        with app.test_request_context():
            add_goal(
                household,
                person_id=people[0].id,
                title="Goal",
                steps="",
                review_on=household.today(),
                staff=worker,
            )
            for person in people:
                set_contribution(
                    household, person.id, monthly_cents=10_000, starts_on=date(2026, 1, 1)
                )
                record_contribution_payment(
                    household,
                    person.id,
                    month=date(2026, 1, 1),
                    cents=10_000,
                    paid_on=household.today(),
                    by=SYSTEM,
                )
            data = expense_data({people[0].id: 3000}, Split.equal([p.id for p in people]))
            add_expense(household, data, by=SYSTEM)
            db.session.commit()
    after = _queries(client, count_queries)
    assert after == before
    assert before <= 22  # session, access check, the list, the urgent cards' aggregates
