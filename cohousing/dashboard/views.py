"""Dashboard, household summary and coordinator overview (thin: read models do the work)."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from sqlalchemy import exists, select

from cohousing.dashboard import bp
from cohousing.dashboard.cards import MOOD_DAYS, build_cards
from cohousing.dashboard.charts import bars, sparkline, timeline
from cohousing.dashboard.overview import overview as build_overview
from cohousing.dashboard.summary import build_summary, note_summary_viewed
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.kinds import FUNCTION_LABELS
from cohousing.households.models import Household, WorkerLink
from cohousing.security import (
    MANAGERS,
    current_link_clause,
    get_household_or_404,
    households_visible_to_staff,
    staff_required,
)
from cohousing.staff.models import Role, StaffAccount
from cohousing.web.htmx import render_page_or_fragment
from cohousing.wellbeing.concerns import KIND_LABELS as CONCERN_KIND_LABELS
from cohousing.wellbeing.concerns import STATUS_LABELS
from cohousing.wellbeing.forms import ActionForm, ResolveForm


def _today():
    return clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _chosen_worker() -> StaffAccount | None:
    """Managers may look at one worker's caseload (?worker=id)."""
    if current_user.role not in MANAGERS:
        return None
    worker_id = request.args.get("worker", type=int)
    worker = db.session.get(StaffAccount, worker_id) if worker_id else None
    return worker if worker is not None and worker.role is Role.WORKER else None


@bp.get("/")
@staff_required()
def index():
    today = _today()
    worker = _chosen_worker()
    query = households_visible_to_staff()
    if worker is not None:
        query = query.where(
            exists().where(
                WorkerLink.household_id == Household.id,
                WorkerLink.worker_id == worker.id,
                current_link_clause(today),
            )
        )
    workers = []
    if current_user.role in MANAGERS:
        workers = db.session.scalars(
            select(StaffAccount)
            .where(StaffAccount.role == Role.WORKER, StaffAccount.active.is_(True))
            .order_by(StaffAccount.display_name)
        ).all()
    return render_page_or_fragment(
        "dashboard/index.html",
        "dashboard/_cards.html",
        cards=build_cards(query, today),
        today=today,
        worker=worker,
        workers=workers,
        sparkline=sparkline,
        MOOD_DAYS=MOOD_DAYS,
        CONCERN_KIND_LABELS=CONCERN_KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
    )


@bp.get("/households/<int:household_id>")
@staff_required()
def summary(household_id: int):
    household = get_household_or_404(household_id)
    data = build_summary(household)
    note_summary_viewed(data)
    response = render_page_or_fragment(
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
    # Commit once, after rendering: committing first expired every resident, and the page
    # read them back one query each.
    db.session.commit()
    return response


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
