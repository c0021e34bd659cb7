"""The housemate a resident's ladder asks first: one who agreed to be asked.

A coordinator records the choice after asking both; the resident and the housemate live in
the household now. Removing it (None) takes the housemate off the ladder.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.rules import RuleError
from cohousing.wellbeing.models import CheckinBuddy

NOT_A_HOUSEMATE = _l("Choose a housemate who lives here now.")


def buddies_of(household: Household) -> dict[int, int]:
    """{resident id: housemate id} for the household."""
    return dict(
        db.session.execute(
            select(CheckinBuddy.person_id, CheckinBuddy.buddy_id).where(
                CheckinBuddy.household_id == household.id
            )
        ).all()
    )


def set_buddy(household: Household, person_id: int, buddy_id: int | None) -> CheckinBuddy | None:
    """Record (or remove, with None) the housemate who agreed to be asked about `person_id`."""
    found = db.session.scalar(select(CheckinBuddy).filter_by(person_id=person_id))
    if buddy_id is None:
        if found is not None:
            db.session.delete(found)
            record(
                "wellbeing.buddy_removed", household_id=household.id, subject_person_id=person_id
            )
        return None
    if buddy_id == person_id or not is_current_resident(buddy_id, household):
        raise RuleError(NOT_A_HOUSEMATE, "buddy_id")
    if found is None:
        found = CheckinBuddy(person_id=person_id, household_id=household.id, buddy_id=buddy_id)
        db.session.add(found)
    found.household_id, found.buddy_id, found.updated_at = household.id, buddy_id, clock.now()
    record("wellbeing.buddy_set", household_id=household.id, subject_person_id=person_id)
    return found
