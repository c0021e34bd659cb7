"""The coordinators' overview: every household with kind, workers, open concerns and
tablets, and each worker's caseload. A fixed number of queries."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.households.services import HouseholdSummary, household_summaries
from cohousing.security import (
    current_link_clause,
    households_visible_to_staff,
    workers_visible_to_staff,
)
from cohousing.staff.models import StaffAccount
from cohousing.wellbeing.models import Concern, ConcernStatus


def overview(on: date) -> tuple[list[HouseholdSummary], dict[int, int], list[tuple]]:
    """(household summaries, open concerns per household, [(worker, caseload)]), all of
    the viewer's organisation: its households, and the caseload among them."""
    visible = households_visible_to_staff()
    ids = visible.with_only_columns(Household.id)
    summaries = household_summaries(visible, on=on)
    open_counts = dict(
        db.session.execute(
            select(Concern.household_id, func.count())
            .where(Concern.status != ConcernStatus.RESOLVED, Concern.household_id.in_(ids))
            .group_by(Concern.household_id)
        ).all()
    )
    caseload = Counter(
        dict(
            db.session.execute(
                select(WorkerLink.worker_id, func.count(func.distinct(WorkerLink.household_id)))
                .join(Household, Household.id == WorkerLink.household_id)
                .where(
                    current_link_clause(on),
                    Household.archived_at.is_(None),
                    Household.id.in_(ids),
                )
                .group_by(WorkerLink.worker_id)
            ).all()
        )
    )
    workers: list[StaffAccount] = db.session.scalars(
        workers_visible_to_staff(on).order_by(StaffAccount.display_name, StaffAccount.id)
    ).all()
    return summaries, open_counts, [(w, caseload.get(w.id, 0)) for w in workers]
