"""Residents who do not share costs (a child, a guest): new expenses are split without
them by default, the balances and the contributions leave them out; anyone can still be
chosen for one expense."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import NewResident, add_resident
from cohousing.money.models import Expense
from cohousing.money.services import Split, add_expense, balances, sharing
from cohousing.money.services.common import SYSTEM
from tests.fixtures.households import text
from tests.fixtures.money import expense_data, hidden, url


@pytest.fixture
def child(money_house):
    """Nino, Anna's son: lives in `money_house`, does not share its expenses."""
    nino = add_resident(
        money_house,
        NewResident(display_name="Nino Bianchi", pin="2468", shares_expenses=False),
        started_on=money_house.memberships[0].started_on,
    )
    db.session.commit()
    return nino


def test_sharing_leaves_out_who_does_not_share(money_house, pair, child):
    assert sharing([*pair, child]) == list(pair)


def test_balances_leave_the_child_out_unless_money_moved_for_them(money_house, pair, child):
    anna, bruno = pair
    assert set(balances(money_house)) == {anna.id, bruno.id}
    add_expense(
        money_house, expense_data({anna.id: 900}, Split.equal([anna.id, child.id])), by=SYSTEM
    )
    owed = balances(money_house)
    assert owed == {anna.id: 450, bruno.id: 0, child.id: -450}  # chosen once: shown
    assert sum(owed.values()) == 0


def test_tablet_split_leaves_the_child_out_by_default(
    resident_client, enrolled_client, money_house, pair, child
):
    anna, bruno = pair
    tablet = resident_client(money_house, anna, "1234", client=enrolled_client(money_house))
    step1 = text(tablet.get("/tablet/money/add"))
    data = {
        "submission_id": hidden(step1, "submission_id"),
        "amount": "24,50",
        "payer": str(anna.id),
    }
    step3 = text(tablet.post("/tablet/money/add", data={**data, "go": "split"}))
    assert f'name="in-{anna.id}" value="1" checked' in step3
    assert f'name="in-{child.id}" value="1" checked' not in step3
    assert f'name="in-{child.id}"' in step3  # still there to tick
    saved = tablet.post("/tablet/money/add", data={**data, "go": "save"})
    assert saved.status_code == 303
    expense = db.session.scalar(select(Expense))
    assert {s.person_id: s.cents for s in expense.shares} == {anna.id: 1225, bruno.id: 1225}
    assert child.id not in balances(money_house)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_staff_expense_form_ticks_only_who_shares(
    client, login, coordinator, money_house, pair, child, htmx
):
    login(coordinator)
    address = url(money_house, "/expenses/new")
    page = text(client.htmx("get", address) if htmx else client.get(address))
    anna, _bruno = pair
    assert f'name="in-{anna.id}" value="1" checked' in page
    assert f'name="in-{child.id}" value="1" >' in page  # listed, not ticked


def test_staff_page_balances_and_contribution_choices(
    client, login, coordinator, money_house, pair, child
):
    login(coordinator)
    page = text(client.get(url(money_house)))
    assert f'id="balance-{pair[0].id}"' in page and f'id="balance-{child.id}"' not in page
    form = text(client.get(url(money_house, "/contributions/new")))
    options = form.partition('name="person"')[2].partition("</select>")[0]
    assert options.index("Anna Bianchi") < options.index("Nino Bianchi (does not share expenses)")
