"""Staff chore screens: the household's chores page, add/edit/stop a chore, the A4 week.

Managers (admins, coordinators) change things; linked workers may look. The household
and the chore come from the URL, already checked by `security.scope` (another household
answers 404). Who takes part, absences and calendar links are in `setup`. The pages show
what is planned; the writes plan again themselves.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from cohousing.chores import bp
from cohousing.chores.forms import (
    ABSENCE_LABELS,
    AREA_LABELS,
    WEEKDAY_LABELS,
    AbsenceForm,
    ChoreForm,
    EmptyForm,
)
from cohousing.chores.models import Chore
from cohousing.chores.services import (
    RecurrenceKind,
    all_active_feeds,
    chores_of,
    create_chore,
    describe,
    fairness_bars,
    set_chore_active,
    unassigned_count,
    upcoming_absences,
    update_chore,
    week_navigation,
    week_rota,
)
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, can_manage_households, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, render_page_or_fragment


def chores_url(household: Household) -> str:
    return url_for("chores.page", household_id=household.id)


@bp.app_template_global()
def chore_rule_words(chore: Chore) -> str:
    """How often, in words: "Every week: Monday, Thursday"."""
    summary = describe(chore.rule)
    if summary.kind is RecurrenceKind.DAILY:
        return _("Every day")
    if summary.kind is RecurrenceKind.WEEKDAYS:
        days = ", ".join(str(WEEKDAY_LABELS[d]) for d in summary.weekdays)
        return _("Every week: %(days)s", days=days)
    if summary.kind is RecurrenceKind.EVERY_N_DAYS:
        return ngettext("Every %(num)s day", "Every %(num)s days", summary.every_days)
    if summary.kind is RecurrenceKind.MONTHLY:
        words = _("Every month, on day %(num)s", num=summary.month_day)
        if summary.last_day_in_short_months:
            words += " " + _("(the last day in shorter months)")
        return words
    return _("When needed")


def week_context(household: Household) -> dict:
    week = week_navigation(request.args.get("week"), household.today())
    return {
        **week,
        "days": week_rota(household, week["monday"]),
        "me": None,
        "tablet": False,
    }


@bp.get("/households/<int:household_id>/chores")
@staff_required()
def page(household: Household):
    residents = current_residents(household)
    absence_form = AbsenceForm()
    absence_form.person_id.choices = [SelectChoice(p.id, p.display_name) for p in residents]
    return render_page_or_fragment(
        "chores/page.html",
        "chores/_week.html",
        household=household,
        chores=chores_of(household),
        residents=residents,
        people={p.id: p for p in residents},
        absences=upcoming_absences(household),
        absence_form=absence_form,
        absence_labels=ABSENCE_LABELS,
        area_labels=AREA_LABELS,
        bars=fairness_bars(household),
        unassigned=unassigned_count(household),
        feeds=all_active_feeds(household),
        readers=[(None, _("The whole household"))] + [(p.id, p.display_name) for p in residents],
        manage=can_manage_households(),
        empty_form=EmptyForm(),
        **week_context(household),
    )


@bp.get("/households/<int:household_id>/chores/print")
@staff_required()
def print_week(household: Household):
    """The A4 week for the fridge: a table of chores by day, large names, nothing else."""
    context = week_context(household)
    chores: dict[int, Chore] = {}
    cells: dict[tuple[int, int], list] = {}
    for index, day in enumerate(context["days"]):
        for turn in day.turns:
            chores.setdefault(turn.chore_id, turn.chore)
            cells.setdefault((turn.chore_id, index), []).append(turn)
    return render_template(
        "chores/print.html",
        household=household,
        rows=sorted(chores.values(), key=lambda c: c.name),
        cells=cells,
        **context,
    )


# --- add, edit, stop ---------------------------------------------------------------


def _render_form(household: Household, form: ChoreForm, chore: Chore | None):
    return render_page_or_fragment(
        "chores/chore_form.html",
        "chores/_chore_form.html",
        household=household,
        form=form,
        chore=chore,
    )


def _saved(household: Household, chore: Chore):
    flash(_("Saved: %(name)s.", name=chore.name), "success")
    if chore.recurrence_kind is RecurrenceKind.MONTHLY and (chore.month_day or 0) >= 29:
        flash(
            _(
                "In months without day %(num)s, it falls on the month's last day.",
                num=chore.month_day,
            ),
            "info",
        )
    return htmx_redirect(chores_url(household))


@bp.route("/households/<int:household_id>/chores/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_chore(household: Household):
    form = ChoreForm()
    if not form.is_submitted():
        return _render_form(household, form, None)
    return perform(
        form,
        lambda: create_chore(
            household, form.chore_data(household.today()), submission=form.submission_id.data
        ),
        done=lambda chore: _saved(household, chore),
        refused=lambda: _render_form(household, form, None),
        repeated=lambda _first: htmx_redirect(chores_url(household)),
    )


@bp.route("/households/<int:household_id>/chores/<int:chore_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit_chore(household: Household, chore: Chore):
    if request.method == "GET":
        form = ChoreForm(
            data={
                "name": chore.name,
                "icon": chore.icon or "broom",
                "effort_points": str(chore.effort_points),
                "minutes": chore.minutes,
                "area": chore.area.value,
                "recurrence_kind": chore.recurrence_kind.value,
                "weekdays": [str(d) for d in chore.rule.weekdays],
                "every_days": chore.every_days,
                "anchor_on": chore.anchor_on,
                "month_day": chore.month_day,
            }
        )
        return _render_form(household, form, chore)
    form = ChoreForm()
    return perform(
        form,
        lambda: update_chore(chore, form.chore_data(household.today())),
        done=lambda saved: _saved(household, saved),
        refused=lambda: _render_form(household, form, chore),
    )


@bp.post("/households/<int:household_id>/chores/<int:chore_id>/active")
@staff_required(*MANAGERS)
def set_active(household: Household, chore: Chore):
    """Stop a chore (its future turns go) or start it again (its turns are planned)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    set_chore_active(chore, active)
    if active:
        flash(_("%(name)s is planned again.", name=chore.name), "success")
    else:
        flash(_("%(name)s is stopped. Its future turns are removed.", name=chore.name), "success")
    return redirect(chores_url(household), code=303)
