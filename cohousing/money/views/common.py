"""What the staff money screens share: links, labels, the money page, the small forms."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l

from cohousing.households.models import Household
from cohousing.money.forms import SPLIT_LABELS
from cohousing.money.services import CATEGORY_LABELS, money_page
from cohousing.security import can_manage_households
from cohousing.web.htmx import is_htmx, render_page_or_fragment

TITLES = {
    "payment": _l("Record a payment"),
    "settings": _l("Money settings"),
    "recurring": _l("Add a recurring expense"),
    "stop": _l("End a recurring expense"),
    "contribution": _l("Set a monthly contribution"),
    "contribution_paid": _l("Record a contribution paid"),
}


def money_url(household: Household) -> str:
    return url_for("money.page", household_id=household.id)


def common_context() -> dict:
    return {
        "CATEGORY_LABELS": CATEGORY_LABELS,
        "SPLIT_LABELS": SPLIT_LABELS,
        "manage": can_manage_households(),
    }


def overview_context(household: Household) -> dict:
    """What the money page and its overview fragment show."""
    return {"household": household, **money_page(household), **common_context()}


def render_overview(household: Household, **extra):
    """The money page, or only its overview for htmx."""
    return render_page_or_fragment(
        "money/page.html", "money/_overview.html", **overview_context(household), **extra
    )


def render_small_form(household: Household, form, kind: str, action: str, **extra) -> str:
    """One of the small money forms, on its own page or as a fragment for htmx."""
    template = "money/_simple_form.html" if is_htmx() else "money/form_page.html"
    return render_template(
        template,
        household=household,
        form=form,
        title=TITLES[kind],
        kind=kind,
        action=action,
        **extra,
        **common_context(),
    )
