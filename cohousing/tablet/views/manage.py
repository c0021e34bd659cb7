"""The coordinator's side of the tablet: enrol one for a household, revoke one."""

from __future__ import annotations

import segno
from flask import abort, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import BuildError

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.security import MANAGERS, get_household_or_404, staff_required
from cohousing.tablet import bp
from cohousing.tablet.forms import StartEnrolmentForm
from cohousing.tablet.models import Tablet
from cohousing.tablet.services import (
    MAX_ID,
    enrolment_expiry,
    group_code,
    household_tablets,
    revoke,
    start_enrolment,
)
from cohousing.web.htmx import fragment_or_redirect, is_htmx


@bp.app_template_global("household_tablets")
def household_tablets_global(household) -> list[Tablet]:
    """For the household page's tablets section (`tablet/_household_tablets.html`)."""
    return household_tablets(household)


@bp.app_template_global()
def tablet_enrol_form() -> StartEnrolmentForm:
    return StartEnrolmentForm(formdata=None)


def household_page_url(household) -> str:
    """The household page, where the tablets section lives (the list if it is not built)."""
    try:
        return url_for("households.detail", household_id=household.id) + "#tablets"
    except BuildError:
        return url_for("households.index")


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code: dark on white, with a quiet border, scannable off a screen."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=6, dark="#111", light="#fff", svgclass="qr", omitsize=True, title=_("QR code")
    )
    return Markup(svg)


def _household_or_404(household_id: int):
    """The household through the one scope check; its time zone for the times shown."""
    if household_id > MAX_ID:
        abort(404)
    g.household = get_household_or_404(household_id)
    return g.household


@bp.route("/households/<int:household_id>/enrol", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def start(household_id: int):
    household = _household_or_404(household_id)
    form = StartEnrolmentForm()
    back = household_page_url(household)
    if request.method == "GET":
        return render_template("tablet/start.html", household=household, form=form, back=back)
    if not form.validate_on_submit():
        return render_template("tablet/start.html", household=household, form=form, back=back), 422
    try:
        idempotency.claim(form.submission_id.data)
    except idempotency.AlreadySubmitted:
        return fragment_or_redirect("tablet/_household_tablets.html", back, household=household)
    code = start_enrolment(household, form.name.data, current_user.id)
    expires_at = enrolment_expiry(code)
    db.session.commit()
    link = url_for("tablet.enrol", code=code, _external=True)
    return render_template(
        "tablet/code.html",
        household=household,
        name=form.name.data.strip(),
        code=group_code(code),
        link=link,
        qr=qr_svg(link),
        expires_at=expires_at,
        back=back,
    )


@bp.route("/households/<int:household_id>/tablets/<int:tablet_id>/revoke", methods=["POST"])
@staff_required(*MANAGERS)
def revoke_tablet(household_id: int, tablet_id: int):
    """Plain POST asks to confirm on a page; the confirmed POST (or htmx's) revokes."""
    household = _household_or_404(household_id)
    tablet = db.session.get(Tablet, tablet_id) if tablet_id <= MAX_ID else None
    if tablet is None or tablet.household_id != household.id:
        abort(404)
    back = household_page_url(household)
    if request.form.get("confirm") != "yes" and not is_htmx():
        return render_template("tablet/revoke.html", household=household, tablet=tablet, back=back)
    revoke(tablet)
    db.session.commit()
    if not is_htmx():
        flash(_("The tablet “%(name)s” is revoked.", name=tablet.name), "success")
    return fragment_or_redirect("tablet/_household_tablets.html", back, household=household)
