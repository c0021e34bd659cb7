"""What the wellbeing pages show, gathered in one call per page (views only render it)."""

from __future__ import annotations

from datetime import timedelta

from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.people.models import Person
from cohousing.wellbeing.services.all_fine import agrees
from cohousing.wellbeing.services.checkins import checkins_since, last_days, todays_checkin
from cohousing.wellbeing.services.concerns import raised_by
from cohousing.wellbeing.services.seen import views_of
from cohousing.wellbeing.services.sharing import (
    SHARE_LABELS,
    consent_history,
    current_share,
    pending_proposal,
    shows_mood,
    visible_fields,
)

STAFF_DAYS = 14  # the staff page shows two weeks of check-ins
MINE_DAYS = 30  # the resident's picture, a month


def residents_wellbeing(household: Household) -> list[dict]:
    """For the staff page: each current resident with what they chose to share of the
    last 14 days (for one who shares nothing, only the days they checked in; the page
    must not show the mood). Showing it is a look at their wellbeing: one register row
    each, written after the answer (cohousing.security.register)."""
    today = household.today()
    rows = []
    for person in current_residents(household):
        share = current_share(person, household)
        shows_tags, shows_note = visible_fields(share)
        since = today - timedelta(days=STAFF_DAYS - 1)
        rows.append(
            {
                "person": person,
                "share": share,
                "shows_mood": shows_mood(share),
                "shows_tags": shows_tags,
                "shows_note": shows_note,
                "checkins": list(reversed(checkins_since(person.id, since))),
                "proposal": pending_proposal(person),
                "all_fine": agrees(person),
            }
        )
    return rows


def my_wellbeing(household: Household, resident: Person) -> dict:
    """For the resident's own page: their month, what workers see, who looked."""
    share = current_share(resident, household)
    today = household.today()
    shows_tags, shows_note = visible_fields(share)
    return {
        "days": last_days(resident.id, today, MINE_DAYS),
        "share": share,
        "share_label": SHARE_LABELS[share],
        "shows_mood": shows_mood(share),
        "shows_tags": shows_tags,
        "shows_note": shows_note,
        "recent": todays_checkin(resident.id, today)
        or todays_checkin(resident.id, today - timedelta(days=1)),
        "history": consent_history(resident),
        "proposal": pending_proposal(resident),
        "raised": raised_by(resident.id),
        "looked": views_of(resident.id),
        "all_fine": agrees(resident),
    }
