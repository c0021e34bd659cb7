"""House life for staff: /households/<id>/house-life. Managers and linked workers may act
(mediators run meetings); the scope hands every view its household and the notice or
poll its URL names. The meeting page (minutes, who was present, agreements) is in
meetings.py.
"""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from cohousing.community import bp
from cohousing.community.forms import ActionForm, MeetingForm, PollForm, StaffNoticeForm
from cohousing.community.models import Notice, Poll, PollKind
from cohousing.community.services import (
    all_meetings,
    all_notices,
    all_polls,
    board,
    close_early,
    create_meeting,
    create_poll,
    current_agreements,
    house_life_summary,
    local_moment,
    mediators,
    post_notice,
    remove_notice,
    results,
    set_pinned,
    vote_count,
)
from cohousing.community.views.tablet import notice_photo
from cohousing.database import idempotency
from cohousing.households.models import Household
from cohousing.households.services import on_household_page
from cohousing.security import staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect
from cohousing.web.parsing import parse_id


@on_household_page
def _house_life_on_household_page(household: Household) -> dict:
    """The household page shows how self-management is going (`community/_staff_summary`)."""
    return {"house_life": house_life_summary(household)}


def page_url(household: Household, anchor: str = "") -> str:
    return url_for("community.house_life", household_id=household.id) + anchor


def page_context(household: Household, **forms) -> dict:
    forms.setdefault("notice_form", StaffNoticeForm(formdata=None))
    forms.setdefault("meeting_form", MeetingForm(formdata=None))
    forms.setdefault("poll_form", PollForm(formdata=None))
    for form in forms.values():
        form.submission_id.data = form.submission_id.data or idempotency.new_token()
    return {
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


def page(household: Household, **forms) -> str:
    return render_template("community/staff_page.html", **page_context(household, **forms))


@bp.get("/households/<int:household_id>/house-life")
@staff_required()
def house_life(household: Household):
    return page(household)


# --- notices -----------------------------------------------------------------------------


@bp.post("/households/<int:household_id>/house-life/notices")
@staff_required()
def staff_notice_new(household: Household):
    form = StaffNoticeForm()
    back = page_url(household, "#notices")
    return perform(
        form,
        lambda: post_notice(
            household,
            form.body.data,
            photo=form.photo.data or None,
            staff_id=current_user.id,
            pinned=form.pinned.data,
            expires_on=form.expires_on.data,
            submission_id=form.submission_id.data,
        ),
        done=lambda _notice: htmx_redirect(back),
        refused=lambda: page(household, notice_form=form),
        repeated=lambda _first: htmx_redirect(back),
    )


def _notice_action(household: Household, act):
    return perform(
        ActionForm(),
        act,
        done=lambda _none: htmx_redirect(page_url(household, "#notices")),
        refused=lambda: page(household),
    )


@bp.post("/households/<int:household_id>/house-life/notices/<int:notice_id>/pin")
@staff_required()
def staff_notice_pin(household: Household, notice: Notice):
    return _notice_action(household, lambda: set_pinned(notice, not notice.pinned))


@bp.post("/households/<int:household_id>/house-life/notices/<int:notice_id>/remove")
@staff_required()
def staff_notice_remove(household: Household, notice: Notice):
    return _notice_action(household, lambda: remove_notice(notice))


@bp.get("/households/<int:household_id>/house-life/notices/<int:notice_id>/photo/<int:v>.jpg")
@staff_required()
def staff_notice_photo(household: Household, notice: Notice, v: int):
    return notice_photo(notice)


# --- meetings and polls ------------------------------------------------------------------


def meeting_url(household: Household, meeting_id: int) -> str:
    return url_for("community.staff_meeting", household_id=household.id, meeting_id=meeting_id)


@bp.post("/households/<int:household_id>/house-life/meetings")
@staff_required()
def staff_meeting_new(household: Household):
    form = MeetingForm()

    def repeated(first: str):
        meeting_id = parse_id(first)
        if meeting_id is None:
            return htmx_redirect(page_url(household, "#meetings"))
        return htmx_redirect(meeting_url(household, meeting_id))

    return perform(
        form,
        lambda: create_meeting(
            household,
            local_moment(household, form.day.data, form.at.data),
            staff_id=current_user.id,
            submission_id=form.submission_id.data,
        ),
        done=lambda meeting: htmx_redirect(meeting_url(household, meeting.id)),
        refused=lambda: page(household, meeting_form=form),
        repeated=repeated,
    )


@bp.post("/households/<int:household_id>/house-life/polls")
@staff_required()
def staff_poll_new(household: Household):
    form = PollForm()
    back = page_url(household, "#polls")
    return perform(
        form,
        lambda: create_poll(
            household,
            form.question.data,
            PollKind(form.kind.data),
            local_moment(household, form.closes_day.data, form.closes_at.data),
            choices=(form.choices.data or "").splitlines(),
            staff_id=current_user.id,
            submission_id=form.submission_id.data,
        ),
        done=lambda _poll: htmx_redirect(back),
        refused=lambda: page(household, poll_form=form),
        repeated=lambda _first: htmx_redirect(back),
    )


@bp.post("/households/<int:household_id>/house-life/polls/<int:poll_id>/close")
@staff_required()
def staff_poll_close(household: Household, poll: Poll):
    return perform(
        ActionForm(),
        lambda: close_early(poll),
        done=lambda _none: htmx_redirect(page_url(household, "#polls")),
        refused=lambda: page(household),
    )
