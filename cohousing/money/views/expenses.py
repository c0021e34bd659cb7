"""Staff money screens: the household's money page and its expenses (add, edit, history).

Managers (admins, coordinators) change things; linked workers may look. The household and
the expense come loaded and checked from the URL (`cohousing.security.scope`).
"""

from __future__ import annotations

from flask import render_template, request, url_for

from cohousing.audit.services import record
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.forms import (
    SEVERAL,
    ConfirmForm,
    ExpenseForm,
    PeopleInput,
    ReceiptForm,
    enum_choice,
)
from cohousing.money.models import Expense, ExpenseCategory, SplitKind
from cohousing.money.services import (
    Actor,
    ExpenseData,
    add_expense,
    delete_expense,
    edit_expense,
    history,
    people_of,
    receipt_of,
    restore_expense,
)
from cohousing.money.views.common import common_context, money_url, render_overview
from cohousing.security import MANAGERS, staff_required
from cohousing.web.actions import perform, refuse
from cohousing.web.htmx import htmx_redirect, is_htmx
from cohousing.web.parsing import parse_id

# --- the money page ------------------------------------------------------------------


@bp.get("/households/<int:household_id>/money")
@staff_required()
def page(household: Household):
    # Balances and contributions are residents' details: the register keeps who looked.
    record("money.viewed", household_id=household.id)
    return render_overview(household)


# --- one expense and its history -----------------------------------------------------


def _expense_url(household: Household, expense: Expense) -> str:
    return url_for("money.expense_detail", household_id=household.id, expense_id=expense.id)


def _render_detail(household: Household, expense: Expense, form) -> str:
    return render_template(
        "money/expense.html",
        household=household,
        expense=expense,
        history=history(expense),
        people=people_of(household),
        form=form,
        receipt=receipt_of(expense),
        receipt_form=ReceiptForm(formdata=None),
        **common_context(),
    )


@bp.get("/households/<int:household_id>/money/expenses/<int:expense_id>")
@staff_required()
def expense_detail(household: Household, expense: Expense):
    return _render_detail(household, expense, ConfirmForm())


# --- add and edit --------------------------------------------------------------------


def _expense_data(form: ExpenseForm, people: PeopleInput) -> ExpenseData | None:
    """The parsed expense, or None when a field is wrong (messages set by the fields)."""
    valid = form.validate()
    kind = enum_choice(SplitKind, form.split_kind.data)
    payers = people.payers(form.payer.data, form.amount.cents)
    split = people.split(kind or SplitKind.EQUAL)
    if not valid or people.errors or kind is None:
        return None
    return ExpenseData(
        description=form.description.data or "",
        amount_cents=form.amount.cents or 0,
        spent_on=form.spent_on.data,
        category=enum_choice(ExpenseCategory, form.category.data, ExpenseCategory.OTHER),
        payers=payers,
        split=split,
    )


def _render_form(household, form, people: PeopleInput, expense=None) -> str:
    template = "money/_expense_form.html" if is_htmx() else "money/expense_form.html"
    return render_template(
        template,
        household=household,
        form=form,
        people_input=people,
        people=people_of(household),
        expense=expense,
        **common_context(),
    )


def _where_the_first_led(household: Household, result: str):
    """A second tap on save: the expense the first one booked."""
    kind, _sep, ident = result.partition(":")
    expense_id = parse_id(ident) if kind == "expense" else None
    if expense_id is None:
        return htmx_redirect(money_url(household))
    return htmx_redirect(
        url_for("money.expense_detail", household_id=household.id, expense_id=expense_id)
    )


def _save(household, form, people: PeopleInput, act, expense=None):
    """Parse the form and the per-person inputs, then run `act(data)` the one way."""
    data = _expense_data(form, people)
    if data is None:
        return refuse(_render_form(household, form, people, expense))
    return perform(
        form,
        lambda: act(data),
        validate=False,
        done=lambda saved: htmx_redirect(_expense_url(household, saved)),
        refused=lambda: _render_form(household, form, people, expense),
        repeated=lambda result: _where_the_first_led(household, result),
        extra_errors=people.show,
    )


@bp.route("/households/<int:household_id>/money/expenses/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_expense(household: Household):
    residents = current_residents(household)
    form = ExpenseForm(residents)
    if not form.is_submitted():
        form.spent_on.data = household.today()
        if residents:
            form.payer.data = str(residents[0].id)
        return _render_form(household, form, PeopleInput.everyone(residents))
    return _save(
        household,
        form,
        PeopleInput(request.form, residents),
        lambda data: add_expense(
            household, data, by=Actor.current(), submission_id=form.submission_id.data
        ),
    )


@bp.route(
    "/households/<int:household_id>/money/expenses/<int:expense_id>/edit",
    methods=["GET", "POST"],
)
@staff_required(*MANAGERS)
def edit_expense_view(household: Household, expense: Expense):
    residents = current_residents(household)
    named = list({p.id: p for p in [*residents, *_named_people(household, expense)]}.values())
    if request.method == "GET":
        form = ExpenseForm(named, obj=expense)
        form.amount.process_data(expense.amount_cents)
        form.split_kind.data = expense.split_kind.value
        form.category.data = expense.category.value
        if len(expense.payers) == 1:
            form.payer.data = str(expense.payers[0].person_id)
        else:
            form.payer.data = SEVERAL
        return _render_form(household, form, PeopleInput.from_expense(expense, named), expense)
    form = ExpenseForm(named)
    return _save(
        household,
        form,
        PeopleInput(request.form, named),
        lambda data: edit_expense(expense, data, by=Actor.current()),
        expense,
    )


def _named_people(household: Household, expense: Expense) -> list:
    """People on the expense who may have moved out since, so editing still shows them."""
    people = people_of(household)
    ids = {p.person_id for p in expense.payers} | {s.person_id for s in expense.shares}
    return [people[i] for i in sorted(ids) if i in people]


# --- delete and restore ----------------------------------------------------------------


def _confirmed(household: Household, expense: Expense, act):
    form = ConfirmForm()
    return perform(
        form,
        act,
        done=lambda _result: htmx_redirect(_expense_url(household, expense)),
        refused=lambda: _render_detail(household, expense, form),
    )


@bp.post("/households/<int:household_id>/money/expenses/<int:expense_id>/delete")
@staff_required(*MANAGERS)
def delete_expense_view(household: Household, expense: Expense):
    return _confirmed(household, expense, lambda: delete_expense(expense, by=Actor.current()))


@bp.post("/households/<int:household_id>/money/expenses/<int:expense_id>/restore")
@staff_required(*MANAGERS)
def restore_expense_view(household: Household, expense: Expense):
    return _confirmed(household, expense, lambda: restore_expense(expense, by=Actor.current()))
