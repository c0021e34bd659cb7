"""Whose households the dashboard shows: the staff member's own, or for a manager one
worker's caseload (?worker=)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, select

from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.security import MANAGERS, current_link_clause, households_visible_to_staff
from cohousing.staff.models import Role, StaffAccount


def chosen_worker(viewer: StaffAccount, worker_id: int | None) -> StaffAccount | None:
    """The worker a manager chose to look at; None for anyone else or any other id."""
    if viewer.role not in MANAGERS or worker_id is None:
        return None
    worker = db.session.get(StaffAccount, worker_id)
    return worker if worker is not None and worker.role is Role.WORKER else None


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


def active_workers() -> list[StaffAccount]:
    """For the manager's caseload picker."""
    return list(
        db.session.scalars(
            select(StaffAccount)
            .where(StaffAccount.role == Role.WORKER, StaffAccount.active.is_(True))
            .order_by(StaffAccount.display_name)
        )
    )
