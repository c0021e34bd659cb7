"""Whose households the dashboard shows: the staff member's own, or for a manager one
worker's caseload (?worker=)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists

from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.security import (
    MANAGERS,
    current_link_clause,
    households_visible_to_staff,
    workers_visible_to_staff,
)
from cohousing.staff.models import StaffAccount


def chosen_worker(viewer: StaffAccount, worker_id: int | None, today: date) -> StaffAccount | None:
    """The worker a manager chose to look at (one they see); None for anyone else or any
    other id."""
    if viewer.role not in MANAGERS or worker_id is None:
        return None
    return db.session.scalar(workers_visible_to_staff(today).where(StaffAccount.id == worker_id))


def dashboard_households(worker: StaffAccount | None, today: date) -> Select[tuple[Household]]:
    """The households the signed-in staff member may open, narrowed to `worker`'s."""
    query = households_visible_to_staff()
    if worker is None:
        return query
    return query.where(
        exists().where(
            WorkerLink.household_id == Household.id,
            WorkerLink.worker_id == worker.id,
            current_link_clause(today),
        )
    )


def active_workers(today: date) -> list[StaffAccount]:
    """For the manager's caseload picker: the workers of their organisation's households."""
    return list(
        db.session.scalars(workers_visible_to_staff(today).order_by(StaffAccount.display_name))
    )
