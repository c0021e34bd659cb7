"""The admin's list of staff accounts: create, new password link, deactivate, reactivate."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.organisations.services import all_organisations
from cohousing.rules import RuleError
from cohousing.security import STAFF_ADMINS, staff_required, staff_visible_to_staff
from cohousing.staff import bp
from cohousing.staff.forms import ROLE_LABELS, StaffForm
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import (
    all_staff,
    create_staff,
    new_password_link_token,
    set_active,
)
from cohousing.web.actions import attempt, perform
from cohousing.web.htmx import fragment_or_redirect, is_htmx, render_page_or_fragment
from cohousing.web.parsing import parse_id


@bp.app_template_global()
def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


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
