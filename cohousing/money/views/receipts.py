"""Receipt photos: attached from the staff expense page (the tablet attaches one while
adding an expense, in `tablet`), and served to the household's tablet and its staff only.

The scope has already checked that the expense belongs to the URL's household (staff) or
to the tablet's household (404 otherwise). The staff picture is in `HEALTH_PAGES`
(`cohousing.security.register`): every look is in the access register, never cached.
"""

from __future__ import annotations

from flask import abort, flash, make_response, render_template, url_for
from flask_babel import gettext as _

from cohousing.households.models import Household
from cohousing.money import bp
from cohousing.money.forms import ReceiptForm
from cohousing.money.models import Expense
from cohousing.money.services import Actor, attach_receipt, clean_receipt, receipt_of
from cohousing.security import MANAGERS, resident_required, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect


@bp.post("/households/<int:household_id>/money/expenses/<int:expense_id>/receipt")
@staff_required(*MANAGERS)
def attach_receipt_view(household: Household, expense: Expense):
    form = ReceiptForm()
    detail = url_for("money.expense_detail", household_id=household.id, expense_id=expense.id)

    def saved(_receipt):
        flash(_("The receipt photo is saved."), "success")
        return htmx_redirect(detail)

    return perform(
        form,
        lambda: attach_receipt(expense, clean_receipt(form.receipt.data.stream), Actor.current()),
        done=saved,
        refused=lambda: render_template(
            "money/receipt_form.html", form=form, household=household, expense=expense
        ),
    )


@bp.get("/households/<int:household_id>/money/expenses/<int:expense_id>/receipt/<int:version>.jpg")
@staff_required()
def staff_receipt(household: Household, expense: Expense, version: int):
    return _picture(expense)


@bp.get("/tablet/money/expenses/<int:expense_id>/receipt/<int:version>.jpg")
@resident_required
def tablet_receipt(expense: Expense, version: int):
    return _picture(expense)


def _picture(expense: Expense):
    receipt = receipt_of(expense)
    if receipt is None:
        abort(404)
    response = make_response(receipt.photo)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, no-store"  # health and money: no copies
    return response
