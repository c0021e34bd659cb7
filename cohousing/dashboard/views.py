"""Dashboard, household summary and coordinator overview: thin, the services gather."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from cohousing.dashboard import bp
from cohousing.dashboard.forms import AttentionFilterForm
from cohousing.dashboard.services import (
    MOOD_DAYS,
    AttentionFilter,
    active_workers,
    attention_list,
    bars,
    build_cards,
    build_summary,
    chosen_worker,
    dashboard_households,
    level,
    sparkline,
    timeline,
)
from cohousing.dashboard.services import (
    overview as build_overview,
)
from cohousing.database import clock
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import FUNCTION_LABELS
from cohousing.security import MANAGERS, staff_required
from cohousing.web.htmx import render_page_or_fragment
from cohousing.web.parsing import parse_id
from cohousing.wellbeing.forms import ActionForm, ResolveForm
from cohousing.wellbeing.services import KIND_LABELS as CONCERN_KIND_LABELS
from cohousing.wellbeing.services import STATUS_LABELS


def _today():
    return clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _filters(workers) -> tuple[AttentionFilterForm, AttentionFilter, int | None]:
    """The list's filters from the URL; a value no choice offers filters nothing."""
    form = AttentionFilterForm(request.args)
    form.fill_choices(workers)
    form.validate()
    kinds = {kind.value: kind for kind in HouseholdKind}
    chosen = AttentionFilter(
        search=(form.q.data or "").strip()[:100],
        kind=kinds.get(form.kind.data or ""),
        has_concerns=bool(form.concerns.data),
        visit_overdue=bool(form.overdue.data),
    )
    return form, chosen, parse_id(form.worker.data)


@bp.get("/")
@staff_required()
def index():
    today = _today()
    workers = active_workers(today) if current_user.role in MANAGERS else []
    form, chosen, worker_id = _filters(workers)
    worker = chosen_worker(current_user, worker_id, today)
    households = dashboard_households(worker, today)
    lines = attention_list(households, chosen, today)
    urgent = [line.household.id for line in lines if line.urgent_concerns]
    cards = build_cards(households.where(Household.id.in_(urgent)), today) if urgent else []
    return render_page_or_fragment(
        "dashboard/index.html",
        "dashboard/_attention.html",
        lines=lines,
        filtered=chosen != AttentionFilter(),
        form=form,
        cards=cards,
        today=today,
        worker=worker,
        workers=workers,
        level=level,
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
