"""Staff sign-in, sign-out and the one-time link to set a password."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from cohousing import clock
from cohousing.auth import bp
from cohousing.auth.forms import LoginForm, SetPasswordForm
from cohousing.auth.services import account_for_token, authenticate, set_password
from cohousing.core.services import safe_next
from cohousing.extensions import db
from cohousing.security import public


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.email.data, form.password.data)
        db.session.commit()  # failures are counted even when sign-in is refused
        if result.throttled_until is not None:
            form.password.errors.append(
                _(
                    "Too many wrong passwords. Try again after %(time)s.",
                    time=format_time(result.throttled_until, "short"),
                )
            )
        elif result.account is None:
            form.password.errors.append(_("The email or the password is not right."))
        else:
            language = session.get("lang")
            session.clear()  # a new session on sign-in: nothing carried over from before
            if language:
                session["lang"] = language
                if result.account.preferred_language != language:
                    result.account.preferred_language = language  # chosen on this very page
                    db.session.commit()
            login_user(result.account)
            session["staff_seen"] = clock.now().timestamp()
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"), 303)
    status = 422 if form.is_submitted() else 200  # the message sits by the field
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@public
def logout():
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/password/<token>", methods=["GET", "POST"])
@public
def set_password_from_link(token: str):
    account = account_for_token(token)
    if account is None:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        set_password(account, form.password.data)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Your password is saved. You can sign in now."), "success")
        return redirect(url_for("auth.login"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/set_password.html", form=form, account=account), status
