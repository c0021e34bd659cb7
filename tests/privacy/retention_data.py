"""Records of every age, for the retention tests (committed: the job runs in other processes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership
from cohousing.people.models import Person
from cohousing.visits.models import Visit, VisitKind, VisitObservation
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernEvent,
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    Urgency,
)
from tests.fixtures.people import default_organisation_id

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def fill_old_records() -> dict:
    household = Household(
        name="Casa Vecchia", kind=HouseholdKind.ELDERLY, organisation_id=default_organisation_id()
    )
    people = [Person(display_name=f"Resident {i}", pin_hash="x") for i in range(3)]
    db.session.add_all([household, *people])
    db.session.flush()
    for person in people:
        db.session.add(
            Membership(
                person_id=person.id,
                household_id=household.id,
                started_on=NOW.date() - timedelta(days=1500),
            )
        )
    old_checkins = old_sum = total = recent_notes = 0
    cut = datetime(2024, 11, 25, tzinfo=UTC).date()
    week_limit = cut - timedelta(days=cut.weekday())
    for days_ago in range(0, 1000, 3):
        day = NOW.date() - timedelta(days=days_ago)
        for n, person in enumerate(people):
            mood = 1 + (days_ago + n) % 5
            note = "recent note" if days_ago < 150 else "old note"
            db.session.add(
                CheckIn(
                    person_id=person.id,
                    household_id=household.id,
                    local_date=day,
                    mood=mood,
                    note=note,
                )
            )
            total += 1
            recent_notes += note == "recent note"
            if day < week_limit:
                old_checkins += 1
                old_sum += mood
    concerns_kept = []
    for i, (resolved_days_ago, status) in enumerate(
        [
            (2000, ConcernStatus.RESOLVED),
            (2100, ConcernStatus.RESOLVED),
            (100, ConcernStatus.RESOLVED),
            (None, ConcernStatus.OPEN),
        ]
    ):
        resolved_at = NOW - timedelta(days=resolved_days_ago) if resolved_days_ago else None
        concern = Concern(
            household_id=household.id,
            person_id=people[0].id,
            kind=ConcernKind.OTHER,
            urgency=Urgency.NORMAL,
            source=ConcernSource.STAFF,
            status=status,
            note=f"concern {i}",
            resolved_at=resolved_at,
            created_at=(resolved_at or NOW) - timedelta(days=1),
        )
        db.session.add(concern)
        db.session.flush()
        db.session.add(ConcernEvent(concern_id=concern.id, action="raised"))
        if resolved_days_ago is None or resolved_days_ago < 1800:
            concerns_kept.append(f"concern {i}")
    visit = Visit(
        household_id=household.id,
        kind=VisitKind.HOME,
        visited_at=NOW - timedelta(days=2000),
        agreed_actions="old actions",
    )
    db.session.add(visit)
    db.session.flush()
    db.session.add(VisitObservation(visit_id=visit.id, area="safety", rating=3, note="old note"))
    old_register = 0
    for days_ago in range(0, 1200, 2):
        db.session.add(
            AuditEvent(
                action="test.row",
                actor_role="system",
                at=NOW - timedelta(days=days_ago, hours=1),
                household_id=household.id,
                detail="recent" if days_ago == 0 else "old",
            )
        )
        if NOW - timedelta(days=days_ago, hours=1) < datetime(2024, 11, 25, 9, 0, tzinfo=UTC):
            old_register += 1
    db.session.commit()
    return {
        "checkins": total,
        "recent_notes": recent_notes,
        "old_checkins": old_checkins,
        "old_mood_sum": old_sum,
        "concerns_kept": concerns_kept,
        "old_register_rows": old_register,
    }
