"""House life on the tablet: the notice board, meetings with their agenda, agreements.

The household is the tablet's and the person acting is the resident who typed their PIN;
the scope hands each view the notice, meeting, point or agreement its URL names (another
household's answers 404 before the view runs). Polls, mutual help and mediation are in
tablet_actions.py.
"""

from __future__ import annotations

from flask import abort, g, make_response, render_template, request, url_for

from cohousing.community import bp
from cohousing.community.forms import AgendaPointForm, MinutesForm, NoticeForm, SeenForm
from cohousing.community.models import AgendaPoint, Agreement, Meeting, Notice
from cohousing.community.services import (
    add_point,
    current_agreements,
    current_notices,
    has_started,
    local_day,
    mark_seen,
    next_meeting,
    past_meetings,
    post_notice,
    unread_ids,
    write_minutes,
)
from cohousing.database import idempotency
from cohousing.security import resident_required
from cohousing.web.actions import perform
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx


@bp.after_request
def never_cache_tablet(response):
    """A shared screen: Back after the lock must not show a resident's page from cache."""
    if (request.endpoint or "").startswith("community.tablet_"):
        response.headers["Cache-Control"] = "no-store"
    return response


def household():
    return g.tablet.household


def render(template: str, status: int = 200, **context):
    return make_response(render_template(template, **context), status)


# --- notices -----------------------------------------------------------------------------


def board_context(seen_form: SeenForm | None = None) -> dict:
    """The board and which notices are new to this resident; nothing is marked read here:
    the page sends the new ones back (`tablet_notices_seen`)."""
    notices = current_notices(household())
    unread = unread_ids(household(), g.resident.id)
    return {
        "notices": notices,
        "new_ids": [n.id for n in notices if n.id in unread],
        "seen_form": seen_form or SeenForm(formdata=None),
    }


@bp.get("/tablet/house")
@resident_required
def tablet_notices():
    return render("community/tablet_notices.html", **board_context())


@bp.post("/tablet/house/notices/seen")
@resident_required
def tablet_notices_seen():
    """The board was shown: its new notices are read now (htmx on load, or the button)."""
    form = SeenForm()

    def refused():
        if is_htmx():
            return render_template(
                "community/_notices_seen.html", seen_form=form, new_ids=form.notice.data
            )
        return render_template("community/tablet_notices.html", **board_context(form))

    return perform(
        form,
        lambda: mark_seen(household(), g.resident.id, form.notice.data),
        done=lambda _read: "" if is_htmx() else htmx_redirect(url_for("community.tablet_notices")),
        refused=refused,
    )


@bp.route("/tablet/house/notices/new", methods=["GET", "POST"])
@resident_required
def tablet_notice_new():
    form = NoticeForm()
    if not form.is_submitted():
        return render("community/tablet_notice_new.html", form=form)
    to_board = url_for("community.tablet_notices")
    return perform(
        form,
        lambda: post_notice(
            household(),
            form.body.data,
            photo=form.photo.data or None,
            person_id=g.resident.id,
            submission_id=form.submission_id.data,
        ),
        done=lambda _notice: htmx_redirect(to_board),
        refused=lambda: render_template("community/tablet_notice_new.html", form=form),
        repeated=lambda _first: htmx_redirect(to_board),
    )


@bp.get("/tablet/house/notices/<int:notice_id>/photo/<int:version>.jpg")
@resident_required
def tablet_notice_photo(notice: Notice, version: int):
    return notice_photo(notice)


def notice_photo(notice: Notice):
    """The photo of a notice still on the board (a removed one keeps its photo hidden)."""
    if not notice.has_photo or notice.removed_at is not None:
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


def first_error(form) -> object:
    for errors in (*(f.errors for f in form), form.form_errors):
        if errors:
            return errors[0]
    return ""


@bp.get("/tablet/house/meetings")
@resident_required
def tablet_meetings():
    return render("community/tablet_meetings.html", **meetings_context())


@bp.post("/tablet/house/meetings/<int:meeting_id>/points")
@resident_required
def tablet_add_point(meeting: Meeting):
    form = AgendaPointForm()
    page = "community/_agenda.html" if is_htmx() else "community/tablet_meetings.html"

    def refused():
        context = meetings_context(form)
        if context["meeting"] is None or context["meeting"].id != meeting.id:
            context["refused"] = first_error(form)  # that meeting's form is not on the page
        return render_template(page, **context)

    return perform(
        form,
        lambda: add_point(
            meeting,
            household(),
            form.title.data,
            person_id=g.resident.id,
            submission_id=form.submission_id.data,
        ),
        done=lambda _point: fragment_or_redirect(
            "community/_agenda.html", url_for("community.tablet_meetings"), **meetings_context()
        ),
        refused=refused,
        repeated=lambda _first: htmx_redirect(url_for("community.tablet_meetings")),
    )


@bp.post("/tablet/house/meetings/<int:meeting_id>/points/<int:point_id>/minutes")
@resident_required
def tablet_minutes(meeting: Meeting, point: AgendaPoint):
    form = MinutesForm(prefix=f"point{point.id}")

    def refused():
        context = meetings_context(minutes_forms={point.id: form})
        if context["meeting"] is None or context["meeting"].id != meeting.id:
            context["refused"] = first_error(form)  # that meeting is not on the page
        return render_template("community/tablet_meetings.html", **context)

    return perform(
        form,
        lambda: write_minutes(point, household(), form.minutes.data, by_resident=True),
        done=lambda _none: htmx_redirect(
            url_for("community.tablet_meetings") + f"#point-{point.id}"
        ),
        refused=refused,
    )


# --- agreements --------------------------------------------------------------------------


@bp.get("/tablet/house/agreements")
@resident_required
def tablet_agreements():
    return render("community/tablet_agreements.html", agreements=current_agreements(household()))


@bp.get("/tablet/house/agreements/<int:agreement_id>")
@resident_required
def tablet_agreement(agreement: Agreement):
    return render("community/tablet_agreement.html", agreement=agreement)
