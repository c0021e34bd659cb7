"""Staff screens for visits: the list, logging one, reading one, the household's rhythm.

Every URL loads its household through `security.get_household_or_404` (404 for a household
the worker does not follow); reading visit notes writes an audit row per resident.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import abort, flash, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, get_household_or_404, staff_required
from cohousing.visits import bp
from cohousing.visits.forms import ScheduleForm, VisitForm
from cohousing.visits.labels import AREA_LABELS, KIND_LABELS, RATING_LABELS
from cohousing.visits.models import AREAS, VisitKind
from cohousing.visits.schedule import ScheduleError, set_interval, visit_interval
from cohousing.visits.services import (
    VisitData,
    VisitError,
    log_visit,
    note_visit_viewed,
    visit_in,
    visits_of,
)
from cohousing.web.htmx import htmx_redirect, is_htmx, render_page_or_fragment


def labels() -> dict:
    return {
        "VISIT_KIND_LABELS": KIND_LABELS,
        "AREA_LABELS": AREA_LABELS,
        "RATING_LABELS": RATING_LABELS,
        "AREAS": AREAS,
    }


@bp.get("/households/<int:household_id>/visits")
@staff_required()
def visit_list(household_id: int):
    household = get_household_or_404(household_id)
    return render_template(
        "visits/list.html",
        household=household,
        visits=visits_of(household),
        every_days=visit_interval(household),
        manage=current_user.role in MANAGERS,
        **labels(),
    )


def _form_page(household, form, status: int = 200):
    template = "visits/_visit_form.html" if is_htmx() else "visits/new.html"
    return make_response(
        render_template(
            template,
            household=household,
            form=form,
            every_days=visit_interval(household),
            **labels(),
        ),
        status,
    )


def _person_choices(household) -> list[SelectChoice]:
    return [SelectChoice("", _("The whole household"))] + [
        SelectChoice(str(p.id), p.display_name) for p in current_residents(household)
    ]


def _visit_data(household, form: VisitForm) -> VisitData:
    zone = ZoneInfo(household.timezone)
    moment = datetime.combine(form.visit_date.data, form.visit_time.data, zone)
    return VisitData(
        kind=VisitKind(form.kind.data),
        visited_at=moment,
        person_id=form.person_id.data,
        duration_minutes=form.duration_minutes.data,
        staff_present=form.staff_present.data or "",
        agreed_actions=form.agreed_actions.data or "",
        next_visit_on=form.next_visit_on.data,
        observations={
            area: (
                getattr(form, f"{area}_rating").data,
                getattr(form, f"{area}_note").data or "",
            )
            for area in AREAS
        },
    )


@bp.route("/households/<int:household_id>/visits/new", methods=["GET", "POST"])
@staff_required()
def visit_new(household_id: int):
    household = get_household_or_404(household_id)
    form = VisitForm()
    form.person_id.choices = _person_choices(household)
    if request.method == "GET":
        now = clock.local(clock.now(), household.timezone).replace(second=0, microsecond=0)
        form.visit_date.data, form.visit_time.data = now.date(), now.time()
        form.kind.data = VisitKind.HOME.value
        every = visit_interval(household)
        if every:
            form.next_visit_on.data = now.date() + timedelta(days=every)
        form.submission_id.data = idempotency.new_token()
        return _form_page(household, form)
    if not form.validate_on_submit():
        return _form_page(household, form, 422)
    try:
        visit = log_visit(
            household,
            _visit_data(household, form),
            staff=current_user,
            submission_id=form.submission_id.data,
        )
    except VisitError as error:
        for name, message in error.errors.items():
            target = "visit_date" if name == "visited_at" else name
            field = form._fields.get(target)
            if field is not None:
                field.errors = [*field.errors, message]
        return _form_page(household, form, 422)
    except idempotency.AlreadySubmitted as already:
        if already.result.isdigit():
            return htmx_redirect(
                url_for(
                    "visits.visit_detail", household_id=household.id, visit_id=int(already.result)
                )
            )
        return htmx_redirect(url_for("visits.visit_list", household_id=household.id))
    db.session.commit()
    flash(_("The visit is saved."), "success")
    return htmx_redirect(
        url_for("visits.visit_detail", household_id=household.id, visit_id=visit.id)
    )


@bp.get("/households/<int:household_id>/visits/<int:visit_id>")
@staff_required()
def visit_detail(household_id: int, visit_id: int):
    household = get_household_or_404(household_id)
    visit = visit_in(household, visit_id)
    if visit is None:
        abort(404)
    note_visit_viewed(visit, household)
    db.session.commit()
    observations = {o.area: o for o in visit.observations}
    return render_page_or_fragment(
        "visits/detail.html",
        "visits/_visit.html",
        household=household,
        visit=visit,
        observations=observations,
        **labels(),
    )


@bp.route("/households/<int:household_id>/visits/rhythm", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def visit_rhythm(household_id: int):
    household = get_household_or_404(household_id)
    form = ScheduleForm()
    if request.method == "GET":
        form.every_days.data = visit_interval(household)
        return render_template("visits/rhythm.html", household=household, form=form)
    if not form.validate_on_submit():
        return render_template("visits/rhythm.html", household=household, form=form), 422
    try:
        set_interval(household, form.every_days.data)
    except ScheduleError as error:
        form.every_days.errors = [error.message]
        return render_template("visits/rhythm.html", household=household, form=form), 422
    db.session.commit()
    flash(_("Saved how often the household expects a visit."), "success")
    return htmx_redirect(url_for("visits.visit_list", household_id=household.id))
