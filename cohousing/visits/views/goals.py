"""Staff screens for personal goals; reading them writes an audit row per resident."""

from __future__ import annotations

from flask import abort, flash, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security import get_household_or_404, staff_required
from cohousing.visits import bp
from cohousing.visits.forms import GoalForm, GoalReviewForm
from cohousing.visits.goals import (
    add_goal,
    goal_in,
    goals_of,
    is_past_review,
    note_goals_viewed,
    review_goal,
)
from cohousing.visits.labels import GOAL_STATUS_LABELS
from cohousing.visits.models import GoalStatus
from cohousing.visits.services import VisitError
from cohousing.web.htmx import htmx_redirect


def _page(household, form: GoalForm, status: int = 200, review_errors: dict | None = None):
    goals = goals_of(household)
    note_goals_viewed(household, goals)
    db.session.commit()
    today = household.today()
    return make_response(
        render_template(
            "visits/goals.html",
            household=household,
            goals=goals,
            form=form,
            review_form=GoalReviewForm(formdata=None),
            review_errors=review_errors or {},
            past_review={g.id for g in goals if is_past_review(g, today)},
            GOAL_STATUS_LABELS=GOAL_STATUS_LABELS,
        ),
        status,
    )


def _goal_form(household) -> GoalForm:
    form = GoalForm()
    form.person_id.choices = [SelectChoice("", _("Choose a resident"))] + [
        SelectChoice(str(p.id), p.display_name) for p in current_residents(household)
    ]
    return form


@bp.get("/households/<int:household_id>/goals")
@staff_required()
def goal_list(household_id: int):
    household = get_household_or_404(household_id)
    form = _goal_form(household)
    form.submission_id.data = idempotency.new_token()
    return _page(household, form)


@bp.post("/households/<int:household_id>/goals")
@staff_required()
def goal_add(household_id: int):
    household = get_household_or_404(household_id)
    form = _goal_form(household)
    if not form.validate_on_submit():
        return _page(household, form, 422)
    try:
        add_goal(
            household,
            person_id=form.person_id.data,
            title=form.title.data,
            steps=form.steps.data,
            review_on=form.review_on.data,
            staff=current_user,
            submission_id=form.submission_id.data,
        )
    except VisitError as error:
        for name, message in error.errors.items():
            field = form._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, message]
        return _page(household, form, 422)
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("visits.goal_list", household_id=household.id))
    db.session.commit()
    flash(_("The goal is saved."), "success")
    return htmx_redirect(url_for("visits.goal_list", household_id=household.id))


@bp.post("/households/<int:household_id>/goals/<int:goal_id>/review")
@staff_required()
def goal_review(household_id: int, goal_id: int):
    household = get_household_or_404(household_id)
    goal = goal_in(household, goal_id)
    if goal is None:
        abort(404)
    form = GoalReviewForm()
    new_form = _goal_form(household)
    new_form.submission_id.data = idempotency.new_token()
    if not form.validate_on_submit():
        return _page(household, new_form, 422, {goal.id: _("Choose how it is going.")})
    status = GoalStatus(form.status.data)
    try:
        review_goal(goal, household, status=status, review_on=form.review_on.data)
    except VisitError as error:
        message = next(iter(error.errors.values()))
        return _page(household, new_form, 422, {goal.id: message})
    db.session.commit()
    flash(_("The goal is updated."), "success")
    return htmx_redirect(url_for("visits.goal_list", household_id=household.id))
