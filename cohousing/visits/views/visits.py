"""Staff screens for visits: the list, logging one, reading one, the household's rhythm.

The scope hands every view its household (404 for one the worker does not follow) and the
visit its URL names; reading visit notes writes an audit row per resident, the one write
a GET may make.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.database import clock
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, staff_required
from cohousing.visits import bp
from cohousing.visits.forms import ScheduleForm, VisitForm, labels
from cohousing.visits.models import AREAS, HOUSE_AREAS, PERSON_AREAS, Visit, VisitKind, areas_for
from cohousing.visits.services import (
    VisitData,
    log_visit,
    readers_of,
    set_interval,
    visit_interval,
    visits_of,
)
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, is_htmx, render_page_or_fragment
from cohousing.web.parsing import parse_id


@bp.get("/households/<int:household_id>/visits")
@staff_required()
def visit_list(household: Household):
    return render_template(
        "visits/list.html",
        household=household,
        visits=visits_of(household),
        every_days=visit_interval(household),
        manage=current_user.role in MANAGERS,
        **labels(),
    )


def _form_page(household: Household, form: VisitForm) -> str:
    """The form, with who will read the note for the subject chosen so far, and the
    per-person areas only when the visit is about one resident (or something was typed in
    them: it stays, with its message, rather than vanishing)."""
    template = "visits/_visit_form.html" if is_htmx() else "visits/new.html"
    person_id = form.person_id.data
    typed_personal = any(
        getattr(form, f"{area}_rating").data is not None
        or (getattr(form, f"{area}_note").data or "").strip()
        for area in PERSON_AREAS
    )
    return render_template(
        template,
        household=household,
        form=form,
        every_days=visit_interval(household),
        about_one=person_id is not None,
        readers=readers_of(household, person_id),
        house_areas=HOUSE_AREAS,
        person_areas=PERSON_AREAS,
        show_person_areas=person_id is not None or typed_personal,
        **labels(),
    )


def _person_choices(household: Household) -> list[SelectChoice]:
    return [SelectChoice("", _("The whole house"))] + [
        SelectChoice(str(p.id), p.display_name) for p in current_residents(household)
    ]


def _visit_data(household: Household, form: VisitForm) -> VisitData:
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


def _detail_url(household: Household, visit_id: int) -> str:
    return url_for("visits.visit_detail", household_id=household.id, visit_id=visit_id)


@bp.route("/households/<int:household_id>/visits/new", methods=["GET", "POST"])
@staff_required()
def visit_new(household: Household):
    form = VisitForm()
    form.person_id.choices = _person_choices(household)
    if not form.is_submitted():
        now = clock.local(clock.now(), household.timezone).replace(second=0, microsecond=0)
        form.visit_date.data, form.visit_time.data = now.date(), now.time()
        form.kind.data = VisitKind.HOME.value
        every = visit_interval(household)
        if every:
            form.next_visit_on.data = now.date() + timedelta(days=every)
        return _form_page(household, form)
    if "preview" in request.form:  # the subject changed: who reads it, which areas
        return _form_page(household, form)

    def on_the_day_field(name: str, message) -> bool:
        """The rule speaks of the visit's moment: the form asks for it as a day."""
        if name != "visited_at":
            return False
        form.visit_date.errors = [*form.visit_date.errors, message]
        return True

    def saved(visit: Visit):
        flash(_("The visit is saved."), "success")
        return htmx_redirect(_detail_url(household, visit.id))

    def repeated(first: str):
        visit_id = parse_id(first)
        if visit_id is None:
            return htmx_redirect(url_for("visits.visit_list", household_id=household.id))
        return htmx_redirect(_detail_url(household, visit_id))

    return perform(
        form,
        lambda: log_visit(
            household,
            _visit_data(household, form),
            staff=current_user,
            submission_id=form.submission_id.data,
        ),
        done=saved,
        refused=lambda: _form_page(household, form),
        repeated=repeated,
        extra_errors=on_the_day_field,
    )


@bp.get("/households/<int:household_id>/visits/<int:visit_id>")
@staff_required()
def visit_detail(household: Household, visit: Visit):
    return render_page_or_fragment(
        "visits/detail.html",
        "visits/_visit.html",
        household=household,
        visit=visit,
        observations={o.area: o for o in visit.observations},
        readers=readers_of(household, visit.person_id),
        **{**labels(), "AREAS": areas_for(visit.person_id)},
    )


@bp.route("/households/<int:household_id>/visits/rhythm", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def visit_rhythm(household: Household):
    form = ScheduleForm()
    if not form.is_submitted():
        form.every_days.data = visit_interval(household)
        return render_template("visits/rhythm.html", household=household, form=form)

    def saved(_schedule):
        flash(_("Saved how often the household expects a visit."), "success")
        return htmx_redirect(url_for("visits.visit_list", household_id=household.id))

    return perform(
        form,
        lambda: set_interval(household, form.every_days.data),
        done=saved,
        refused=lambda: render_template("visits/rhythm.html", household=household, form=form),
    )
