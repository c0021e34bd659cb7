"""House life on the tablet: the notice board, meetings with their agenda, agreements.

The household is the tablet's and the person acting is the resident who typed their PIN;
a notice, meeting or agreement of another household answers 404. Polls, mutual help and
mediation are in tablet_actions.py.
"""

from __future__ import annotations

from flask import abort, g, make_response, render_template, request, url_for

from cohousing.community import bp
from cohousing.community.errors import CommunityError
from cohousing.community.forms import AgendaPointForm, MinutesForm, NoticeForm
from cohousing.community.meetings import (
    add_point,
    agreement_in,
    current_agreements,
    has_started,
    local_day,
    meeting_in,
    next_meeting,
    past_meetings,
    point_in,
    write_minutes,
)
from cohousing.community.notices import (
    current_notices,
    mark_read,
    notice_in,
    post_notice,
    unread_ids,
)
from cohousing.community.today import house_life_counts
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.security import resident_required
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx


@bp.after_request
def never_cache_tablet(response):
    """A shared screen: Back after the lock must not show a resident's page from cache."""
    if (request.endpoint or "").startswith("community.tablet_"):
        response.headers["Cache-Control"] = "no-store"
    return response


def household():
    return g.tablet.household


def show_error(form, error: CommunityError) -> None:
    """Put a rule's message by the field it names, or at the top of the form."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def render(template: str, status: int = 200, **context):
    return make_response(render_template(template, **context), status)


@bp.app_template_global()
def house_life_today(resident) -> dict:
    """What the today screen says about house life, in a few numbers."""
    tablet = g.get("tablet")
    if tablet is None or resident is None:
        return {}
    return house_life_counts(tablet.household, resident.id)


# --- notices -----------------------------------------------------------------------------


@bp.get("/tablet/house")
@resident_required
def tablet_notices():
    house = household()
    notices = current_notices(house)
    new_ids = unread_ids(house, g.resident.id)
    mark_read([n for n in notices if n.id in new_ids], g.resident.id)
    db.session.commit()
    return render("community/tablet_notices.html", notices=notices, new_ids=new_ids)


@bp.route("/tablet/house/notices/new", methods=["GET", "POST"])
@resident_required
def tablet_notice_new():
    form = NoticeForm()
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return render("community/tablet_notice_new.html", form=form)
    if not form.validate_on_submit():
        return render("community/tablet_notice_new.html", 422, form=form)
    try:
        post_notice(
            household(),
            form.body.data,
            photo=form.photo.data or None,
            person_id=g.resident.id,
            submission_id=form.submission_id.data,
        )
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("community.tablet_notices"))
    except CommunityError as error:
        db.session.rollback()
        show_error(form, error)
        return render("community/tablet_notice_new.html", 422, form=form)
    db.session.commit()
    return htmx_redirect(url_for("community.tablet_notices"))


@bp.get("/tablet/house/notices/<int:notice_id>/photo/<int:version>.jpg")
@resident_required
def tablet_notice_photo(notice_id: int, version: int):
    return notice_photo(notice_in(household(), notice_id))


def notice_photo(notice):
    if notice is None or not notice.has_photo or notice.removed_at is not None:
        abort(404)
    response = make_response(notice.photo)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


# --- meetings ----------------------------------------------------------------------------


def meetings_context(point_form: AgendaPointForm | None = None, **extra) -> dict:
    house = household()
    meeting = next_meeting(house)
    if point_form is None:
        point_form = AgendaPointForm(formdata=None)
        point_form.submission_id.data = idempotency.new_token()
    writing = bool(meeting and has_started(meeting))
    return {
        "meeting": meeting,
        "point_form": point_form,
        "writing_minutes": writing and local_day(house, meeting.starts_at) == house.today(),
        "minutes_forms": extra.pop("minutes_forms", {}),
        "past": past_meetings(house),
        **extra,
    }


@bp.get("/tablet/house/meetings")
@resident_required
def tablet_meetings():
    return render("community/tablet_meetings.html", **meetings_context())


def _meeting_or_404(meeting_id: int):
    meeting = meeting_in(household(), meeting_id)
    if meeting is None:
        abort(404)
    return meeting


@bp.post("/tablet/house/meetings/<int:meeting_id>/points")
@resident_required
def tablet_add_point(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    form = AgendaPointForm()
    page = "community/_agenda.html" if is_htmx() else "community/tablet_meetings.html"
    if not form.validate_on_submit():
        return render(page, 422, **meetings_context(form))
    try:
        add_point(
            meeting,
            household(),
            form.title.data,
            person_id=g.resident.id,
            submission_id=form.submission_id.data,
        )
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("community.tablet_meetings"))
    except CommunityError as error:
        db.session.rollback()
        show_error(form, error)
        context = meetings_context(form)
        if context["meeting"] is None or context["meeting"].id != meeting.id:
            context["refused"] = error.message  # that meeting's form is not on the page
        return render(page, 422, **context)
    db.session.commit()
    return fragment_or_redirect(
        "community/_agenda.html", url_for("community.tablet_meetings"), **meetings_context()
    )


@bp.post("/tablet/house/meetings/<int:meeting_id>/points/<int:point_id>/minutes")
@resident_required
def tablet_minutes(meeting_id: int, point_id: int):
    meeting = _meeting_or_404(meeting_id)
    point = point_in(meeting, point_id)
    if point is None:
        abort(404)
    form = MinutesForm(prefix=f"point{point.id}")
    if form.validate_on_submit():
        try:
            write_minutes(point, household(), form.minutes.data, by_resident=True)
        except CommunityError as error:
            db.session.rollback()
            form.minutes.errors = [error.message]
        else:
            db.session.commit()
            return htmx_redirect(url_for("community.tablet_meetings") + f"#point-{point.id}")
    context = meetings_context(minutes_forms={point.id: form})
    if context["meeting"] is None or context["meeting"].id != meeting.id:
        context["refused"] = form.minutes.errors[0]  # that meeting is not on the page
    return render("community/tablet_meetings.html", 422, **context)


# --- agreements --------------------------------------------------------------------------


@bp.get("/tablet/house/agreements")
@resident_required
def tablet_agreements():
    return render("community/tablet_agreements.html", agreements=current_agreements(household()))


@bp.get("/tablet/house/agreements/<int:agreement_id>")
@resident_required
def tablet_agreement(agreement_id: int):
    agreement = agreement_in(household(), agreement_id)
    if agreement is None:
        abort(404)
    return render("community/tablet_agreement.html", agreement=agreement)
