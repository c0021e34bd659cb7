"""Two-step sign-in: set it up (QR code for the authenticator app, the first code, the
recovery codes shown once), see that it is on, turn it off (not admins).

An admin without it comes here after their password, with a pending sign-in (see
sign_in.py): setting it up signs them in. Everyone else comes from their name in the top
bar, signed in.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.rules import RuleError
from cohousing.security import public, staff_required
from cohousing.staff import bp
from cohousing.staff.forms import CodeForm, SetupCodeForm
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import second_factor
from cohousing.staff.services import two_factor as totp
from cohousing.staff.views.sign_in import (
    begin_session,
    device,
    pending_account,
    refused,
    remember_device,
)
from cohousing.web.actions import attempt
from cohousing.web.qr import qr_svg


def _account() -> tuple[StaffAccount | None, bool]:
    """Whose set-up this is, and whether they are still signing in."""
    if current_user.is_authenticated:
        return current_user, False
    return pending_account(), True


def _page(account: StaffAccount, signing_in: bool, form=None, status: int = 200):
    context = {"account": account, "signing_in": signing_in, "form": form or SetupCodeForm()}
    if account.totp_secret and not account.has_two_factor:
        context["qr"] = qr_svg(totp.setup_uri(account))
        context["secret"] = totp.grouped_secret(account)
    if account.has_two_factor:
        context["remaining"] = totp.remaining_recovery_codes(account)
        context["off_form"] = form or CodeForm()
    response = current_app.make_response(
        (render_template("staff/two_factor.html", **context), status)
    )
    response.headers["Cache-Control"] = "no-store"  # the secret is on the page
    return response


def _gone():
    flash(_("Please sign in again."), "info")
    return redirect(url_for("staff.login"), 303)


@bp.get("/auth/two-factor")
@public
def two_factor():
    account, signing_in = _account()
    if account is None:
        return _gone()
    return _page(account, signing_in)


@bp.post("/auth/two-factor/start")
@public
def two_factor_start():
    account, _signing_in = _account()
    if account is None:
        return _gone()
    try:
        attempt(lambda: totp.start(account))
    except RuleError as error:
        flash(error.message, "error")
    return redirect(url_for("staff.two_factor"), 303)


@bp.post("/auth/two-factor/confirm")
@public
def two_factor_confirm():
    account, signing_in = _account()
    if account is None:
        return _gone()
    form = SetupCodeForm()
    if not form.validate_on_submit():
        return _page(account, signing_in, form, 422)
    result = second_factor(
        account, form.code.data, address=request.remote_addr, device=device(), setting_up=True
    )
    if not result.right:
        wrong = _("This code is not right. Type the 6 digits the app shows now.")
        return _page(account, signing_in, form, refused(form.code, result.throttled, wrong))
    target = begin_session(account) if signing_in else url_for("people.home")
    page = render_template("staff/recovery_codes.html", codes=result.recovery_codes, target=target)
    response = current_app.make_response(page)
    response.headers["Cache-Control"] = "no-store"  # shown once, kept nowhere
    return remember_device(response, account) if signing_in else response


@bp.post("/auth/two-factor/off")
@staff_required(Role.COORDINATOR, Role.WORKER)
def two_factor_off():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            attempt(lambda: totp.turn_off(current_user, form.code.data))
        except RuleError as error:
            form.code.errors.append(error.message)
        else:
            flash(_("Two-step sign-in is off."), "success")
            return redirect(url_for("staff.two_factor"), 303)
    return _page(current_user, False, form, 422)
