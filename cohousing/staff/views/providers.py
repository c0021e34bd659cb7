"""The admin's identity providers: list, add, change (the secret is never shown back)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.security import STAFF_ADMINS, staff_required
from cohousing.staff import bp
from cohousing.staff.forms import ProviderForm
from cohousing.staff.models import IdentityProvider
from cohousing.staff.services import all_providers, save_provider
from cohousing.web.actions import perform


@bp.get("/staff/providers")
@staff_required(*STAFF_ADMINS)
def providers():
    callback = url_for("staff.provider_callback", _external=True)
    providers = all_providers(current_user.organisation_id)  # the installation admin's: None
    return render_template("staff/providers.html", providers=providers, callback=callback)


def _save(form: ProviderForm, provider: IdentityProvider | None):
    def saved(_provider):
        flash(_("The sign-in service is saved."), "success")
        return redirect(url_for("staff.providers"), 303)

    template = "staff/provider_form.html"
    return perform(
        form,
        lambda: save_provider(
            provider,
            name=form.name.data,
            issuer=form.issuer.data,
            client_id=form.client_id.data,
            client_secret=form.client_secret.data or "",
            scopes=form.scopes.data or "",
            enabled=form.enabled.data,
            organisation_id=current_user.organisation_id,
        ),
        done=saved,
        refused=lambda: render_template(template, form=form, provider=provider),
    )


@bp.route("/staff/providers/new", methods=["GET", "POST"])
@staff_required(*STAFF_ADMINS)
def provider_new():
    form = ProviderForm()
    if not form.is_submitted():
        return render_template("staff/provider_form.html", form=form, provider=None)
    return _save(form, None)


@bp.route("/staff/providers/<int:provider_id>", methods=["GET", "POST"])
@staff_required(*STAFF_ADMINS)
def provider_edit(provider: IdentityProvider):
    form = ProviderForm(obj=provider)
    if not form.is_submitted():
        form.client_secret.data = ""
        return render_template("staff/provider_form.html", form=form, provider=provider)
    return _save(form, provider)
