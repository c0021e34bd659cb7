"""Staff chore screens: the household's chores page, add/edit/stop a chore, the A4 week.

Managers (admins, coordinators) change things; linked workers may look. Every URL loads
its household through `security.get_household_or_404` (another household answers 404).
Who takes part, absences and calendar links are in `setup_views`.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from cohousing.chores import bp, rota
from cohousing.chores.calendar import all_active_feeds
from cohousing.chores.forms import (
    ABSENCE_LABELS,
    AREA_LABELS,
    ICONS,
    AbsenceForm,
    ChoreForm,
    EmptyForm,
)
from cohousing.chores.models import Absence, Chore, ChoreArea, ChoreAssignment
from cohousing.chores.recurrence import (
    Recurrence,
    RecurrenceKind,
    describe,
    mask_from_weekdays,
)
from cohousing.chores.services import (
    ChoreData,
    ChoreRuleError,
    create_chore,
    set_chore_active,
    update_chore,
)
from cohousing.chores.week import (
    ensure_planned,
    fairness_bars,
    parse_week,
    week_label,
    week_rota,
)
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, can_manage_households, get_household_or_404, staff_required
from cohousing.web.htmx import htmx_redirect, render_page_or_fragment


def load_household(household_id: int) -> Household:
    """The household of the URL, or 404; kept in `g` for the language and time zone."""
    household = get_household_or_404(household_id)
    g.household = household
    return household


def load_chore(household: Household, chore_id: int) -> Chore:
    chore = db.session.get(Chore, chore_id)
    if chore is None or chore.household_id != household.id:
        abort(404)
    return chore


def chores_url(household: Household) -> str:
    return url_for("chores.page", household_id=household.id)


@bp.app_template_global()
def chore_rule_words(chore: Chore) -> str:
    """How often, in words: "Every week: Monday, Thursday"."""
    from cohousing.chores.forms import WEEKDAY_LABELS

    summary = describe(chore.rule)
    if summary.kind is RecurrenceKind.DAILY:
        return _("Every day")
    if summary.kind is RecurrenceKind.WEEKDAYS:
        days = ", ".join(str(WEEKDAY_LABELS[d]) for d in summary.weekdays)
        return _("Every week: %(days)s", days=days)
    if summary.kind is RecurrenceKind.EVERY_N_DAYS:
        return _("Every %(num)s days", num=summary.every_days)
    if summary.kind is RecurrenceKind.MONTHLY:
        words = _("Every month, on day %(num)s", num=summary.month_day)
        if summary.last_day_in_short_months:
            words += " " + _("(the last day in shorter months)")
        return words
    return _("When needed")


def week_context(household: Household) -> dict:
    today = household.today()
    monday = parse_week(request.args.get("week"), today)
    return {
        "days": week_rota(household, monday),
        "monday": monday,
        "today": today,
        "week": week_label(monday),
        "previous_week": week_label(monday.fromordinal(monday.toordinal() - 7)),
        "next_week": week_label(monday.fromordinal(monday.toordinal() + 7)),
        "me": None,
        "tablet": False,
    }


@bp.get("/households/<int:household_id>/chores")
@staff_required()
def page(household_id: int):
    household = load_household(household_id)
    ensure_planned(household)
    chores = db.session.scalars(
        select(Chore)
        .where(Chore.household_id == household.id)
        .order_by(Chore.active.desc(), Chore.name)
    ).all()
    residents = current_residents(household)
    absences = db.session.scalars(
        select(Absence)
        .where(Absence.household_id == household.id, Absence.ends_on >= household.today())
        .order_by(Absence.starts_on, Absence.id)
    ).all()
    start, end = rota.horizon(household)
    unassigned = db.session.scalar(
        select(func.count())
        .select_from(ChoreAssignment)
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.due_on.between(start, end),
            ChoreAssignment.person_id.is_(None),
        )
    )
    absence_form = AbsenceForm()
    absence_form.person_id.choices = [SelectChoice(p.id, p.display_name) for p in residents]
    return render_page_or_fragment(
        "chores/page.html",
        "chores/_week.html",
        household=household,
        chores=chores,
        residents=residents,
        people={p.id: p for p in residents},
        absences=absences,
        absence_form=absence_form,
        absence_labels=ABSENCE_LABELS,
        area_labels=AREA_LABELS,
        bars=fairness_bars(household),
        unassigned=unassigned,
        feeds=all_active_feeds(household),
        readers=[(None, _("The whole household"))] + [(p.id, p.display_name) for p in residents],
        manage=can_manage_households(),
        empty_form=EmptyForm(),
        **week_context(household),
    )


@bp.get("/households/<int:household_id>/chores/print")
@staff_required()
def print_week(household_id: int):
    """The A4 week for the fridge: a table of chores by day, large names, nothing else."""
    household = load_household(household_id)
    ensure_planned(household)
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


def chore_data(form: ChoreForm, household: Household) -> ChoreData:
    kind = RecurrenceKind(form.recurrence_kind.data)
    weekdays = [int(d) for d in form.weekdays.data or [] if d.isdigit() and int(d) < 7]
    rule = Recurrence(
        kind,
        weekdays_mask=mask_from_weekdays(weekdays) if kind is RecurrenceKind.WEEKDAYS else 0,
        every_days=form.every_days.data if kind is RecurrenceKind.EVERY_N_DAYS else None,
        anchor_on=(form.anchor_on.data or household.today())
        if kind is RecurrenceKind.EVERY_N_DAYS
        else None,
        month_day=form.month_day.data if kind is RecurrenceKind.MONTHLY else None,
    )
    return ChoreData(
        name=form.name.data or "",
        rule=rule,
        effort_points=int(form.effort_points.data),
        icon=form.icon.data if form.icon.data in ICONS else "",
        area=ChoreArea(form.area.data),
        minutes=form.minutes.data,
    )


def _render_form(household: Household, form: ChoreForm, chore: Chore | None, status: int = 200):
    return (
        render_page_or_fragment(
            "chores/chore_form.html",
            "chores/_chore_form.html",
            household=household,
            form=form,
            chore=chore,
        ),
        status,
    )


def _save(household: Household, form: ChoreForm, chore: Chore | None):
    if not form.validate_on_submit():
        return _render_form(household, form, chore, 422)
    data = chore_data(form, household)
    try:
        if chore is None:
            chore = create_chore(household, data, submission=form.submission_id.data)
        else:
            update_chore(chore, data)
    except idempotency.AlreadySubmitted:
        db.session.rollback()
        return htmx_redirect(chores_url(household))
    except ChoreRuleError as error:
        db.session.rollback()
        target = form._fields.get(error.field or "")
        if target is None:
            form.form_errors.append(str(error.message))
        else:
            target.errors = [*target.errors, str(error.message)]
        return _render_form(household, form, chore, 422)
    db.session.commit()
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
def new_chore(household_id: int):
    household = load_household(household_id)
    form = ChoreForm()
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return _render_form(household, form, None)
    return _save(household, form, None)


@bp.route("/households/<int:household_id>/chores/<int:chore_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit_chore(household_id: int, chore_id: int):
    household = load_household(household_id)
    chore = load_chore(household, chore_id)
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
    form.submission_id.data = ""
    return _save(household, form, chore)


@bp.post("/households/<int:household_id>/chores/<int:chore_id>/active")
@staff_required(*MANAGERS)
def set_active(household_id: int, chore_id: int):
    """Stop a chore (its future turns go) or start it again."""
    household = load_household(household_id)
    chore = load_chore(household, chore_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    set_chore_active(chore, active)
    db.session.commit()
    if active:
        flash(_("%(name)s is planned again.", name=chore.name), "success")
    else:
        flash(_("%(name)s is stopped. Its future turns are removed.", name=chore.name), "success")
    return redirect(chores_url(household), code=303)
