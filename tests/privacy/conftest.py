"""A family whose first resident, Anna, has a bit of everything: check-ins, a concern, a
visit, a goal, money with Bruno, a chore turn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import VisitKind
from cohousing.visits.services import VisitData, add_goal, log_visit
from cohousing.wellbeing.models import ConcernKind, ShareLevel, WellbeingProfile
from cohousing.wellbeing.services import raise_concern, record_checkin


@pytest.fixture
def anna_everything(household, worker, book):
    anna, bruno = current_residents(household)[:2]
    db.session.add(WellbeingProfile(person_id=anna.id, share=ShareLevel.MOOD_TAGS_NOTE))
    record_checkin(household, anna.id, 2, note="Anna-slept-badly")
    record_checkin(household, bruno.id, 4, note="Bruno-fine")
    concern = raise_concern(
        household, ConcernKind.WORRIED_ABOUT, person_id=anna.id, note="Anna-concern-note"
    )
    visit = log_visit(
        household,
        VisitData(
            kind=VisitKind.HOME,
            visited_at=clock.now() - timedelta(hours=2),
            person_id=anna.id,
            observations={"emotional_wellbeing": (3, "Anna-visit-note")},
        ),
        staff=worker,
    )
    goal = add_goal(
        household,
        person_id=anna.id,
        title="Anna-goal",
        steps="",
        review_on=household.today() + timedelta(days=30),
        staff=worker,
    )
    book(household, anna, 3000, [anna, bruno], description="Anna-paid-groceries")
    db.session.commit()
    return {"anna": anna, "bruno": bruno, "concern": concern, "visit": visit, "goal": goal}
