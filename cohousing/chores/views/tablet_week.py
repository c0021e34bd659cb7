"""Chores on the tablet beyond today: the house today, the week, "why me?", fairness bars,
"I'll be away", and the resident's own calendar link."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from cohousing.chores import bp
from cohousing.chores.calendar import active_feeds, create_feed, revoke_feed
from cohousing.chores.forms import ABSENCE_LABELS, MyAbsenceForm
from cohousing.chores.models import Absence, AbsenceKind, ChoreAssignment
from cohousing.chores.services import ChoreRuleError, add_absence
from cohousing.chores.today import today_for, why
from cohousing.chores.views.tablet import can_undo, skip_words
from cohousing.chores.week import (
    ensure_planned,
    fairness_bars,
    parse_week,
    week_label,
    week_rota,
    why_words,
)
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security import resident_required
from cohousing.web.htmx import render_page_or_fragment


@bp.get("/tablet/chores")
@resident_required
def tablet_house():
    """Everyone's chores today; anyone can say "I did it"."""
    household = g.tablet.household
    ensure_planned(household)
    screen = today_for(household, g.resident)
    return render_template(
        "chores/tablet_house.html",
        turns=screen.house_today,
        me=g.resident,
        housemates=[p for p in current_residents(household) if p.id != g.resident.id],
        can_undo=can_undo,
        skip_words=skip_words,
        today=screen.day,
    )


@bp.get("/tablet/chores/week")
@resident_required
def tablet_week():
    household = g.tablet.household
    ensure_planned(household)
    today = household.today()
    monday = parse_week(request.args.get("week"), today)
    return render_page_or_fragment(
        "chores/tablet_week.html",
        "chores/_week.html",
        days=week_rota(household, monday),
        monday=monday,
        today=today,
        previous_week=week_label(monday.fromordinal(monday.toordinal() - 7)),
        next_week=week_label(monday.fromordinal(monday.toordinal() + 7)),
        me=g.resident,
        bars=fairness_bars(household),
        tablet=True,
    )


@bp.get("/tablet/chores/<int:assignment_id>/why")
@resident_required
def tablet_why(assignment_id: int):
    assignment = db.session.get(ChoreAssignment, assignment_id)
    if assignment is None or assignment.household_id != g.tablet.household.id:
        abort(404)
    return render_page_or_fragment(
        "chores/tablet_why.html",
        "chores/_why.html",
        a=assignment,
        words=why_words(why(assignment), g.resident.id),
    )


@bp.route("/tablet/chores/away", methods=["GET", "POST"])
@resident_required
def tablet_away():
    """ "I'll be away": the resident's own absences; their future turns go to others."""
    household = g.tablet.household
    form = MyAbsenceForm()
    status = 200
    if form.validate_on_submit():
        try:
            result = add_absence(
                household,
                g.resident.id,
                AbsenceKind(form.kind.data),
                form.starts_on.data,
                form.ends_on.data,
            )
        except ChoreRuleError as error:
            db.session.rollback()
            getattr(form, error.field or "ends_on").errors = [str(error.message)]
            status = 422
        else:
            db.session.commit()
            message = _("Saved. Your chores on those days go to the others.")
            if result.merged:
                message += " " + _("It joins the time away you had entered already.")
            flash(message, "success")
            return redirect(url_for("chores.tablet_away"), code=303)
    elif request.method == "POST":
        status = 422
    absences = db.session.scalars(
        select(Absence)
        .where(
            Absence.household_id == household.id,
            Absence.person_id == g.resident.id,
            Absence.ends_on >= household.today(),
        )
        .order_by(Absence.starts_on)
    ).all()
    return (
        render_template(
            "chores/tablet_away.html", form=form, absences=absences, labels=ABSENCE_LABELS
        ),
        status,
    )


@bp.route("/tablet/chores/calendar", methods=["GET", "POST"])
@resident_required
def tablet_calendar():
    """My own calendar link: made (or made again) and stopped here; shown once when made."""
    household = g.tablet.household
    url = None
    if request.method == "POST":
        if request.form.get("action") == "stop":
            for feed in active_feeds(household, g.resident.id):
                revoke_feed(feed)
            flash(_("Your calendar link no longer works."), "success")
        else:
            _feed, token = create_feed(household, g.resident.id)
            url = url_for("chores.calendar_feed", token=token, _external=True)
        db.session.commit()
    return render_template(
        "chores/tablet_calendar.html",
        url=url,
        has_feed=bool(active_feeds(household, g.resident.id)),
    )
