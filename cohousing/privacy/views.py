"""A person's own data (the resident on the tablet, a coordinator on request) and erasure."""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.privacy import bp
from cohousing.privacy.forms import EraseForm
from cohousing.privacy.services import (
    erase_person,
    erasure_plan,
    export_name,
    note_exported,
    person_data,
)
from cohousing.security import MANAGERS, resident_required, staff_required
from cohousing.web.actions import perform

RESIDENT = "/households/<int:household_id>/residents/<int:person_id>"


def _download(
    person: Person, household_id: int, kind: str, organisation_id: int | None = None
) -> Response:
    data = person_data(person, organisation_id)
    note_exported(person, household_id, kind)
    body, mimetype = (
        (data.as_json(), "application/json") if kind == "json" else (data.as_csv(), "text/csv")
    )
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export_name(person, kind)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the resident, on the tablet ------------------------------------------------------


@bp.get("/tablet/my-information")
@resident_required
def mine():
    return render_template(
        "privacy/mine.html", data=person_data(g.resident), person=g.resident, mine=True
    )


@bp.get("/tablet/my-information.json")
@resident_required
def mine_json():
    return _download(g.resident, g.tablet.household_id, "json")


@bp.get("/tablet/my-information.csv")
@resident_required
def mine_csv():
    return _download(g.resident, g.tablet.household_id, "csv")


# --- a coordinator, on request ------------------------------------------------------------


@bp.get(f"{RESIDENT}/information")
@staff_required(*MANAGERS)
def export_page(household: Household, person: Person):
    return render_template(
        "privacy/export.html",
        data=person_data(person, household.organisation_id),
        person=person,
        household=household,
    )


@bp.get(f"{RESIDENT}/information.json")
@staff_required(*MANAGERS)
def export_json(household: Household, person: Person):
    return _download(person, household.id, "json", household.organisation_id)


@bp.get(f"{RESIDENT}/information.csv")
@staff_required(*MANAGERS)
def export_csv(household: Household, person: Person):
    return _download(person, household.id, "csv", household.organisation_id)


@bp.route(f"{RESIDENT}/erase", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def erase_confirm(household: Household, person: Person):
    form = EraseForm()

    def page():
        return render_template(
            "privacy/erase.html",
            form=form,
            plan=erasure_plan(person),
            person=person,
            household=household,
        )

    if person.erased_at is not None:
        flash(_("This person was already erased."), "info")
        return redirect(url_for("households.detail", household_id=household.id), 303)
    if not form.is_submitted():
        return page()

    def done(plan):
        if plan.open_balances:
            flash(
                _(
                    "The person was erased. Their balance was not settled: it stays in the "
                    "household's money under “Former resident”."
                ),
                "warning",
            )
        else:
            flash(_("The person was erased."), "success")
        return redirect(url_for("households.detail", household_id=household.id), 303)

    return perform(form, lambda: erase_person(person, household), done=done, refused=page)
