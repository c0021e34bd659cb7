"""Chores on the tablet beyond today: the house today, the week, "why me?", fairness bars,
"I'll be away", and the resident's own calendar link. The pages show what is planned."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cohousing.chores import bp
from cohousing.chores.forms import ABSENCE_LABELS, MyAbsenceForm
from cohousing.chores.models import AbsenceKind, ChoreAssignment
from cohousing.chores.services import (
    active_feeds,
    add_absence,
    create_feed,
    fairness_bars,
    revoke_feed,
    today_screen,
    upcoming_absences,
    week_navigation,
    week_rota,
    why,
    why_words,
)
from cohousing.security import resident_required
from cohousing.web.actions import perform
from cohousing.web.htmx import render_page_or_fragment


@bp.get("/tablet/chores")
@resident_required
def tablet_house():
    """Everyone's chores today; anyone can say "I did it"."""
    today = today_screen(g.tablet.household, g.resident)
    return render_template(
        "chores/tablet_house.html",
        turns=today["screen"].house_today,
        me=g.resident,
        housemates=today["housemates"],
        can_undo=today["can_undo"],
        skip_words=today["skip_words"],
        today=today["screen"].day,
    )


@bp.get("/tablet/chores/week")
@resident_required
def tablet_week():
    household = g.tablet.household
    week = week_navigation(request.args.get("week"), household.today())
    return render_page_or_fragment(
        "chores/tablet_week.html",
        "chores/_week.html",
        **week,
        days=week_rota(household, week["monday"]),
        me=g.resident,
        bars=fairness_bars(household),
        tablet=True,
    )


@bp.get("/tablet/chores/<int:assignment_id>/why")
@resident_required
def tablet_why(assignment: ChoreAssignment):
    return render_page_or_fragment(
        "chores/tablet_why.html",
        "chores/_why.html",
        a=assignment,
        words=why_words(why(assignment), g.resident.id),
    )


def _render_away(form: MyAbsenceForm):
    return render_template(
        "chores/tablet_away.html",
        form=form,
        absences=upcoming_absences(g.tablet.household, g.resident.id),
        labels=ABSENCE_LABELS,
    )


def _away_saved(result):
    message = _("Saved. Your chores on those days go to the others.")
    if result.merged:
        message += " " + _("It joins the time away you had entered already.")
    flash(message, "success")
    return redirect(url_for("chores.tablet_away"), code=303)


@bp.route("/tablet/chores/away", methods=["GET", "POST"])
@resident_required
def tablet_away():
    """ "I'll be away": the resident's own absences; their future turns go to others."""
    form = MyAbsenceForm()
    if not form.is_submitted():
        return _render_away(form)
    return perform(
        form,
        lambda: add_absence(
            g.tablet.household,
            g.resident.id,
            AbsenceKind(form.kind.data),
            form.starts_on.data,
            form.ends_on.data,
        ),
        done=_away_saved,
        refused=lambda: _render_away(form),
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
    return render_template(
        "chores/tablet_calendar.html",
        url=url,
        has_feed=bool(active_feeds(household, g.resident.id)),
    )
