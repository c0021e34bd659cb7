"""Staff screens for personal goals; reading them writes an audit row per resident (the
one write a GET may make). The scope hands each view its household and goal."""

from __future__ import annotations

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.database import idempotency
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import staff_required
from cohousing.visits import bp
from cohousing.visits.forms import GoalForm, GoalReviewForm, labels
from cohousing.visits.models import Goal, GoalStatus
from cohousing.visits.services import (
    add_goal,
    default_review_on,
    goals_of,
    is_past_review,
    review_goal,
)
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect


def _page(household: Household, form: GoalForm, review_errors: dict | None = None) -> str:
    goals = goals_of(household)
    today = household.today()
    return render_template(
        "visits/goals.html",
        household=household,
        goals=goals,
        form=form,
        review_form=GoalReviewForm(formdata=None),
        review_errors=review_errors or {},
        past_review={g.id for g in goals if is_past_review(g, today)},
        **labels(),
    )


def _goal_form(household: Household, *, blank: bool = False) -> GoalForm:
    """The new-goal form: what was sent, or `blank` (with a fresh token) next to a review."""
    form = GoalForm(formdata=None) if blank else GoalForm()
    if blank:
        form.submission_id.data = idempotency.new_token()
    if blank or not form.is_submitted():
        form.review_on.data = default_review_on(household.today())
    form.person_id.choices = [SelectChoice("", _("Choose a resident"))] + [
        SelectChoice(str(p.id), p.display_name) for p in current_residents(household)
    ]
    return form


def _to_list(household: Household, message: str | None = None):
    if message:
        flash(message, "success")
    return htmx_redirect(url_for("visits.goal_list", household_id=household.id))


@bp.get("/households/<int:household_id>/goals")
@staff_required()
def goal_list(household: Household):
    return _page(household, _goal_form(household))


@bp.post("/households/<int:household_id>/goals")
@staff_required()
def goal_add(household: Household):
    form = _goal_form(household)
    return perform(
        form,
        lambda: add_goal(
            household,
            person_id=form.person_id.data,
            title=form.title.data,
            steps=form.steps.data,
            review_on=form.review_on.data,
            staff=current_user,
            submission_id=form.submission_id.data,
        ),
        done=lambda _goal: _to_list(household, _("The goal is saved.")),
        refused=lambda: _page(household, form),
        repeated=lambda _first: _to_list(household),
    )


@bp.post("/households/<int:household_id>/goals/<int:goal_id>/review")
@staff_required()
def goal_review(household: Household, goal: Goal):
    form = GoalReviewForm()

    def refused():
        message = next((e for f in form for e in f.errors), None) or next(
            iter(form.form_errors), _("Choose how it is going.")
        )
        return _page(household, _goal_form(household, blank=True), {goal.id: message})

    return perform(
        form,
        lambda: review_goal(
            goal, household, status=GoalStatus(form.status.data), review_on=form.review_on.data
        ),
        done=lambda _none: _to_list(household, _("The goal is updated.")),
        refused=refused,
    )
