"""The installation admin's home (organisations and their counts, never a resident) and an
organisation admin's settings page. Thin: parse the form, call the service, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.organisations import bp
from cohousing.organisations.forms import KIND_LABELS, OrganisationForm, SettingsForm
from cohousing.organisations.models import Organisation
from cohousing.organisations.services import (
    SETTINGS_FIELDS,
    OrganisationSettings,
    create_organisation,
    emergency_number,
    escalate_after,
    organisations_with_counts,
    rename_organisation,
    update_settings,
)
from cohousing.security import ADMINS, INSTALLATION_ADMINS, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, render_page_or_fragment


@bp.app_template_global()
def organisation_kind_label(kind) -> str:
    return str(KIND_LABELS[kind])


@bp.get("/organisations/")
@staff_required(*INSTALLATION_ADMINS)
def index():
    return render_page_or_fragment(
        "organisations/index.html", "organisations/_list.html", rows=organisations_with_counts()
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@staff_required(*INSTALLATION_ADMINS)
def new():
    form = OrganisationForm()

    def page():
        return render_template("organisations/edit.html", form=form, organisation=None)

    if not form.is_submitted():
        return page()

    def created(organisation: Organisation):
        flash(_("%(name)s was created.", name=organisation.name), "success")
        return htmx_redirect(url_for(".index"))

    return perform(
        form,
        lambda: create_organisation(name=form.name.data, kind=form.kind.data),
        done=created,
        refused=page,
        repeated=lambda _first: htmx_redirect(url_for(".index")),
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@staff_required(*INSTALLATION_ADMINS)
def edit(organisation: Organisation):
    form = OrganisationForm(obj=organisation)

    def page():
        return render_template("organisations/edit.html", form=form, organisation=organisation)

    if not form.is_submitted():
        form.kind.data = organisation.kind.value
        return page()

    def saved(_organisation):
        flash(_("%(name)s was saved.", name=organisation.name), "success")
        return htmx_redirect(url_for(".index"))

    return perform(
        form,
        lambda: rename_organisation(organisation, name=form.name.data, kind=form.kind.data),
        done=saved,
        refused=page,
        repeated=lambda _first: htmx_redirect(url_for(".index")),
    )


def _say_the_defaults(form: SettingsForm) -> None:
    """The hints name the installation's values, used where a field is left empty."""
    minutes = int(escalate_after(None).total_seconds() // 60)
    form.emergency_number.description = _(
        "Shown on every tablet of its households. Empty: %(number)s.",
        number=emergency_number(None),
    )
    form.escalate_after_minutes.description = _(
        "Nobody acknowledged it: its coordinators get an email. Empty: %(num)d.", num=minutes
    )


@bp.route("/organisation/settings", methods=["GET", "POST"])
@staff_required(*ADMINS)
def settings():
    """The organisation admin's own organisation: no id in the URL, nothing to guess."""
    organisation = current_user.organisation
    form = SettingsForm(obj=organisation)
    _say_the_defaults(form)

    def page():
        return render_template("organisations/settings.html", form=form, organisation=organisation)

    if not form.is_submitted():
        return page()

    def saved(_organisation):
        flash(_("Settings saved."), "success")
        return redirect(url_for(".settings"), 303)

    return perform(
        form,
        lambda: update_settings(
            organisation,
            OrganisationSettings(**{name: getattr(form, name).data for name in SETTINGS_FIELDS}),
        ),
        done=saved,
        refused=page,
    )
