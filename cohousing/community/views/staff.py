"""House life for staff: /households/<id>/house-life. Managers and linked workers may act
(mediators run meetings); every URL loads its household through get_household_or_404.
The meeting page (minutes, who was present, agreements) is in meeting_views.py.
"""

from __future__ import annotations

from datetime import date

from flask import abort, g, make_response, render_template, url_for
from flask_login import current_user

from cohousing.community import bp
from cohousing.community.errors import CommunityError
from cohousing.community.forms import ActionForm, MeetingForm, PollForm, StaffNoticeForm
from cohousing.community.helping import board, mediators
from cohousing.community.meetings import (
    all_meetings,
    create_meeting,
    current_agreements,
    local_moment,
)
from cohousing.community.models import PollKind
from cohousing.community.notices import (
    all_notices,
    notice_in,
    post_notice,
    remove_notice,
    set_pinned,
)
from cohousing.community.polls import (
    BAD_DAY,
    all_polls,
    close_early,
    create_poll,
    poll_in,
    results,
    vote_count,
)
from cohousing.community.today import recent_meeting_times
from cohousing.community.views.tablet import notice_photo, show_error
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.security import get_household_or_404, staff_required
from cohousing.web.htmx import htmx_redirect


def load(household_id: int) -> Household:
    household = get_household_or_404(household_id)
    g.household = household
    return household


def page_url(household: Household, anchor: str = "") -> str:
    return url_for("community.house_life", household_id=household.id) + anchor


def _new(form_class):
    form = form_class(formdata=None)
    form.submission_id.data = idempotency.new_token()
    return form


def page(household: Household, status: int = 200, **forms):
    forms.setdefault("notice_form", _new(StaffNoticeForm))
    forms.setdefault("meeting_form", _new(MeetingForm))
    forms.setdefault("poll_form", _new(PollForm))
    context = {
        "household": household,
        "notices": all_notices(household),
        "meetings": all_meetings(household),
        "agreements": current_agreements(household),
        "polls": [
            (p, vote_count(p), results(p) if p.is_closed() else None) for p in all_polls(household)
        ],
        "posts": board(household),
        "mediators": mediators(household),
        "action_form": ActionForm(),
        "today": household.today(),
        **forms,
    }
    return make_response(render_template("community/staff_page.html", **context), status)


@bp.app_template_global()
def house_life_summary(household: Household) -> dict:
    """For the household page: how self-management is going, without every notice."""
    return {
        "meetings": recent_meeting_times(household, limit=3),
        "agreements": current_agreements(household),
        "open_help": [p for p in board(household) if p.done_at is None],
    }


@bp.get("/households/<int:household_id>/house-life")
@staff_required()
def house_life(household_id: int):
    return page(load(household_id))


@bp.post("/households/<int:household_id>/house-life/notices")
@staff_required()
def staff_notice_new(household_id: int):
    household = load(household_id)
    form = StaffNoticeForm()
    if form.validate_on_submit():
        try:
            post_notice(
                household,
                form.body.data,
                photo=form.photo.data or None,
                staff_id=current_user.id,
                pinned=form.pinned.data,
                expires_on=form.expires_on.data,
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted:
            return htmx_redirect(page_url(household, "#notices"))
        except CommunityError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return htmx_redirect(page_url(household, "#notices"))
    return page(household, 422, notice_form=form)


def _notice_or_404(household: Household, notice_id: int):
    notice = notice_in(household, notice_id)
    if notice is None:
        abort(404)
    return notice


@bp.post("/households/<int:household_id>/house-life/notices/<int:notice_id>/pin")
@staff_required()
def staff_notice_pin(household_id: int, notice_id: int):
    household = load(household_id)
    notice = _notice_or_404(household, notice_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    set_pinned(notice, not notice.pinned)
    db.session.commit()
    return htmx_redirect(page_url(household, "#notices"))


@bp.post("/households/<int:household_id>/house-life/notices/<int:notice_id>/remove")
@staff_required()
def staff_notice_remove(household_id: int, notice_id: int):
    household = load(household_id)
    notice = _notice_or_404(household, notice_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    remove_notice(notice)
    db.session.commit()
    return htmx_redirect(page_url(household, "#notices"))


@bp.get("/households/<int:household_id>/house-life/notices/<int:notice_id>/photo/<int:v>.jpg")
@staff_required()
def staff_notice_photo(household_id: int, notice_id: int, v: int):
    return notice_photo(notice_in(load(household_id), notice_id))


@bp.post("/households/<int:household_id>/house-life/meetings")
@staff_required()
def staff_meeting_new(household_id: int):
    household = load(household_id)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = create_meeting(
                household,
                local_moment(household, form.day.data, form.at.data),
                staff_id=current_user.id,
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted as done:
            if not done.result.isdigit():
                return htmx_redirect(page_url(household, "#meetings"))
            return htmx_redirect(
                url_for(
                    "community.staff_meeting",
                    household_id=household.id,
                    meeting_id=int(done.result),
                )
            )
        except CommunityError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return htmx_redirect(
                url_for("community.staff_meeting", household_id=household.id, meeting_id=meeting.id)
            )
    return page(household, 422, meeting_form=form)


def parse_days(lines: list[str]) -> list[date] | None:
    """Dates typed one per line as YYYY-MM-DD; None when one cannot be read."""
    try:
        return [date.fromisoformat(line.strip()) for line in lines if line.strip()]
    except ValueError:
        return None


@bp.post("/households/<int:household_id>/house-life/polls")
@staff_required()
def staff_poll_new(household_id: int):
    household = load(household_id)
    form = PollForm()
    if form.validate_on_submit():
        kind = PollKind(form.kind.data)
        lines = (form.choices.data or "").splitlines()
        days = parse_days(lines) if kind is PollKind.DATE else []
        try:
            if days is None:
                raise CommunityError(BAD_DAY, "choices")
            create_poll(
                household,
                form.question.data,
                kind,
                local_moment(household, form.closes_day.data, form.closes_at.data),
                choices=lines,
                days=days,
                staff_id=current_user.id,
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted:
            return htmx_redirect(page_url(household, "#polls"))
        except CommunityError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return htmx_redirect(page_url(household, "#polls"))
    return page(household, 422, poll_form=form)


@bp.post("/households/<int:household_id>/house-life/polls/<int:poll_id>/close")
@staff_required()
def staff_poll_close(household_id: int, poll_id: int):
    household = load(household_id)
    poll = poll_in(household, poll_id)
    if poll is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    close_early(poll)
    db.session.commit()
    return htmx_redirect(page_url(household, "#polls"))
