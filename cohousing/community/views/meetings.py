"""One house meeting for staff: its agenda, minutes per point, who was present, and the
decisions that become house agreements (or new versions of existing ones). The scope
hands each view the meeting, and the point (already checked to be that meeting's)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.community import bp
from cohousing.community.forms import (
    NEW_AGREEMENT,
    ActionForm,
    AgendaPointForm,
    AgreementForm,
    MinutesForm,
    PresentForm,
)
from cohousing.community.models import AgendaPoint, Meeting
from cohousing.community.services import (
    add_point,
    chosen_agreement,
    current_agreements,
    decide,
    decisions_at,
    has_started,
    local_day,
    set_present,
    write_minutes,
)
from cohousing.database import idempotency
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect


def prefix(point: AgendaPoint) -> str:
    """Each agenda point has its own forms on the page: their fields need their own ids."""
    return f"point{point.id}"


def _agreement_form(household: Household, point: AgendaPoint, formdata=None) -> AgreementForm:
    form = AgreementForm(formdata=formdata, prefix=prefix(point))
    form.agreement_id.choices = [SelectChoice(NEW_AGREEMENT, _("A new agreement"))] + [
        SelectChoice(a.id, _("New version of: %(title)s", title=a.title))
        for a in current_agreements(household)
    ]
    return form


def _page(household: Household, meeting: Meeting, **forms) -> str:
    forms.setdefault("point_form", AgendaPointForm(formdata=None))
    if not forms["point_form"].submission_id.data:
        forms["point_form"].submission_id.data = idempotency.new_token()
    forms.setdefault("minutes_forms", {})
    forms.setdefault("agreement_forms", {})
    for point in meeting.points:
        forms["minutes_forms"].setdefault(
            point.id,
            MinutesForm(formdata=None, prefix=prefix(point), data={"minutes": point.minutes}),
        )
        forms["agreement_forms"].setdefault(point.id, _agreement_form(household, point))
    context = {
        "household": household,
        "meeting": meeting,
        "started": has_started(meeting),
        "residents": current_residents(household, local_day(household, meeting.starts_at)),
        "present_ids": {a.person_id for a in meeting.attendance},
        "present_form": forms.pop("present_form", None) or PresentForm(formdata=None),
        "decisions": decisions_at(meeting),
        "action_form": ActionForm(),
        **forms,
    }
    return render_template("community/staff_meeting.html", **context)


def _back(household: Household, meeting: Meeting, anchor: str = ""):
    url = url_for("community.staff_meeting", household_id=household.id, meeting_id=meeting.id)
    return htmx_redirect(url + anchor)


@bp.get("/households/<int:household_id>/house-life/meetings/<int:meeting_id>")
@staff_required()
def staff_meeting(household: Household, meeting: Meeting):
    return _page(household, meeting)


@bp.post("/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points")
@staff_required()
def staff_add_point(household: Household, meeting: Meeting):
    form = AgendaPointForm()
    return perform(
        form,
        lambda: add_point(
            meeting,
            household,
            form.title.data,
            staff_id=current_user.id,
            submission_id=form.submission_id.data,
        ),
        done=lambda _point: _back(household, meeting),
        refused=lambda: _page(household, meeting, point_form=form),
        repeated=lambda _first: _back(household, meeting),
    )


@bp.post(
    "/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points/<int:point_id>/minutes"
)
@staff_required()
def staff_minutes(household: Household, meeting: Meeting, point: AgendaPoint):
    form = MinutesForm(prefix=prefix(point))
    return perform(
        form,
        lambda: write_minutes(point, household, form.minutes.data, by_resident=False),
        done=lambda _none: _back(household, meeting, f"#point-{point.id}"),
        refused=lambda: _page(household, meeting, minutes_forms={point.id: form}),
    )


@bp.post("/households/<int:household_id>/house-life/meetings/<int:meeting_id>/present")
@staff_required()
def staff_present(household: Household, meeting: Meeting):
    form = PresentForm()
    return perform(
        form,
        lambda: set_present(meeting, household, set(form.present.data)),
        done=lambda _none: _back(household, meeting, "#present"),
        refused=lambda: _page(household, meeting, present_form=form),
    )


@bp.post(
    "/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points/<int:point_id>/agreement"
)
@staff_required()
def staff_decide(household: Household, meeting: Meeting, point: AgendaPoint):
    form = _agreement_form(household, point, request.form)

    return perform(
        form,
        lambda: decide(
            meeting,
            household,
            text=form.text.data,
            title=form.title.data,
            agreement=chosen_agreement(household, form.agreement_id.data),
            point=point,
        ),
        done=lambda _version: _back(household, meeting, f"#point-{point.id}"),
        refused=lambda: _page(household, meeting, agreement_forms={point.id: form}),
    )
