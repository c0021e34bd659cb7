"""Dashboard, household summary and coordinator overview: thin, the services gather."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from cohousing.dashboard import bp
from cohousing.dashboard.services import (
    MOOD_DAYS,
    active_workers,
    bars,
    build_cards,
    build_summary,
    chosen_worker,
    dashboard_households,
    sparkline,
    timeline,
)
from cohousing.dashboard.services import (
    overview as build_overview,
)
from cohousing.database import clock
from cohousing.households.models import Household
from cohousing.households.services import FUNCTION_LABELS
from cohousing.security import MANAGERS, staff_required
from cohousing.web.htmx import render_page_or_fragment
from cohousing.web.parsing import query_id
from cohousing.wellbeing.forms import ActionForm, ResolveForm
from cohousing.wellbeing.services import KIND_LABELS as CONCERN_KIND_LABELS
from cohousing.wellbeing.services import STATUS_LABELS


def _today():
    return clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.get("/")
@staff_required()
def index():
    today = _today()
    worker = chosen_worker(current_user, request.args.get("worker", type=query_id), today)
    return render_page_or_fragment(
        "dashboard/index.html",
        "dashboard/_cards.html",
        cards=build_cards(dashboard_households(worker, today), today),
        today=today,
        worker=worker,
        workers=active_workers(today) if current_user.role in MANAGERS else [],
        sparkline=sparkline,
        MOOD_DAYS=MOOD_DAYS,
        CONCERN_KIND_LABELS=CONCERN_KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
    )


@bp.get("/households/<int:household_id>")
@staff_required()
def summary(household: Household):
    data = build_summary(household)
    # The page is rendered before the request's one commit: committing first expired
    # every resident, and the page read them back one query each.
    return render_page_or_fragment(
        "dashboard/summary.html",
        "dashboard/_summary.html",
        summary=data,
        household=household,
        sparkline=sparkline,
        bars=bars,
        timeline=timeline,
        CONCERN_KIND_LABELS=CONCERN_KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
    )


@bp.get("/overview")
@staff_required(*MANAGERS)
def overview():
    summaries, open_counts, caseloads = build_overview(_today())
    return render_page_or_fragment(
        "dashboard/overview.html",
        "dashboard/_overview.html",
        summaries=summaries,
        open_counts=open_counts,
        caseloads=caseloads,
        FUNCTION_LABELS=FUNCTION_LABELS,
    )
