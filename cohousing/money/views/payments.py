"""Staff money actions besides expenses: payments, settings, recurring expenses, contributions.

Each is a small form on its own page (a fragment for htmx), for managers only. The forms
share one template that lays their fields out with the `field()` macro.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.contributions import (
    record_contribution_payment,
    set_contribution,
    update_settings,
)
from cohousing.money.forms import (
    ConfirmForm,
    ContributionForm,
    ContributionPaidForm,
    PaymentEditForm,
    PaymentForm,
    PeopleInput,
    RecurringForm,
    SettingsForm,
    StopRecurringForm,
    enum_choice,
    person_choice,
)
from cohousing.money.models import ExpenseCategory, Payment, Period, RecurringExpense
from cohousing.money.overview import people_of
from cohousing.money.schedules import create_recurring, stop_recurring
from cohousing.money.services import (
    Actor,
    MoneyRuleError,
    delete_payment,
    edit_payment,
    payment_history,
    record_payment,
    settings_for,
)
from cohousing.money.splits import SplitKind
from cohousing.money.views.expenses import common_context, load_household, money_url, show_errors
from cohousing.security import MANAGERS, staff_required
from cohousing.web.htmx import htmx_redirect, is_htmx

TITLES = {
    "payment": _l("Record a payment"),
    "settings": _l("Money settings"),
    "recurring": _l("Add a recurring expense"),
    "stop": _l("End a recurring expense"),
    "contribution": _l("Set a monthly contribution"),
    "contribution_paid": _l("Record a contribution paid"),
}


def _render(household, form, kind: str, action: str, status: int = 200, **extra):
    template = "money/_simple_form.html" if is_htmx() else "money/form_page.html"
    return (
        render_template(
            template,
            household=household,
            form=form,
            title=TITLES[kind],
            kind=kind,
            action=action,
            **extra,
            **common_context(),
        ),
        status,
    )


def claim_once(form) -> None:
    """These services take no token: claim it here, in the same transaction as the record,
    so two taps on save make one record (raises idempotency.AlreadySubmitted)."""
    idempotency.claim(form.submission_id.data)


def _done(household):
    return htmx_redirect(money_url(household))


@bp.route("/households/<int:household_id>/money/payments/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_payment(household_id: int):
    household = load_household(household_id)
    kitty = settings_for(household).kitty_mode
    form = PaymentForm(current_residents(household), kitty=kitty)
    action = url_for("money.new_payment", household_id=household.id)
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        form.paid_on.data = household.today()
        form.from_person.data = request.args.get("from", form.from_person.data)
        form.to_person.data = request.args.get("to", form.to_person.data)
        if request.args.get("cents", "").isdigit():
            form.amount.process_data(int(request.args["cents"]))
        return _render(household, form, "payment", action)
    if not form.validate():
        return _render(household, form, "payment", action, 422)
    try:
        record_payment(
            household,
            payer=person_choice(form.from_person.data),
            payee=person_choice(form.to_person.data),
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            note=form.note.data or "",
            by=Actor.current(),
            submission_id=form.submission_id.data,
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return _done(household)
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, None, error)
        return _render(household, form, "payment", action, 422)
    db.session.commit()
    return _done(household)


@bp.route("/households/<int:household_id>/money/settings", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def settings(household_id: int):
    household = load_household(household_id)
    current = settings_for(household)
    form = SettingsForm()
    action = url_for("money.settings", household_id=household.id)
    if request.method == "GET":
        form.kitty_mode.data = current.kitty_mode
        form.arrears_threshold.process_data(current.arrears_threshold_cents)
        form.arrears_days.data = current.arrears_threshold_days
        return _render(household, form, "settings", action)
    if not form.validate():
        return _render(household, form, "settings", action, 422)
    try:
        update_settings(
            household,
            kitty_mode=form.kitty_mode.data,
            arrears_threshold_cents=form.arrears_threshold.cents,
            arrears_threshold_days=form.arrears_days.data,
        )
    except MoneyRuleError as error:
        db.session.rollback()
        error.errors = {
            {"arrears_threshold_cents": "arrears_threshold"}.get(k, "arrears_days"): v
            for k, v in error.errors.items()
        }
        show_errors(form, None, error)
        return _render(household, form, "settings", action, 422)
    db.session.commit()
    return _done(household)


@bp.route("/households/<int:household_id>/money/recurring/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_recurring(household_id: int):
    household = load_household(household_id)
    residents = current_residents(household)
    form = RecurringForm(residents)
    action = url_for("money.new_recurring", household_id=household.id)
    extra = {"residents": residents}
    if request.method == "GET":
        form.starts_on.data = household.today()
        form.submission_id.data = idempotency.new_token()
        return _render(
            household, form, "recurring", action, people=PeopleInput.everyone(residents), **extra
        )
    people = PeopleInput(request.form, residents)
    split = people.split(SplitKind.EQUAL)
    if not form.validate():
        return _render(household, form, "recurring", action, 422, people=people, **extra)
    try:
        claim_once(form)
        create_recurring(
            household,
            description=form.description.data,
            amount_cents=form.amount.cents or 0,
            category=enum_choice(ExpenseCategory, form.category.data, ExpenseCategory.OTHER),
            payer_id=person_choice(form.payer.data) or 0,
            split=split,
            period=enum_choice(Period, form.period.data, Period.MONTHLY),
            day=form.day.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            by=Actor.current(),
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return _done(household)
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, people, error)
        return _render(household, form, "recurring", action, 422, people=people, **extra)
    db.session.commit()
    return _done(household)


@bp.route(
    "/households/<int:household_id>/money/recurring/<int:recurring_id>/stop",
    methods=["GET", "POST"],
)
@staff_required(*MANAGERS)
def stop_recurring_view(household_id: int, recurring_id: int):
    household = load_household(household_id)
    recurring = db.session.get(RecurringExpense, recurring_id)
    if recurring is None or recurring.household_id != household.id:
        abort(404)
    form = StopRecurringForm()
    action = url_for(
        "money.stop_recurring_view", household_id=household.id, recurring_id=recurring.id
    )
    if request.method == "GET":
        form.last_day.data = household.today()
        return _render(household, form, "stop", action, recurring=recurring)
    if not form.validate():
        return _render(household, form, "stop", action, 422, recurring=recurring)
    try:
        stop_recurring(recurring, last_day=form.last_day.data)
    except MoneyRuleError as error:
        db.session.rollback()
        form.last_day.errors = [*form.last_day.errors, error.message]
        return _render(household, form, "stop", action, 422, recurring=recurring)
    db.session.commit()
    return _done(household)


@bp.route("/households/<int:household_id>/money/contributions/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_contribution(household_id: int):
    household = load_household(household_id)
    form = ContributionForm(current_residents(household))
    action = url_for("money.new_contribution", household_id=household.id)
    if request.method == "GET":
        form.starts_on.data = household.today().replace(day=1)
        form.submission_id.data = idempotency.new_token()
        return _render(household, form, "contribution", action)
    if not form.validate():
        return _render(household, form, "contribution", action, 422)
    try:
        claim_once(form)
        set_contribution(
            household,
            person_choice(form.person.data) or 0,
            monthly_cents=form.amount.cents or 0,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            due_day=form.due_day.data,
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return _done(household)
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, None, error)
        return _render(household, form, "contribution", action, 422)
    db.session.commit()
    return _done(household)


@bp.route("/households/<int:household_id>/money/contributions/paid", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def contribution_paid(household_id: int):
    household = load_household(household_id)
    form = ContributionPaidForm(current_residents(household))
    action = url_for("money.contribution_paid", household_id=household.id)
    if request.method == "GET":
        form.person.data = request.args.get("person", form.person.data)
        form.month.data = household.today().replace(day=1)
        form.paid_on.data = household.today()
        form.submission_id.data = idempotency.new_token()
        return _render(household, form, "contribution_paid", action)
    person_id = person_choice(form.person.data)
    if not form.validate():
        return _render(household, form, "contribution_paid", action, 422)
    if person_id not in {p.id for p in current_residents(household)}:
        form.person.errors = [_l("Choose people who live in this household.")]
        return _render(household, form, "contribution_paid", action, 422)
    try:
        claim_once(form)
        record_contribution_payment(
            household,
            person_id,
            month=form.month.data,
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            by=Actor.current(),
        )
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return _done(household)
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, None, error)
        return _render(household, form, "contribution_paid", action, 422)
    db.session.commit()
    return _done(household)


# --- one payment: its history, a correction, deleting it ---------------------------------


def _payment_or_404(household, payment_id: int) -> Payment:
    payment = db.session.get(Payment, payment_id)
    if payment is None or payment.household_id != household.id:
        abort(404)
    return payment


def _render_payment(household, payment: Payment, form, status: int = 200):
    return (
        render_template(
            "money/payment.html",
            household=household,
            payment=payment,
            form=form,
            confirm=ConfirmForm(),
            history=payment_history(payment),
            people=people_of(household),
            **common_context(),
        ),
        status,
    )


@bp.get("/households/<int:household_id>/money/payments/<int:payment_id>")
@staff_required()
def payment_detail(household_id: int, payment_id: int):
    household = load_household(household_id)
    payment = _payment_or_404(household, payment_id)
    form = PaymentEditForm(data={"paid_on": payment.paid_on, "note": payment.note})
    form.amount.process_data(payment.cents)
    return _render_payment(household, payment, form)


@bp.post("/households/<int:household_id>/money/payments/<int:payment_id>")
@staff_required(*MANAGERS)
def edit_payment_view(household_id: int, payment_id: int):
    household = load_household(household_id)
    payment = _payment_or_404(household, payment_id)
    form = PaymentEditForm()
    if payment.deleted_at is not None:
        form.form_errors.append(_l("This payment was deleted."))
        return _render_payment(household, payment, form, 422)
    if not form.validate():
        return _render_payment(household, payment, form, 422)
    try:
        edit_payment(
            payment,
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            note=form.note.data or "",
            by=Actor.current(),
        )
    except MoneyRuleError as error:
        db.session.rollback()
        show_errors(form, None, error)
        return _render_payment(household, payment, form, 422)
    db.session.commit()
    return htmx_redirect(_payment_url(household, payment))


@bp.post("/households/<int:household_id>/money/payments/<int:payment_id>/delete")
@staff_required(*MANAGERS)
def delete_payment_view(household_id: int, payment_id: int):
    household = load_household(household_id)
    payment = _payment_or_404(household, payment_id)
    if ConfirmForm().validate_on_submit():
        delete_payment(payment, by=Actor.current())
        db.session.commit()
    return htmx_redirect(_payment_url(household, payment))


def _payment_url(household, payment: Payment) -> str:
    return url_for("money.payment_detail", household_id=household.id, payment_id=payment.id)
