"""Polls, mutual help and "help with a disagreement" on the house tablet.

Vote and "I'll do it" answer htmx with the updated card and plain requests with a
redirect; a refused action shows its message (422) and changes nothing.
"""

from __future__ import annotations

from flask import g, render_template, url_for

from cohousing.community import bp
from cohousing.community.forms import ActionForm, HelpForm, MediationForm, VoteForm
from cohousing.community.models import HelpKind, HelpPost, Poll
from cohousing.community.services import (
    ask_for_mediation,
    board,
    closed_polls,
    mark_done,
    my_vote,
    open_polls,
    post_help,
    results,
    take,
    vote,
    vote_count,
)
from cohousing.community.views.tablet import first_error, household, render
from cohousing.database import idempotency
from cohousing.security import resident_required
from cohousing.web.actions import perform
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx

# --- polls -------------------------------------------------------------------------------


def poll_card(poll: Poll, message=None) -> dict:
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
def tablet_vote(poll: Poll):
    form = VoteForm()

    def refused():
        message = first_error(form)
        if is_htmx():
            return render_template("community/_poll_card.html", **poll_card(poll, message))
        return render_template("community/tablet_polls.html", **polls_context(message, poll.id))

    return perform(
        form,
        lambda: vote(poll, g.resident.id, form.option.data),
        done=lambda _vote: fragment_or_redirect(
            "community/_poll_card.html",
            url_for("community.tablet_polls") + f"#poll-{poll.id}",
            **poll_card(poll),
            form=ActionForm(),
        ),
        refused=refused,
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
    to_board = url_for("community.tablet_help")
    return perform(
        form,
        lambda: post_help(
            household(),
            g.resident.id,
            HelpKind(form.kind.data),
            form.body.data,
            submission_id=form.submission_id.data,
        ),
        done=lambda _post: htmx_redirect(to_board),
        refused=lambda: render_template("community/tablet_help.html", **help_context(form)),
        repeated=lambda _first: htmx_redirect(to_board),
    )


def _help_action(post: HelpPost, action):
    form = ActionForm()

    def refused():
        message = first_error(form)
        if is_htmx():
            return render_template(
                "community/_help_card.html",
                post=post,
                action_form=ActionForm(),
                card_message=message,
            )
        return render_template("community/tablet_help.html", **help_context(None, message, post.id))

    return perform(
        form,
        lambda: action(post, g.resident.id),
        done=lambda _none: fragment_or_redirect(
            "community/_help_card.html",
            url_for("community.tablet_help") + f"#help-{post.id}",
            post=post,
            action_form=ActionForm(),
        ),
        refused=refused,
    )


@bp.post("/tablet/house/help/<int:post_id>/take")
@resident_required
def tablet_help_take(post: HelpPost):
    return _help_action(post, take)


@bp.post("/tablet/house/help/<int:post_id>/done")
@resident_required
def tablet_help_done(post: HelpPost):
    return _help_action(post, mark_done)


# --- help with a disagreement (private) ----------------------------------------------------


@bp.route("/tablet/house/mediation", methods=["GET", "POST"])
@resident_required
def tablet_mediation():
    form = MediationForm()
    if not form.is_submitted():
        return render("community/tablet_mediation.html", form=form)
    sent = url_for("community.tablet_mediation_sent")
    return perform(
        form,
        lambda: ask_for_mediation(
            household(), g.resident.id, form.note.data, submission_id=form.submission_id.data
        ),
        done=lambda _concern: htmx_redirect(sent),
        refused=lambda: render_template("community/tablet_mediation.html", form=form),
        repeated=lambda _first: htmx_redirect(sent),
    )


@bp.get("/tablet/house/mediation/sent")
@resident_required
def tablet_mediation_sent():
    return render("community/tablet_mediation_sent.html")
