"""The coordinator's side of the tablet: enrol one for a household, revoke one.

The household and the tablet of a URL come from the scope, checked (another household's
tablet is 404). The household page shows the tablets section through
`households.services.on_household_page`, so the households area needs no tablet import.
"""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.database.idempotency import new_token
from cohousing.households.models import Household
from cohousing.households.services import on_household_page
from cohousing.rules import RuleError
from cohousing.security import MANAGERS, can_manage_households, staff_required
from cohousing.tablet import bp
from cohousing.tablet.forms import StartEnrolmentForm
from cohousing.tablet.models import Tablet
from cohousing.tablet.services import (
    enrolment_expiry,
    group_code,
    household_tablets,
    revoke,
    start_enrolment,
)
from cohousing.web.actions import attempt, perform, refuse
from cohousing.web.htmx import fragment_or_redirect, is_htmx
from cohousing.web.qr import qr_svg

TABLETS = "tablet/_household_tablets.html"


def tablets_section(household: Household) -> dict:
    """What tablet/_household_tablets.html needs: the tablets and an empty enrol form."""
    return {
        "tablets": household_tablets(household),
        # A fresh token even when a POST renders the section (OnceForm fills it on GET).
        "tablet_enrol_form": StartEnrolmentForm(formdata=None, data={"submission_id": new_token()}),
    }


@on_household_page
def household_page_part(household: Household) -> dict:
    """The household page's tablets section: for the managers, who enrol and revoke."""
    return tablets_section(household) if can_manage_households() else {}


def household_page_url(household: Household) -> str:
    """The household page, where the tablets section lives."""
    return url_for("households.detail", household_id=household.id) + "#tablets"


def _code_page(household: Household, name: str, code: str):
    link = url_for("tablet.enrol", code=code, _external=True)
    return render_template(
        "tablet/code.html",
        household=household,
        name=name,
        code=group_code(code),
        link=link,
        qr=qr_svg(link),
        expires_at=enrolment_expiry(code),
        back=household_page_url(household),
    )


@bp.route("/households/<int:household_id>/enrol", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def start(household: Household):
    form = StartEnrolmentForm()
    back = household_page_url(household)

    def page():
        return render_template(
            "tablet/start.html",
            household=household,
            form=form,
            back=back,
            tablets=household_tablets(household),
        )

    if request.method == "GET":
        return page()
    return perform(
        form,
        lambda: start_enrolment(
            household, form.name.data, current_user.id, submission_id=form.submission_id.data
        ),
        done=lambda code: _code_page(household, form.name.data.strip(), code),
        refused=page,
        repeated=lambda _first: fragment_or_redirect(
            TABLETS, back, household=household, **tablets_section(household)
        ),
    )


@bp.route("/households/<int:household_id>/tablets/<int:tablet_id>/revoke", methods=["POST"])
@staff_required(*MANAGERS)
def revoke_tablet(household: Household, tablet: Tablet):
    """Plain POST asks to confirm on a page; the confirmed POST (or htmx's) revokes."""
    back = household_page_url(household)
    if request.form.get("confirm") != "yes" and not is_htmx():
        return render_template("tablet/revoke.html", household=household, tablet=tablet, back=back)
    try:
        attempt(lambda: revoke(tablet))
    except RuleError as error:  # the household is archived
        if is_htmx():
            section = tablets_section(household)
            return refuse(
                render_template(
                    TABLETS, household=household, tablets_message=error.message, **section
                )
            )
        return refuse(
            render_template(
                "tablet/revoke.html",
                household=household,
                tablet=tablet,
                back=back,
                message=error.message,
            )
        )
    if not is_htmx():
        flash(_("The tablet “%(name)s” is revoked.", name=tablet.name), "success")
    return fragment_or_redirect(TABLETS, back, household=household, **tablets_section(household))
