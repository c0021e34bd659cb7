"""Staff screens: signing in and out, the one-time password link, and the admin's list of
accounts (create, new link, deactivate, reactivate)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from cohousing.database import clock
from cohousing.organisations.services import all_organisations
from cohousing.rules import RuleError
from cohousing.security import STAFF_ADMINS, public, staff_required, staff_visible_to_staff
from cohousing.staff import bp
from cohousing.staff.forms import ROLE_LABELS, LoginForm, SetPasswordForm, StaffForm
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import (
    account_for_token,
    all_staff,
    authenticate,
    create_staff,
    end_session,
    new_password_link_token,
    remember_language,
    set_active,
    set_password,
    start_session,
)
from cohousing.web.actions import attempt, perform
from cohousing.web.htmx import fragment_or_redirect, is_htmx, render_page_or_fragment
from cohousing.web.parsing import parse_id
from cohousing.web.urls import safe_next


@bp.app_template_global()
def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


# --- signing in and out ------------------------------------------------------------------


@bp.route("/auth/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("people.home"))
    form = LoginForm()
    if form.validate_on_submit():
        # Failures are counted even when sign-in is refused: the 422 below still commits.
        result = authenticate(form.email.data, form.password.data)
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
                remember_language(result.account, language)  # chosen on this very page
            start_session(result.account)  # a new session id: login_user stores it
            login_user(result.account)
            session["staff_seen"] = clock.now().timestamp()
            return redirect(safe_next(request.args.get("next")) or url_for("people.home"), 303)
    status = 422 if form.is_submitted() else 200  # the message sits by the field
    return render_template("staff/login.html", form=form), status


@bp.post("/auth/logout")
@public
def logout():
    if current_user.is_authenticated:
        end_session(current_user)  # a copy of this browser's cookie is refused from now on
    logout_user()
    session.clear()
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


# --- the admin's list of accounts --------------------------------------------------------


@bp.get("/staff/")
@staff_required(*STAFF_ADMINS)
def index():
    staff = all_staff(staff_visible_to_staff())
    return render_page_or_fragment("staff/index.html", "staff/_list.html", staff=staff)


def _organisation_id(form: StaffForm) -> int | None:
    """The installation admin's choice; an organisation admin's own organisation."""
    if not current_user.is_admin:
        return current_user.organisation_id
    chosen = parse_id(form.organisation.data)
    if chosen is None or chosen not in {o.id for o in all_organisations()}:
        raise RuleError(_("Choose the organisation the person works for."), "organisation")
    return chosen


@bp.route("/staff/new", methods=["GET", "POST"])
@staff_required(*STAFF_ADMINS)
def new():
    form = StaffForm()
    if current_user.is_admin:
        form.set_organisation_choices(all_organisations())
    else:
        del form.organisation
    if not form.is_submitted():
        return render_page_or_fragment("staff/new.html", "staff/_form.html", form=form)

    def create():
        account = create_staff(
            email=form.email.data,
            display_name=form.display_name.data,
            role=Role(form.role.data),
            organisation_id=_organisation_id(form),
            preferred_language=form.preferred_language.data or None,
            created_by_id=current_user.id,
            submission_id=form.submission_id.data,
        )
        return account, new_password_link_token(account)

    def repeated(_result: str):
        flash(_("This account was already created. Use New link to get its password link."), "info")
        return redirect(url_for("staff.index"), 303)

    return perform(
        form,
        create,
        done=lambda made: _link_page(*made, created=True),
        refused=lambda: render_template(
            "staff/_form.html" if is_htmx() else "staff/new.html", form=form
        ),
        repeated=repeated,
    )


@bp.post("/staff/<int:account_id>/link")
@staff_required(*STAFF_ADMINS)
def new_link(account: StaffAccount):
    try:
        token = attempt(lambda: new_password_link_token(account))
    except RuleError as error:
        flash(error.message, "error")
        return redirect(url_for("staff.index"), 303)
    return _link_page(account, token, created=False)


@bp.post("/staff/<int:account_id>/deactivate")
@staff_required(*STAFF_ADMINS)
def deactivate(account: StaffAccount):
    return _set_active(account, False)


@bp.post("/staff/<int:account_id>/reactivate")
@staff_required(*STAFF_ADMINS)
def reactivate(account: StaffAccount):
    return _set_active(account, True)


def _set_active(account: StaffAccount, active: bool):
    try:
        attempt(lambda: set_active(account, active, acting_id=current_user.id))
    except RuleError as error:
        if is_htmx():
            return render_template("staff/_row.html", person=account, error=error.message), 422
        flash(error.message, "error")
        return redirect(url_for("staff.index"), 303)
    if not is_htmx():
        name = account.display_name
        if active:
            flash(_("%(name)s can sign in again.", name=name), "success")
        else:
            flash(_("%(name)s can no longer sign in.", name=name), "success")
    return fragment_or_redirect("staff/_row.html", url_for("staff.index"), person=account)


def _link_page(account: StaffAccount, token: str, *, created: bool):
    """Shown once: the link is not stored anywhere, so the page must not be cached either."""
    link = url_for("staff.set_password_from_link", token=token, _external=True)
    hours = int(current_app.config["PASSWORD_LINK_MAX_AGE"].total_seconds() // 3600)
    template = "staff/_link.html" if is_htmx() else "staff/link.html"
    response = current_app.make_response(
        render_template(template, account=account, link=link, hours=hours, created=created)
    )
    response.headers["Cache-Control"] = "no-store"
    return response
