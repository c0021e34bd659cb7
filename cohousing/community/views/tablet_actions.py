"""Polls, mutual help and "help with a disagreement" on the house tablet.

Vote and "I'll do it" answer htmx with the updated card and plain requests with a
redirect; a refused action shows its message (422) and changes nothing.
"""

from __future__ import annotations

from flask import abort, g, request, url_for

from cohousing.community import bp
from cohousing.community.errors import CommunityError
from cohousing.community.forms import ActionForm, HelpForm, MediationForm, VoteForm
from cohousing.community.helping import (
    ask_for_mediation,
    board,
    help_in,
    mark_done,
    post_help,
    take,
)
from cohousing.community.models import HelpKind
from cohousing.community.polls import (
    closed_polls,
    my_vote,
    open_polls,
    poll_in,
    results,
    vote,
    vote_count,
)
from cohousing.community.views.tablet import household, render
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.security import resident_required
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx

# --- polls -------------------------------------------------------------------------------


def poll_card(poll, message=None) -> dict:
    closed = poll.is_closed()
    return {
        "poll": poll,
        "closed": closed,
        "mine": my_vote(poll, g.resident.id),
        "voted": vote_count(poll),
        "results": results(poll) if closed else None,
        "message": message,
    }


def polls_context(message=None, message_poll_id=None) -> dict:
    house = household()
    return {
        "open_cards": [
            poll_card(p, message if p.id == message_poll_id else None) for p in open_polls(house)
        ],
        "closed_cards": [
            poll_card(p, message if p.id == message_poll_id else None) for p in closed_polls(house)
        ],
        "form": ActionForm(),
        "page_message": message if message_poll_id is None else None,
    }


@bp.get("/tablet/house/polls")
@resident_required
def tablet_polls():
    return render("community/tablet_polls.html", **polls_context())


@bp.post("/tablet/house/polls/<int:poll_id>/vote")
@resident_required
def tablet_vote(poll_id: int):
    poll = poll_in(household(), poll_id)
    if poll is None:
        abort(404)
    form = VoteForm()
    try:
        if not form.validate_on_submit():
            raise CommunityError(form.option.errors[0] if form.option.errors else "")
        vote(poll, g.resident.id, form.option.data)
    except CommunityError as error:
        db.session.rollback()
        if is_htmx():
            return render("community/_poll_card.html", 422, **poll_card(poll, error.message))
        return render("community/tablet_polls.html", 422, **polls_context(error.message, poll.id))
    db.session.commit()
    return fragment_or_redirect(
        "community/_poll_card.html",
        url_for("community.tablet_polls") + f"#poll-{poll.id}",
        **poll_card(poll),
        form=ActionForm(),
    )


# --- mutual help -------------------------------------------------------------------------


def help_context(form: HelpForm | None = None, message=None, message_post_id=None) -> dict:
    if form is None:
        form = HelpForm(formdata=None)
        form.submission_id.data = idempotency.new_token()
    return {
        "posts": board(household()),
        "form": form,
        "action_form": ActionForm(),
        "message": message,
        "message_post_id": message_post_id,
    }


@bp.get("/tablet/house/help")
@resident_required
def tablet_help():
    return render("community/tablet_help.html", **help_context())


@bp.post("/tablet/house/help")
@resident_required
def tablet_help_post():
    form = HelpForm()
    if not form.validate_on_submit():
        return render("community/tablet_help.html", 422, **help_context(form))
    try:
        post_help(
            household(),
            g.resident.id,
            HelpKind(form.kind.data),
            form.body.data,
            submission_id=form.submission_id.data,
        )
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("community.tablet_help"))
    except CommunityError as error:
        db.session.rollback()
        form.body.errors = [error.message]
        return render("community/tablet_help.html", 422, **help_context(form))
    db.session.commit()
    return htmx_redirect(url_for("community.tablet_help"))


def _help_action(post_id: int, action) -> object:
    post = help_in(household(), post_id)
    if post is None:
        abort(404)
    form = ActionForm()
    try:
        if not form.validate_on_submit():
            abort(400)
        action(post, g.resident.id)
    except CommunityError as error:
        db.session.rollback()
        post = help_in(household(), post_id)
        if is_htmx():
            return render(
                "community/_help_card.html",
                422,
                post=post,
                action_form=ActionForm(),
                card_message=error.message,
            )
        return render(
            "community/tablet_help.html", 422, **help_context(None, error.message, post.id)
        )
    db.session.commit()
    return fragment_or_redirect(
        "community/_help_card.html",
        url_for("community.tablet_help") + f"#help-{post.id}",
        post=post,
        action_form=ActionForm(),
    )


@bp.post("/tablet/house/help/<int:post_id>/take")
@resident_required
def tablet_help_take(post_id: int):
    return _help_action(post_id, take)


@bp.post("/tablet/house/help/<int:post_id>/done")
@resident_required
def tablet_help_done(post_id: int):
    return _help_action(post_id, mark_done)


# --- help with a disagreement (private) ----------------------------------------------------


@bp.route("/tablet/house/mediation", methods=["GET", "POST"])
@resident_required
def tablet_mediation():
    form = MediationForm()
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return render("community/tablet_mediation.html", form=form)
    if not form.validate_on_submit():
        return render("community/tablet_mediation.html", 422, form=form)
    try:
        idempotency.claim(form.submission_id.data)
        ask_for_mediation(household(), g.resident.id, form.note.data)
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("community.tablet_mediation_sent"))
    except CommunityError as error:
        db.session.rollback()
        form.note.errors = [error.message]
        return render("community/tablet_mediation.html", 422, form=form)
    db.session.commit()  # not urgent: the linked workers read it in their daily digest
    return htmx_redirect(url_for("community.tablet_mediation_sent"))


@bp.get("/tablet/house/mediation/sent")
@resident_required
def tablet_mediation_sent():
    return render("community/tablet_mediation_sent.html")
