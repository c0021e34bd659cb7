"""Staff set-up of who takes part: capacity shares, exclusions, absences, calendar links.

Managers change; linked workers read. Every change re-plans only future, not-done turns
(the services do that, in the same request).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from cohousing.chores import bp
from cohousing.chores.forms import ABSENCE_LABELS, CAPACITY_STEPS, AbsenceForm, EmptyForm
from cohousing.chores.models import Absence, AbsenceKind, CalendarFeed
from cohousing.chores.services import (
    MAX_CAPACITY,
    add_absence,
    chores_of,
    create_feed,
    current_capacity,
    exclusions_of,
    note_participation_viewed,
    remove_absence,
    revoke_feed,
    save_participation,
)
from cohousing.chores.views.staff import chores_url
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.security import MANAGERS, can_manage_households, staff_required
from cohousing.web.actions import attempt, perform
from cohousing.web.parsing import parse_id, parse_int


def _render_people(household: Household, errors: dict | None = None):
    return render_template(
        "chores/people.html",
        household=household,
        residents=current_residents(household),
        chores=chores_of(household, active_only=True),
        excluded=exclusions_of(household),
        capacity=current_capacity(household),
        steps=CAPACITY_STEPS,
        manage=can_manage_households(),
        errors=errors or {},
    )


@bp.get("/households/<int:household_id>/chores/people")
@staff_required()
def people(household: Household):
    note_participation_viewed(household)
    return _render_people(household)


@bp.post("/households/<int:household_id>/chores/people")
@staff_required(*MANAGERS)
def save_people(household: Household):
    """Capacity per resident (a select of steps) and the exclusion grid, saved together;
    only what changed is written (and re-planned)."""
    residents = current_residents(household)
    shares = {
        p.id: parse_int(request.form.get(f"capacity-{p.id}", ""), low=0, high=MAX_CAPACITY)
        for p in residents
    }
    left_out = {
        (chore.id, person.id)
        for chore in chores_of(household, active_only=True)
        for person in residents
        if request.form.get(f"out-{chore.id}-{person.id}") == "1"
    }
    try:
        attempt(lambda: save_participation(household, shares, left_out))
    except RuleError as error:
        errors = {name or "form": str(message) for name, message in error.errors.items()}
        return _render_people(household, errors), 422
    flash(_("Saved. The rota from today on follows the new settings."), "success")
    return redirect(url_for("chores.people", household_id=household.id), code=303)


# --- absences ---------------------------------------------------------------------------


def _absence_saved(household: Household, result):
    flash(_("Absence saved. The rota was planned again from its first day."), "success")
    if result.merged:
        flash(_("It overlapped or touched another absence: they are now one."), "info")
    return redirect(chores_url(household) + "#absences", code=303)


@bp.post("/households/<int:household_id>/chores/absences")
@staff_required(*MANAGERS)
def add_absence_view(household: Household):
    form = AbsenceForm()
    form.person_id.choices = [
        SelectChoice(p.id, p.display_name) for p in current_residents(household)
    ]
    return perform(
        form,
        lambda: add_absence(
            household,
            form.person_id.data,
            AbsenceKind(form.kind.data),
            form.starts_on.data,
            form.ends_on.data,
        ),
        done=lambda result: _absence_saved(household, result),
        refused=lambda: render_template(
            "chores/absence_form.html",
            household=household,
            absence_form=form,
            absence_labels=ABSENCE_LABELS,
        ),
    )


@bp.post("/households/<int:household_id>/chores/absences/<int:absence_id>/delete")
@staff_required(*MANAGERS)
def delete_absence(household: Household, absence: Absence):
    remove_absence(absence)
    flash(_("Absence removed. The rota was planned again."), "success")
    return redirect(chores_url(household) + "#absences", code=303)


# --- calendar links -------------------------------------------------------------------


@bp.post("/households/<int:household_id>/chores/calendar")
@staff_required(*MANAGERS)
def make_feed(household: Household):
    """A new secret link (the old one for the same reader stops working); shown once.
    No `person_id` is the household's link; one of someone who does not live here is 404."""
    raw = request.form.get("person_id", "")
    person_id = parse_id(raw) if raw else None
    if raw and person_id is None:
        abort(404)
    try:
        feed, token = attempt(lambda: create_feed(household, person_id))
    except RuleError:
        abort(404)
    return render_template(
        "chores/feed_made.html",
        household=household,
        feed=feed,
        url=url_for("chores.calendar_feed", token=token, _external=True),
    )


@bp.post("/households/<int:household_id>/chores/calendar/<int:feed_id>/revoke")
@staff_required(*MANAGERS)
def stop_feed(household: Household, feed: CalendarFeed):
    if not EmptyForm().validate_on_submit():
        abort(400)
    revoke_feed(feed)
    flash(_("The calendar link no longer works."), "success")
    return redirect(chores_url(household) + "#calendar", code=303)
