"""The household a URL names, read once: with its organisation and, for a worker, their
links to it, in one query (`access.open_household` decides what they allow)."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.staff.models import Role

Links = list[tuple]  # (started_on, ended_on) of each of the worker's links to the household


def _asking_worker() -> bool:
    return (
        g.get("api_token") is None
        and g.get("resident_household_id") is None
        and current_user.is_authenticated
        and current_user.role is Role.WORKER
    )


def household_and_links(household_id: int) -> tuple[Household | None, Links | None]:
    """The household with its organisation, and for a worker their links to it (whether
    one is current depends on the household's own day, so the caller decides): one query.
    populate_existing: a household (or organisation) already in the session, expired by a
    commit, is filled from this row too, not read again attribute by attribute."""
    options = [joinedload(Household.organisation)]
    fresh = {"populate_existing": True}
    if not _asking_worker():
        found = select(Household).where(Household.id == household_id).options(*options)
        return db.session.scalars(found.execution_options(**fresh)).first(), None
    rows = db.session.execute(
        select(Household, WorkerLink.started_on, WorkerLink.ended_on)
        .outerjoin(
            WorkerLink,
            and_(WorkerLink.household_id == Household.id, WorkerLink.worker_id == current_user.id),
        )
        .where(Household.id == household_id)
        .options(*options)
        .execution_options(**fresh)
    ).all()
    if not rows:
        return None, None
    return rows[0][0], [(start, end) for _h, start, end in rows if start is not None]
