"""Staff money screens: the money page, expenses with every split, their history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.money.models import ChangeKind, Expense, ExpenseChange, SplitKind
from cohousing.money.services import balances
from tests.fixtures.households import text
from tests.fixtures.money import count, expense_form, url

# --- who may open what -----------------------------------------------------------------


def test_linked_worker_sees_balances_transfers_and_expenses(
    client, login, worker, money_house, pair, book
):
    anna, bruno = pair
    book(money_house, anna, 3000, [anna, bruno], description="Spesa Conad")
    login(worker)
    response = client.get(url(money_house))
    page = text(response)
    assert response.status_code == 200
    assert "Spesa Conad" in page
    assert "Bruno Rossi gives Anna Bianchi €15.00" in page
    assert "Add an expense" not in page  # workers only look
    viewed = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "money.viewed").order_by(AuditEvent.id.desc())
    )
    assert viewed.household_id == money_house.id and viewed.staff_id == worker.id
    assert "HX-Request" in response.headers["Vary"]


def test_other_household_is_404_and_wrong_role_is_403(
    client, login, worker, coordinator, money_house, other_household
):
    login(worker)
    assert client.get(url(other_household)).status_code == 404
    assert client.get(url(other_household, "/export.csv")).status_code == 404
    assert client.get(url(money_house, "/expenses/new")).status_code == 403
    assert client.post(url(money_house, "/payments/new"), data={}).status_code == 403


def test_signed_out_goes_to_login(client, money_house):
    response = client.get(url(money_house))
    assert response.status_code == 303
    assert "/auth/login" in response.headers["Location"]


def test_htmx_navigation_gets_only_the_overview(client, login, coordinator, money_house):
    login(coordinator)
    page = text(client.htmx("get", url(money_house)))
    assert 'id="money-overview"' in page
    assert "<html" not in page


# --- adding an expense -----------------------------------------------------------------


def test_coordinator_adds_an_expense_split_equally(client, login, coordinator, money_house, pair):
    anna, bruno = pair
    login(coordinator)
    form = text(client.get(url(money_house, "/expenses/new")))
    assert 'name="submission_id"' in form and f'name="in-{bruno.id}"' in form
    response = client.post(url(money_house, "/expenses/new"), data=expense_form(anna, bruno))
    assert response.status_code == 303
    expense = db.session.scalar(select(Expense))
    assert response.headers["Location"].endswith(f"/money/expenses/{expense.id}")
    assert expense.amount_cents == 3000 and expense.by_staff_id == coordinator.id
    assert {s.person_id: s.cents for s in expense.shares} == {anna.id: 1500, bruno.id: 1500}
    assert balances(money_house) == {anna.id: 1500, bruno.id: -1500}


@pytest.mark.parametrize(
    ("kind", "parts", "expected"),
    [
        ("shares", ("2", "1"), (2000, 1000)),
        ("exact", ("10,50", "19.50"), (1050, 1950)),  # either mark before the cents
        ("percent", ("25", "75"), (750, 2250)),
    ],
)
def test_every_split_kind_through_the_form(
    client, login, coordinator, money_house, pair, kind, parts, expected
):
    anna, bruno = pair
    login(coordinator)
    data = expense_form(
        anna, bruno, split_kind=kind, **{f"part-{anna.id}": parts[0], f"part-{bruno.id}": parts[1]}
    )
    assert client.post(url(money_house, "/expenses/new"), data=data).status_code == 303
    expense = db.session.scalar(select(Expense))
    assert expense.split_kind is SplitKind(kind)
    assert [s.cents for s in expense.shares] == list(expected)


def test_several_payers_and_thousands_in_the_users_format(
    client, login, coordinator, money_house, pair
):
    anna, bruno = pair
    login(coordinator)
    data = expense_form(
        anna,
        bruno,
        amount="1,234.50",
        payer="several",
        **{f"paid-{anna.id}": "1,000", f"paid-{bruno.id}": "234.50"},
    )
    assert client.post(url(money_house, "/expenses/new"), data=data).status_code == 303
    expense = db.session.scalar(select(Expense))
    assert expense.amount_cents == 123450
    assert {p.person_id: p.cents for p in expense.payers} == {anna.id: 100000, bruno.id: 23450}


def test_htmx_add_redirects_with_hx_redirect(client, login, coordinator, money_house, pair):
    anna, bruno = pair
    login(coordinator)
    response = client.htmx(
        "post", url(money_house, "/expenses/new"), data=expense_form(anna, bruno)
    )
    assert response.status_code == 204
    assert "/money/expenses/" in response.headers["HX-Redirect"]
    assert count(Expense) == 1


BAD_INPUTS = [
    ({"amount": "0"}, "amount-error", "above zero"),
    ({"amount": "-5"}, "amount-error", "above zero"),
    ({"amount": "100,000.01"}, "amount-error", "too large"),
    ({"amount": "abc"}, "amount-error", "digits"),
    ({"spent_on": "2027-06-01"}, "spent_on-error", "too far in the future"),
    ({"split_kind": "percent", "part-A": "50", "part-B": "40"}, "percent-error", "100%"),
    ({"split_kind": "exact", "part-A": "10", "part-B": "10"}, "exact-error", "add up to the total"),
    ({"payer": "999999"}, "payers-error", "live in this household"),
    ({"in-999999": "1"}, "participants-error", "live in this household"),
    ({"description": ""}, "description-error", "what the money was for"),
]


@pytest.mark.parametrize(("changes", "error_id", "message"), BAD_INPUTS)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_is_refused_by_the_field_keeps_what_was_typed_saves_nothing(
    client, login, coordinator, money_house, pair, changes, error_id, message, htmx
):
    anna, bruno = pair
    login(coordinator)
    changes = {
        k.replace("part-A", f"part-{anna.id}").replace("part-B", f"part-{bruno.id}"): v
        for k, v in changes.items()
    }
    data = expense_form(
        anna, bruno, description=changes.pop("description", "Spesa Esselunga"), **changes
    )
    if htmx:
        response = client.htmx("post", url(money_house, "/expenses/new"), data=data)
    else:
        response = client.post(url(money_house, "/expenses/new"), data=data)
    page = text(response)
    assert response.status_code == 422
    assert f'id="{error_id}"' in page
    assert message in page
    assert ("<html" in page) is not htmx
    if data["description"]:
        assert 'value="Spesa Esselunga"' in page  # what was typed stays
    assert count(Expense) == 0 and count(ExpenseChange) == 0


def test_two_taps_on_save_book_one_expense(client, login, coordinator, money_house, pair):
    anna, bruno = pair
    login(coordinator)
    first = client.post(url(money_house, "/expenses/new"), data=expense_form(anna, bruno))
    second = client.post(url(money_house, "/expenses/new"), data=expense_form(anna, bruno))
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert count(Expense) == 1


# --- history, edit, delete, restore --------------------------------------------------


def test_edit_delete_restore_keep_history_visible_on_the_expense(
    client, login, coordinator, money_house, pair, book
):
    anna, bruno = pair
    expense = book(money_house, anna, 3000, [anna, bruno], description="Bolletta")
    login(coordinator)
    edit_url = url(money_house, f"/expenses/{expense.id}/edit")
    form = text(client.get(edit_url))
    assert 'value="Bolletta"' in form and 'value="30.00"' in form
    data = expense_form(anna, bruno, description="Bolletta luce", amount="40", submission_id="")
    assert client.post(edit_url, data=data).status_code == 303
    assert client.post(url(money_house, f"/expenses/{expense.id}/delete")).status_code == 303
    db.session.refresh(expense)
    assert expense.deleted_at is not None
    assert balances(money_house) == {anna.id: 0, bruno.id: 0}
    page = text(client.get(url(money_house)))
    assert "Bolletta luce" in page and "Deleted" in page  # nothing disappears silently
    assert client.post(url(money_house, f"/expenses/{expense.id}/restore")).status_code == 303
    detail = text(client.get(url(money_house, f"/expenses/{expense.id}")))
    kinds = [c.kind for c in db.session.scalars(select(ExpenseChange).order_by(ExpenseChange.id))]
    assert kinds == [ChangeKind.CREATED, ChangeKind.EDITED, ChangeKind.DELETED, ChangeKind.RESTORED]
    assert "Added by Anna Bianchi" in detail
    assert "Changed by Carla Coordinatrice" in detail
    assert "Deleted by Carla Coordinatrice" in detail and "Restored by" in detail
    assert "Bolletta → Bolletta luce" in detail
    assert balances(money_house) == {anna.id: 2000, bruno.id: -2000}


def test_expense_of_another_household_is_404(
    client, login, coordinator, money_house, other_household, pair, book
):
    anna, bruno = pair
    expense = book(money_house, anna, 1000, [anna, bruno])
    login(coordinator)
    assert client.get(url(other_household, f"/expenses/{expense.id}")).status_code == 404
    assert client.post(url(other_household, f"/expenses/{expense.id}/delete")).status_code == 404
    assert db.session.get(Expense, expense.id).deleted_at is None


def test_worker_cannot_delete(client, login, worker, money_house, pair, book):
    anna, bruno = pair
    expense = book(money_house, anna, 1000, [anna, bruno])
    login(worker)
    assert client.post(url(money_house, f"/expenses/{expense.id}/delete")).status_code == 403
    detail = text(client.get(url(money_house, f"/expenses/{expense.id}")))
    assert "Added by Anna Bianchi" in detail and "Delete</button>" not in detail


def test_managers_delete_and_restore_with_htmx(manager, money_house, pair, book):
    anna, bruno = pair
    expense = book(money_house, anna, 1000, [anna, bruno])
    deleted = manager.htmx("post", url(money_house, f"/expenses/{expense.id}/delete"))
    assert deleted.status_code == 204
    assert deleted.headers["HX-Redirect"].endswith(f"/money/expenses/{expense.id}")
    assert db.session.get(Expense, expense.id).deleted_at is not None
    restored = manager.htmx("post", url(money_house, f"/expenses/{expense.id}/restore"))
    assert restored.status_code == 204
    assert db.session.get(Expense, expense.id).deleted_at is None


def test_a_deleted_expense_cannot_be_edited(client, login, coordinator, money_house, pair, book):
    anna, bruno = pair
    expense = book(money_house, anna, 1000, [anna, bruno])
    login(coordinator)
    client.post(url(money_house, f"/expenses/{expense.id}/delete"))
    data = expense_form(anna, bruno, amount="99", submission_id="")
    response = client.post(url(money_house, f"/expenses/{expense.id}/edit"), data=data)
    assert response.status_code == 422
    assert "This expense was deleted. Restore it first." in text(response)
    assert db.session.get(Expense, expense.id).amount_cents == 1000
