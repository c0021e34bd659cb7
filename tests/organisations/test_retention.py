"""Retention by organisation: each keeps its own households' records for its own periods,
and the installation's where it set none."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.organisations.services import OrganisationSettings, update_settings
from cohousing.privacy.services import Periods, apply_retention
from cohousing.wellbeing.models import (
    Concern,
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    Urgency,
)

PERIODS = Periods(checkin_notes=6, checkin_scores=24, concerns=60, visit_notes=60, register=24)


def _resolved_concern(household, days_ago: int, now) -> Concern:
    resolved_at = now - timedelta(days=days_ago)
    concern = Concern(
        household_id=household.id,
        person_id=current_residents(household)[0].id,
        kind=ConcernKind.OTHER,
        urgency=Urgency.NORMAL,
        source=ConcernSource.STAFF,
        status=ConcernStatus.RESOLVED,
        resolved_at=resolved_at,
        created_at=resolved_at - timedelta(days=1),
    )
    db.session.add(concern)
    db.session.flush()
    return concern


def test_each_organisation_deletes_its_resolved_concerns_after_its_own_period(
    clock, make_household, other_organisation
):
    lucca = make_household("Casa Lucca")
    usl = make_household("Casa USL", organisation=other_organisation)
    update_settings(other_organisation, OrganisationSettings(retention_concerns_months=2))
    kept = _resolved_concern(lucca, 100, clock.now()).id  # 60 months: kept
    gone = _resolved_concern(usl, 100, clock.now()).id  # 2 months: past it
    db.session.commit()

    report = apply_retention(PERIODS, clock.now())

    assert report.concerns_deleted == 1
    left = set(db.session.scalars(select(Concern.id)))
    assert kept in left and gone not in left
