"""Staff money screens: the household's money page and its expenses (add, edit, history).

Managers (admins, coordinators) change things; linked workers may look. Every URL loads
its household through `security.get_household_or_404` (another household answers 404).
Payments, recurring expenses, contributions and settings are in payment_views.py.
"""

from __future__ import annotations

from flask import abort, g, render_template, request, url_for

from cohousing.audit.services import record
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.forms import (
    SPLIT_LABELS,
    ConfirmForm,
    ExpenseForm,
    PeopleInput,
    enum_choice,
)
from cohousing.money.models import Expense, ExpenseCategory
from cohousing.money.overview import money_page, people_of
from cohousing.money.services import (
    CATEGORY_LABELS,
    Actor,
    ExpenseData,
    MoneyRuleError,
    add_expense,
    delete_expense,
    edit_expense,
    expense_in,
    history,
    restore_expense,
)
from cohousing.money.splits import SplitKind
from cohousing.security import (
    MANAGERS,
    can_manage_households,
    get_household_or_404,
    staff_required,
)
from cohousing.web.htmx import htmx_redirect, is_htmx, render_page_or_fragment

PEOPLE_FIELDS = ("payers", "participants", "shares", "exact", "percent")


def load_household(household_id: int) -> Household:
    """The household of the URL, or 404; kept in `g` for the language and time zone."""
    household = get_household_or_404(household_id)
    g.household = household
    return household


def money_url(household: Household) -> str:
    return url_for("money.page", household_id=household.id)


def show_errors(form, people: PeopleInput | None, error: MoneyRuleError) -> None:
    """Each message by its field; what has no field goes at the top of the form."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        elif people is not None and name in PEOPLE_FIELDS:
            people.errors.setdefault(name, str(message))
        else:
            form.form_errors.append(message)


def common_context() -> dict:
    return {
        "CATEGORY_LABELS": CATEGORY_LABELS,
        "SPLIT_LABELS": SPLIT_LABELS,
        "manage": can_manage_households(),
    }


# --- the money page ------------------------------------------------------------------


@bp.get("/households/<int:household_id>/money")
@staff_required()
def page(household_id: int):
    household = load_household(household_id)
    # Balances and contributions are residents' details: the register keeps who looked.
    record("money.viewed", household_id=household.id)
    response = render_page_or_fragment(
        "money/page.html",
        "money/_overview.html",
        household=household,
        **money_page(household),
        **common_context(),
    )
    # Commit once, after rendering: committing first expired the household and the
    # signed-in account, and the page read both again.
    db.session.commit()
    return response


# --- one expense and its history -----------------------------------------------------


def _expense_or_404(household: Household, expense_id: int) -> Expense:
    expense = expense_in(household, expense_id)
    if expense is None:
        abort(404)
    return expense


@bp.get("/households/<int:household_id>/money/expenses/<int:expense_id>")
@staff_required()
def expense_detail(household_id: int, expense_id: int):
    household = load_household(household_id)
    expense = _expense_or_404(household, expense_id)
    return render_template(
        "money/expense.html",
        household=household,
        expense=expense,
        history=history(expense),
        people=people_of(household),
        form=ConfirmForm(),
        **common_context(),
    )


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


def _render_form(household, form, people, expense=None, status: int = 200):
    template = "money/_expense_form.html" if is_htmx() else "money/expense_form.html"
    return (
        render_template(
            template,
            household=household,
            form=form,
            people_input=people,
            people=people_of(household),
            expense=expense,
            **common_context(),
        ),
        status,
    )


def _already_submitted(household: Household, result: str):
    kind, _sep, ident = result.partition(":")
    if kind == "expense" and ident.isdigit():
        return htmx_redirect(
            url_for("money.expense_detail", household_id=household.id, expense_id=int(ident))
        )
    return htmx_redirect(money_url(household))


@bp.route("/households/<int:household_id>/money/expenses/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_expense(household_id: int):
    household = load_household(household_id)
    residents = current_residents(household)
    form = ExpenseForm(residents)
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        form.spent_on.data = household.today()
        if g.get("resident") is None and residents:
            form.payer.data = str(residents[0].id)
        return _render_form(household, form, PeopleInput.everyone(residents))
    people = PeopleInput(request.form, residents)
    data = _expense_data(form, people)
    if data is None:
        return _render_form(household, form, people, status=422)
    try:
        expense = add_expense(
            household, data, by=Actor.current(), submission_id=form.submission_id.data
        )
    except idempotency.AlreadySubmitted as done:
        db.session.rollback()
        return _already_submitted(household, done.result)
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, people, error)
        return _render_form(household, form, people, status=422)
    db.session.commit()
    return htmx_redirect(
        url_for("money.expense_detail", household_id=household.id, expense_id=expense.id)
    )


@bp.route(
    "/households/<int:household_id>/money/expenses/<int:expense_id>/edit",
    methods=["GET", "POST"],
)
@staff_required(*MANAGERS)
def edit_expense_view(household_id: int, expense_id: int):
    household = load_household(household_id)
    expense = _expense_or_404(household, expense_id)
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
            form.payer.data = "several"
        return _render_form(household, form, PeopleInput.from_expense(expense, named), expense)
    form = ExpenseForm(named)
    people = PeopleInput(request.form, named)
    data = _expense_data(form, people)
    if data is None:
        return _render_form(household, form, people, expense, status=422)
    try:
        edit_expense(expense, data, by=Actor.current())
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, people, error)
        return _render_form(household, form, people, expense, status=422)
    db.session.commit()
    return htmx_redirect(
        url_for("money.expense_detail", household_id=household.id, expense_id=expense.id)
    )


def _named_people(household: Household, expense: Expense) -> list:
    """People on the expense who may have moved out since, so editing still shows them."""
    people = people_of(household)
    ids = {p.person_id for p in expense.payers} | {s.person_id for s in expense.shares}
    return [people[i] for i in sorted(ids) if i in people]


@bp.post("/households/<int:household_id>/money/expenses/<int:expense_id>/delete")
@staff_required(*MANAGERS)
def delete_expense_view(household_id: int, expense_id: int):
    household = load_household(household_id)
    expense = _expense_or_404(household, expense_id)
    if ConfirmForm().validate_on_submit():
        delete_expense(expense, by=Actor.current())
        db.session.commit()
    return _back_to_expense(household, expense)


@bp.post("/households/<int:household_id>/money/expenses/<int:expense_id>/restore")
@staff_required(*MANAGERS)
def restore_expense_view(household_id: int, expense_id: int):
    household = load_household(household_id)
    expense = _expense_or_404(household, expense_id)
    if ConfirmForm().validate_on_submit():
        restore_expense(expense, by=Actor.current())
        db.session.commit()
    return _back_to_expense(household, expense)


def _back_to_expense(household: Household, expense: Expense):
    return htmx_redirect(
        url_for("money.expense_detail", household_id=household.id, expense_id=expense.id)
    )
