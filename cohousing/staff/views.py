"""Admin screens for staff accounts: list, create, password links, deactivate."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing import idempotency
from cohousing.extensions import db
from cohousing.htmx import fragment_or_redirect, is_htmx, render_page_or_fragment
from cohousing.people.models import Role, StaffAccount
from cohousing.security import staff_required
from cohousing.staff import bp
from cohousing.staff.forms import ROLE_LABELS, StaffForm
from cohousing.staff.services import (
    StaffRuleError,
    all_staff,
    create_staff,
    get_staff,
    new_password_link_token,
    set_active,
)


@bp.app_template_global()
def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


@bp.get("/")
@staff_required(Role.ADMIN)
def index():
    return render_page_or_fragment("staff/index.html", "staff/_list.html", staff=all_staff())


@bp.route("/new", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def new():
    form = StaffForm()
    if not form.is_submitted():
        form.submission_id.data = idempotency.new_token()
    if form.validate_on_submit():
        try:
            account = create_staff(
                email=form.email.data,
                display_name=form.display_name.data,
                role=Role(form.role.data),
                preferred_language=form.preferred_language.data or None,
                created_by_id=current_user.id,
                submission_id=form.submission_id.data,
            )
            token = new_password_link_token(account)
        except idempotency.AlreadySubmitted:
            db.session.rollback()
            flash(
                _("This account was already created. Use New link to get its password link."),
                "info",
            )
            return redirect(url_for("staff.index"), 303)
        except StaffRuleError as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            db.session.commit()
            return _link_page(account, token, created=True)
    if not form.is_submitted():
        return render_page_or_fragment("staff/new.html", "staff/_form.html", form=form)
    template = "staff/_form.html" if is_htmx() else "staff/new.html"
    return render_template(template, form=form), 422


@bp.post("/<int:account_id>/link")
@staff_required(Role.ADMIN)
def new_link(account_id: int):
    account = _account_or_404(account_id)
    try:
        token = new_password_link_token(account)
    except StaffRuleError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("staff.index"), 303)
    db.session.commit()
    return _link_page(account, token, created=False)


@bp.post("/<int:account_id>/deactivate")
@staff_required(Role.ADMIN)
def deactivate(account_id: int):
    return _set_active(_account_or_404(account_id), False)


@bp.post("/<int:account_id>/reactivate")
@staff_required(Role.ADMIN)
def reactivate(account_id: int):
    return _set_active(_account_or_404(account_id), True)


# --- helpers ---------------------------------------------------------------------------


def _account_or_404(account_id: int) -> StaffAccount:
    account = get_staff(account_id)
    if account is None:
        abort(404)
    return account


def _set_active(account: StaffAccount, active: bool):
    try:
        set_active(account, active, acting_id=current_user.id)
    except StaffRuleError as error:
        db.session.rollback()
        if is_htmx():
            return render_template("staff/_row.html", person=account, error=error.message), 422
        flash(error.message, "error")
        return redirect(url_for("staff.index"), 303)
    db.session.commit()
    if not is_htmx():
        name = account.display_name
        if active:
            flash(_("%(name)s can sign in again.", name=name), "success")
        else:
            flash(_("%(name)s can no longer sign in.", name=name), "success")
    return fragment_or_redirect("staff/_row.html", url_for("staff.index"), person=account)


def _link_page(account: StaffAccount, token: str, *, created: bool):
    """Shown once: the link is not stored anywhere, so the page must not be cached either."""
    link = url_for("auth.set_password_from_link", token=token, _external=True)
    hours = int(current_app.config["PASSWORD_LINK_MAX_AGE"].total_seconds() // 3600)
    template = "staff/_link.html" if is_htmx() else "staff/link.html"
    response = current_app.make_response(
        render_template(template, account=account, link=link, hours=hours, created=created)
    )
    response.headers["Cache-Control"] = "no-store"
    return response
