"""Signing in (password, then the code when the account has two-step sign-in), signing out,
and the one-time password link.

Between the password and the code the session holds only a pending sign-in (the account,
a fingerprint of its password and the time, for PENDING_FOR): nobody is signed in until
the code is right, or, for an admin without a second factor, until it is set up.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from cohousing.database import clock
from cohousing.security import public
from cohousing.staff import bp
from cohousing.staff.forms import CodeForm, LoginForm, SetPasswordForm
from cohousing.staff.models import StaffAccount
from cohousing.staff.services import (
    account_for_token,
    authenticate,
    enabled_providers,
    end_session,
    get_staff,
    read_device,
    remember,
    remember_language,
    second_factor,
    set_password,
    start_session,
)
from cohousing.web.actions import perform
from cohousing.web.urls import safe_next

PENDING = "staff_pending"
PENDING_FOR = timedelta(minutes=5)
PROVIDER_LOGOUT = "provider_logout"  # the provider's own logout, offered at sign-out


@bp.route("/auth/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("people.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = authenticate(
            form.email.data, form.password.data, address=request.remote_addr, device=device()
        )
        if result.account is not None:
            return _after_password(result.account)
        # The same words for every email, known or not; the message sits by the field.
        wrong = _("The email or the password is not right.")
        status = refused(form.password, result.throttled, wrong)
    elif form.is_submitted():
        status = 422
    return render_template("staff/login.html", form=form, providers=enabled_providers()), status


def refused(field, throttled: bool, wrong: str) -> int:
    """The message by `field` for a refused attempt, and the status to answer with."""
    if throttled:
        field.errors.append(_("Too many attempts. Wait a few minutes, then try again."))
        return 429
    field.errors.append(wrong)
    return 422


def _after_password(account: StaffAccount):
    """Signed in now, or after the code, or (an admin without one) after setting it up."""
    if not (account.has_two_factor or account.must_have_two_factor):
        return finish_sign_in(account)
    _fresh_session()
    session[PENDING] = {
        "id": account.id,
        "fp": account.password_fingerprint(),
        "at": clock.now().timestamp(),
        "next": safe_next(request.args.get("next")),
    }
    target = "staff.code" if account.has_two_factor else "staff.two_factor"
    return redirect(url_for(target), 303)


def pending_account() -> StaffAccount | None:
    """The account whose password was right a moment ago in this browser, if still usable."""
    data = session.get(PENDING)
    if not isinstance(data, dict):
        return None
    started = data.get("at")
    if not isinstance(started, int | float) or clock.now().timestamp() - started > (
        PENDING_FOR.total_seconds()
    ):
        return None
    account = get_staff(data.get("id")) if isinstance(data.get("id"), int) else None
    if account is None or not account.active:
        return None
    if not hmac.compare_digest(account.password_fingerprint(), str(data.get("fp"))):
        return None
    return account


def device():
    return read_device(request.cookies.get(current_app.config["KNOWN_DEVICE_COOKIE_NAME"]))


def _fresh_session() -> None:
    """A new session on sign-in: nothing carried over but the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def begin_session(account: StaffAccount, next_url: str | None = None) -> str:
    """Sign `account` in; where to go next."""
    pending = session.get(PENDING) or {}
    target = safe_next(next_url or pending.get("next") or request.args.get("next"))
    _fresh_session()
    if session.get("lang"):
        remember_language(account, session["lang"])  # chosen on the sign-in page
    account.last_login_at = clock.now()
    start_session(account)  # a new session id: login_user stores it
    login_user(account)
    session["staff_seen"] = clock.now().timestamp()
    return target or url_for("people.home")


def remember_device(response: Response, account: StaffAccount) -> Response:
    """This browser becomes (stays) one of the account's known devices."""
    config = current_app.config
    response.set_cookie(
        config["KNOWN_DEVICE_COOKIE_NAME"],
        remember(device(), account.id),
        max_age=int(config["KNOWN_DEVICE_MAX_AGE"].total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=config["SESSION_COOKIE_SECURE"],
    )
    return response


def finish_sign_in(account: StaffAccount) -> Response:
    return remember_device(redirect(begin_session(account), 303), account)


@bp.route("/auth/code", methods=["GET", "POST"])
@public
def code():
    account = pending_account()
    if account is None or not account.has_two_factor:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("staff.login"), 303)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        result = second_factor(
            account, form.code.data, address=request.remote_addr, device=device()
        )
        if result.right:
            return finish_sign_in(account)
        wrong = _("This code is not right, or it was already used.")
        status = refused(form.code, result.throttled, wrong)
    elif form.is_submitted():
        status = 422
    return render_template("staff/code.html", form=form), status


@bp.post("/auth/logout")
@public
def logout():
    if current_user.is_authenticated:
        end_session(current_user)  # a copy of this browser's cookie is refused from now on
    provider = session.get(PROVIDER_LOGOUT)
    logout_user()
    session.clear()
    if isinstance(provider, dict) and provider.get("url"):
        # Signed out here; the provider's session is the provider's: offer its logout.
        return render_template("staff/signed_out.html", provider=provider)
    flash(_("You are signed out."), "info")
    return redirect(url_for("staff.login"), 303)


@bp.route("/auth/password/<token>", methods=["GET", "POST"])
@public
def set_password_from_link(token: str):
    account = account_for_token(token)
    if account is None:
        return render_template("staff/link_invalid.html"), 404
    form = SetPasswordForm()

    def saved(_result):
        logout_user()
        session.clear()
        flash(_("Your password is saved. You can sign in now."), "success")
        return redirect(url_for("staff.login"), 303)

    if not form.is_submitted():
        return render_template("staff/set_password.html", form=form, account=account)
    return perform(
        form,
        lambda: set_password(account, form.password.data),
        done=saved,
        refused=lambda: render_template("staff/set_password.html", form=form, account=account),
    )
