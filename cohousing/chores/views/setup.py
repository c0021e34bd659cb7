"""Staff set-up of who takes part: capacity shares, exclusions, absences, calendar links.

Managers change; linked workers read. Every change re-plans only future, not-done turns
(the services do that).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cohousing.audit.services import record
from cohousing.chores import bp
from cohousing.chores.calendar import create_feed, revoke_feed
from cohousing.chores.forms import ABSENCE_LABELS, CAPACITY_STEPS, AbsenceForm, EmptyForm
from cohousing.chores.models import (
    Absence,
    AbsenceKind,
    CalendarFeed,
    CapacityShare,
    Chore,
    ChoreExclusion,
)
from cohousing.chores.services import (
    ChoreRuleError,
    add_absence,
    exclude,
    include,
    remove_absence,
    set_capacity,
)
from cohousing.chores.views.staff import chores_url, load_household
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, can_manage_households, staff_required


def current_capacity(household: Household) -> dict[int, int]:
    """Each person's share today (hundredths; 100 when never set)."""
    today = household.today()
    shares: dict[int, int] = {}
    for share in db.session.scalars(
        select(CapacityShare)
        .where(CapacityShare.household_id == household.id, CapacityShare.valid_from <= today)
        .order_by(CapacityShare.valid_from, CapacityShare.id)
    ):
        shares[share.person_id] = share.share_hundredths
    return shares


def _render_people(household: Household, status: int = 200, errors: dict | None = None):
    residents = current_residents(household)
    chores = db.session.scalars(
        select(Chore)
        .where(Chore.household_id == household.id, Chore.active.is_(True))
        .order_by(Chore.name)
    ).all()
    excluded = set(
        db.session.execute(
            select(ChoreExclusion.chore_id, ChoreExclusion.person_id)
            .join(Chore, Chore.id == ChoreExclusion.chore_id)
            .where(Chore.household_id == household.id)
        ).all()
    )
    return (
        render_template(
            "chores/people.html",
            household=household,
            residents=residents,
            chores=chores,
            excluded=excluded,
            capacity=current_capacity(household),
            steps=CAPACITY_STEPS,
            manage=can_manage_households(),
            errors=errors or {},
        ),
        status,
    )


@bp.get("/households/<int:household_id>/chores/people")
@staff_required()
def people(household_id: int):
    household = load_household(household_id)
    # Shares and exclusions can reflect ability or health: the register keeps who looked.
    record("chores.participation_viewed", household_id=household.id)
    db.session.commit()
    return _render_people(household)


@bp.post("/households/<int:household_id>/chores/people")
@staff_required(*MANAGERS)
def save_people(household_id: int):
    """Capacity per resident (a select of steps) and the exclusion grid, saved together;
    only what changed is written (and re-planned)."""
    household = load_household(household_id)
    residents = current_residents(household)
    chores = db.session.scalars(
        select(Chore).where(Chore.household_id == household.id, Chore.active.is_(True))
    ).all()
    shares = current_capacity(household)
    errors: dict[str, str] = {}
    wanted: dict[int, int] = {}
    for person in residents:
        raw = request.form.get(f"capacity-{person.id}", "")
        if not raw.isdigit() or int(raw) not in CAPACITY_STEPS:
            errors[f"capacity-{person.id}"] = _("Choose one of the shares in the list.")
        else:
            wanted[person.id] = int(raw)
    if errors:
        return _render_people(household, 422, errors)
    try:
        for person in residents:
            if wanted[person.id] != shares.get(person.id, 100):
                set_capacity(household, person.id, wanted[person.id])
        existing = set(
            db.session.execute(
                select(ChoreExclusion.chore_id, ChoreExclusion.person_id).where(
                    ChoreExclusion.chore_id.in_([c.id for c in chores])
                )
            ).all()
        )
        for chore in chores:
            for person in residents:
                out = request.form.get(f"out-{chore.id}-{person.id}") == "1"
                if out and (chore.id, person.id) not in existing:
                    exclude(chore, person.id)
                elif not out and (chore.id, person.id) in existing:
                    include(chore, person.id)
    except ChoreRuleError as error:
        db.session.rollback()
        return _render_people(household, 422, {"form": str(error.message)})
    db.session.commit()
    flash(_("Saved. The rota from today on follows the new settings."), "success")
    return redirect(url_for("chores.people", household_id=household.id), code=303)


# --- absences ---------------------------------------------------------------------------


@bp.post("/households/<int:household_id>/chores/absences")
@staff_required(*MANAGERS)
def add_absence_view(household_id: int):
    household = load_household(household_id)
    residents = current_residents(household)
    form = AbsenceForm()
    form.person_id.choices = [SelectChoice(p.id, p.display_name) for p in residents]
    if form.validate_on_submit():
        try:
            result = add_absence(
                household,
                form.person_id.data,
                AbsenceKind(form.kind.data),
                form.starts_on.data,
                form.ends_on.data,
            )
        except ChoreRuleError as error:
            db.session.rollback()
            target = form._fields.get(error.field or "") or form.ends_on
            target.errors = [*target.errors, str(error.message)]
        else:
            db.session.commit()
            flash(_("Absence saved. The rota was planned again from its first day."), "success")
            if result.merged:
                flash(_("It overlapped or touched another absence: they are now one."), "info")
            return redirect(chores_url(household) + "#absences", code=303)
    return (
        render_template(
            "chores/absence_form.html",
            household=household,
            absence_form=form,
            absence_labels=ABSENCE_LABELS,
        ),
        422,
    )


@bp.post("/households/<int:household_id>/chores/absences/<int:absence_id>/delete")
@staff_required(*MANAGERS)
def delete_absence(household_id: int, absence_id: int):
    household = load_household(household_id)
    absence = db.session.get(Absence, absence_id)
    if absence is None or absence.household_id != household.id:
        abort(404)
    remove_absence(absence)
    db.session.commit()
    flash(_("Absence removed. The rota was planned again."), "success")
    return redirect(chores_url(household) + "#absences", code=303)


# --- calendar links -------------------------------------------------------------------


@bp.post("/households/<int:household_id>/chores/calendar")
@staff_required(*MANAGERS)
def make_feed(household_id: int):
    """A new secret link (the old one for the same reader stops working); shown once."""
    household = load_household(household_id)
    raw = request.form.get("person_id", "")
    person_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
    if person_id is not None and person_id not in {p.id for p in current_residents(household)}:
        abort(404)
    feed, token = create_feed(household, person_id)
    db.session.commit()
    return render_template(
        "chores/feed_made.html",
        household=household,
        feed=feed,
        url=url_for("chores.calendar_feed", token=token, _external=True),
    )


@bp.post("/households/<int:household_id>/chores/calendar/<int:feed_id>/revoke")
@staff_required(*MANAGERS)
def stop_feed(household_id: int, feed_id: int):
    household = load_household(household_id)
    feed = db.session.get(CalendarFeed, feed_id)
    if feed is None or feed.household_id != household.id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    revoke_feed(feed)
    db.session.commit()
    flash(_("The calendar link no longer works."), "success")
    return redirect(chores_url(household) + "#calendar", code=303)
