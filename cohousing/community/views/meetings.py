"""One house meeting for staff: its agenda, minutes per point, who was present, and the
decisions that become house agreements (or new versions of existing ones)."""

from __future__ import annotations

from flask import abort, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cohousing.community import bp
from cohousing.community.errors import CommunityError
from cohousing.community.forms import ActionForm, AgendaPointForm, AgreementForm, MinutesForm
from cohousing.community.meetings import (
    add_point,
    agreement_in,
    current_agreements,
    decide,
    has_started,
    local_day,
    meeting_in,
    point_in,
    set_present,
    write_minutes,
)
from cohousing.community.models import AgreementVersion
from cohousing.community.views.staff import load
from cohousing.community.views.tablet import show_error
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security import staff_required
from cohousing.web.htmx import htmx_redirect

NEW_AGREEMENT = 0  # the choice "a new agreement" in the agreement form


def prefix(point) -> str:
    """Each agenda point has its own forms on the page: their fields need their own ids."""
    return f"point{point.id}"


def _agreement_form(household, point, formdata=None) -> AgreementForm:
    form = AgreementForm(formdata=formdata, prefix=prefix(point))
    form.agreement_id.choices = [SelectChoice(NEW_AGREEMENT, _("A new agreement"))] + [
        SelectChoice(a.id, _("New version of: %(title)s", title=a.title))
        for a in current_agreements(household)
    ]
    return form


def _page(household, meeting, status: int = 200, **forms):
    forms.setdefault("point_form", AgendaPointForm(formdata=None))
    if forms["point_form"].submission_id.data is None:
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
        "decisions": _decisions(meeting),
        "action_form": ActionForm(),
        **forms,
    }
    return make_response(render_template("community/staff_meeting.html", **context), status)


def _decisions(meeting) -> dict:
    """Agreement versions decided at this meeting, by agenda point id (None: no point)."""
    by_point: dict = {}
    for version in db.session.scalars(
        select(AgreementVersion).where(AgreementVersion.meeting_id == meeting.id)
    ):
        by_point.setdefault(version.agenda_point_id, []).append(version)
    return by_point


def _meeting_or_404(household, meeting_id: int):
    meeting = meeting_in(household, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _back(household, meeting, anchor: str = ""):
    url = url_for("community.staff_meeting", household_id=household.id, meeting_id=meeting.id)
    return htmx_redirect(url + anchor)


@bp.get("/households/<int:household_id>/house-life/meetings/<int:meeting_id>")
@staff_required()
def staff_meeting(household_id: int, meeting_id: int):
    household = load(household_id)
    return _page(household, _meeting_or_404(household, meeting_id))


@bp.post("/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points")
@staff_required()
def staff_add_point(household_id: int, meeting_id: int):
    household = load(household_id)
    meeting = _meeting_or_404(household, meeting_id)
    form = AgendaPointForm()
    if form.validate_on_submit():
        try:
            add_point(
                meeting,
                household,
                form.title.data,
                staff_id=current_user.id,
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted:
            return _back(household, meeting)
        except CommunityError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return _back(household, meeting)
    return _page(household, meeting, 422, point_form=form)


def _point_or_404(meeting, point_id: int):
    point = point_in(meeting, point_id)
    if point is None:
        abort(404)
    return point


@bp.post(
    "/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points/<int:point_id>/minutes"
)
@staff_required()
def staff_minutes(household_id: int, meeting_id: int, point_id: int):
    household = load(household_id)
    meeting = _meeting_or_404(household, meeting_id)
    point = _point_or_404(meeting, point_id)
    form = MinutesForm(prefix=prefix(point))
    if form.validate_on_submit():
        try:
            write_minutes(point, household, form.minutes.data, by_resident=False)
        except CommunityError as error:
            db.session.rollback()
            form.minutes.errors = [error.message]
        else:
            db.session.commit()
            return _back(household, meeting, f"#point-{point.id}")
    return _page(household, meeting, 422, minutes_forms={point.id: form})


@bp.post("/households/<int:household_id>/house-life/meetings/<int:meeting_id>/present")
@staff_required()
def staff_present(household_id: int, meeting_id: int):
    household = load(household_id)
    meeting = _meeting_or_404(household, meeting_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = {int(v) for v in request.form.getlist("present") if v.isdigit()}
    set_present(meeting, household, ids)
    db.session.commit()
    return _back(household, meeting, "#present")


@bp.post(
    "/households/<int:household_id>/house-life/meetings/<int:meeting_id>/points/<int:point_id>/agreement"
)
@staff_required()
def staff_decide(household_id: int, meeting_id: int, point_id: int):
    household = load(household_id)
    meeting = _meeting_or_404(household, meeting_id)
    point = _point_or_404(meeting, point_id)
    form = _agreement_form(household, point, request.form)
    if form.validate_on_submit():
        agreement = None
        if form.agreement_id.data != NEW_AGREEMENT:
            agreement = agreement_in(household, form.agreement_id.data)
        try:
            decide(
                meeting,
                household,
                text=form.text.data,
                title=form.title.data,
                agreement=agreement,
                point=point,
            )
        except CommunityError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return _back(household, meeting, f"#point-{point.id}")
    return _page(household, meeting, 422, agreement_forms={point.id: form})
