"""Staff money actions besides expenses and payments: settings, recurring expenses,
monthly contributions and the payments towards them.

Each is a small form on its own page (a fragment for htmx), for managers only. The forms
share one template that lays their fields out with the `field()` macro. A contribution
payment recorded by mistake is deleted from the money page (the register says who).
"""

from __future__ import annotations

from flask import request, url_for

from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money import bp
from cohousing.money.forms import (
    ConfirmForm,
    ContributionForm,
    ContributionPaidForm,
    PeopleInput,
    RecurringForm,
    SettingsForm,
    StopRecurringForm,
    enum_choice,
    person_choice,
)
from cohousing.money.models import (
    ContributionPayment,
    ExpenseCategory,
    Period,
    RecurringExpense,
    SplitKind,
)
from cohousing.money.services import (
    Actor,
    create_recurring,
    delete_contribution_payment,
    record_contribution_payment,
    set_contribution,
    settings_for,
    stop_recurring,
    update_settings,
)
from cohousing.money.views.common import (
    money_url,
    overview_context,
    render_overview,
    render_small_form,
)
from cohousing.security import MANAGERS, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect


def _to_money_page(household: Household):
    return lambda _result: htmx_redirect(money_url(household))


@bp.route("/households/<int:household_id>/money/settings", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def settings(household: Household):
    form = SettingsForm()
    action = url_for("money.settings", household_id=household.id)
    if not form.is_submitted():
        current = settings_for(household)
        form.kitty_mode.data = current.kitty_mode
        form.arrears_threshold.process_data(current.arrears_threshold_cents)
        form.arrears_days.data = current.arrears_threshold_days
        return render_small_form(household, form, "settings", action)
    return perform(
        form,
        lambda: update_settings(
            household,
            kitty_mode=form.kitty_mode.data,
            arrears_threshold_cents=form.arrears_threshold.cents,
            arrears_threshold_days=form.arrears_days.data,
        ),
        done=_to_money_page(household),
        refused=lambda: render_small_form(household, form, "settings", action),
    )


@bp.route("/households/<int:household_id>/money/recurring/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_recurring(household: Household):
    residents = current_residents(household)
    form = RecurringForm(residents)
    action = url_for("money.new_recurring", household_id=household.id)
    if not form.is_submitted():
        form.starts_on.data = household.today()
        people = PeopleInput.everyone(residents)
    else:
        people = PeopleInput(request.form, residents)

    def render():
        return render_small_form(
            household, form, "recurring", action, people=people, residents=residents
        )

    if not form.is_submitted():
        return render()
    split = people.split(SplitKind.EQUAL)
    return perform(
        form,
        lambda: create_recurring(
            household,
            description=form.description.data,
            amount_cents=form.amount.cents or 0,
            category=enum_choice(ExpenseCategory, form.category.data, ExpenseCategory.OTHER),
            payer_id=person_choice(form.payer.data) or 0,
            split=split,
            period=enum_choice(Period, form.period.data, Period.MONTHLY),
            day=form.chosen_day(),
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            by=Actor.current(),
            submission_id=form.submission_id.data,
        ),
        done=_to_money_page(household),
        refused=render,
        repeated=_to_money_page(household),
        extra_errors=people.show,
    )


@bp.route(
    "/households/<int:household_id>/money/recurring/<int:recurring_id>/stop",
    methods=["GET", "POST"],
)
@staff_required(*MANAGERS)
def stop_recurring_view(household: Household, recurring: RecurringExpense):
    form = StopRecurringForm()
    action = url_for(
        "money.stop_recurring_view", household_id=household.id, recurring_id=recurring.id
    )

    def render():
        return render_small_form(household, form, "stop", action, recurring=recurring)

    if not form.is_submitted():
        form.last_day.data = household.today()
        return render()
    return perform(
        form,
        lambda: stop_recurring(recurring, last_day=form.last_day.data),
        done=_to_money_page(household),
        refused=render,
    )


@bp.route("/households/<int:household_id>/money/contributions/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_contribution(household: Household):
    form = ContributionForm(current_residents(household))
    action = url_for("money.new_contribution", household_id=household.id)
    if not form.is_submitted():
        form.starts_on.data = household.today().replace(day=1)
        return render_small_form(household, form, "contribution", action)
    return perform(
        form,
        lambda: set_contribution(
            household,
            person_choice(form.person.data),
            monthly_cents=form.amount.cents or 0,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            due_day=form.due_day.data,
            submission_id=form.submission_id.data,
        ),
        done=_to_money_page(household),
        refused=lambda: render_small_form(household, form, "contribution", action),
        repeated=_to_money_page(household),
    )


@bp.route("/households/<int:household_id>/money/contributions/paid", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def contribution_paid(household: Household):
    form = ContributionPaidForm(current_residents(household))
    action = url_for("money.contribution_paid", household_id=household.id)
    if not form.is_submitted():
        form.person.data = request.args.get("person", form.person.data)
        form.month.data = household.today().replace(day=1)
        form.paid_on.data = household.today()
        return render_small_form(household, form, "contribution_paid", action)
    return perform(
        form,
        lambda: record_contribution_payment(
            household,
            person_choice(form.person.data),
            month=form.month.data,
            cents=form.amount.cents or 0,
            paid_on=form.paid_on.data,
            by=Actor.current(),
            submission_id=form.submission_id.data,
        ),
        done=_to_money_page(household),
        refused=lambda: render_small_form(household, form, "contribution_paid", action),
        repeated=_to_money_page(household),
    )


@bp.post(
    "/households/<int:household_id>/money/contributions/payments/"
    "<int:contribution_payment_id>/delete"
)
@staff_required(*MANAGERS)
def delete_contribution_payment_view(
    household: Household, contribution_payment: ContributionPayment
):
    """A contribution payment recorded by mistake: the money page again, without it."""
    confirm = ConfirmForm()
    return perform(
        confirm,
        lambda: delete_contribution_payment(contribution_payment),
        done=lambda _result: fragment_or_redirect(
            "money/_overview.html",
            money_url(household),
            **overview_context(household),
        ),
        refused=lambda: render_overview(household, notices=confirm.form_errors),
    )
