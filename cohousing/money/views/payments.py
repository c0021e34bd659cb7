"""Staff payment screens: record a payment, and one payment's history, correction, deletion.

A deleted payment can be neither corrected nor deleted again: the service refuses, the
page says why (422).
"""

from __future__ import annotations

from flask import render_template, request, url_for

from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.forms import (
    ConfirmForm,
    PaymentEditForm,
    PaymentForm,
    person_choice,
)
from cohousing.money.models import MAX_CENTS, Payment
from cohousing.money.services import (
    Actor,
    delete_payment,
    edit_payment,
    moved_out_with_balance,
    payment_history,
    people_of,
    record_payment,
    settings_for,
)
from cohousing.money.views.common import common_context, money_url, render_small_form
from cohousing.security import MANAGERS, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect
from cohousing.web.parsing import query_int


@bp.route("/households/<int:household_id>/money/payments/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_payment(household: Household):
    kitty = settings_for(household).kitty_mode
    form = PaymentForm(
        current_residents(household), kitty=kitty, moved_out=moved_out_with_balance(household)
    )
    action = url_for("money.new_payment", household_id=household.id)
    if not form.is_submitted():
        # "Record it as paid" next to a suggested transfer fills the form in.
        form.paid_on.data = household.today()
        form.from_person.data = request.args.get("from", form.from_person.data)
        form.to_person.data = request.args.get("to", form.to_person.data)
        cents = request.args.get("cents", type=query_int(1, MAX_CENTS))
        if cents is not None:
            form.amount.process_data(cents)
        return render_small_form(household, form, "payment", action)
    return perform(
        form,
        lambda: record_payment(
            household,
            payer=person_choice(form.from_person.data),
            payee=person_choice(form.to_person.data),
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            note=form.note.data or "",
            by=Actor.current(),
            submission_id=form.submission_id.data,
        ),
        done=lambda _payment: htmx_redirect(money_url(household)),
        refused=lambda: render_small_form(household, form, "payment", action),
        repeated=lambda _result: htmx_redirect(money_url(household)),
    )


# --- one payment: its history, a correction, deleting it ---------------------------------


def _payment_url(household: Household, payment: Payment) -> str:
    return url_for("money.payment_detail", household_id=household.id, payment_id=payment.id)


def _render_payment(household: Household, payment: Payment, form, confirm=None) -> str:
    return render_template(
        "money/payment.html",
        household=household,
        payment=payment,
        form=form,
        confirm=confirm or ConfirmForm(),
        history=payment_history(payment),
        people=people_of(household),
        **common_context(),
    )


def _filled(payment: Payment) -> PaymentEditForm:
    form = PaymentEditForm(data={"paid_on": payment.paid_on, "note": payment.note})
    form.amount.process_data(payment.cents)
    return form


@bp.get("/households/<int:household_id>/money/payments/<int:payment_id>")
@staff_required()
def payment_detail(household: Household, payment: Payment):
    return _render_payment(household, payment, _filled(payment))


@bp.post("/households/<int:household_id>/money/payments/<int:payment_id>")
@staff_required(*MANAGERS)
def edit_payment_view(household: Household, payment: Payment):
    form = PaymentEditForm()
    return perform(
        form,
        lambda: edit_payment(
            payment,
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            note=form.note.data or "",
            by=Actor.current(),
        ),
        done=lambda _result: htmx_redirect(_payment_url(household, payment)),
        refused=lambda: _render_payment(household, payment, form),
    )


@bp.post("/households/<int:household_id>/money/payments/<int:payment_id>/delete")
@staff_required(*MANAGERS)
def delete_payment_view(household: Household, payment: Payment):
    confirm = ConfirmForm()
    return perform(
        confirm,
        lambda: delete_payment(payment, by=Actor.current()),
        done=lambda _result: htmx_redirect(_payment_url(household, payment)),
        refused=lambda: _render_payment(household, payment, _filled(payment), confirm),
    )
