"""Arrears that pass a household's threshold become a concern for the people who support it.

Run by the daily schedules job (`flask cohousing run-schedules`). One concern per resident
and oldest unpaid month: the dedupe key makes a second run (or tomorrow's) raise nothing
new until a newer month falls behind after the old one is paid.
"""

from __future__ import annotations

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.money.models import Contribution
from cohousing.money.services.amounts import format_amount
from cohousing.money.services.balances import settings_for
from cohousing.money.services.contributions import arrears_from, months_due
from cohousing.wellbeing.models import ConcernKind
from cohousing.wellbeing.services import raise_concern  # the wellbeing area owns concerns


def raise_arrears_concerns() -> list:
    """Raise an ARREARS concern for each resident whose arrears pass the threshold."""
    pairs = db.session.execute(
        select(Household, Contribution.person_id)
        .join(Household, Household.id == Contribution.household_id)
        .where(Household.archived_at.is_(None))
        .distinct()
        .order_by(Household.id, Contribution.person_id)
    ).all()
    raised = []
    for household, person_id in pairs:
        today = household.today()
        if not is_current_resident(person_id, household, today):
            continue
        months = months_due(household, person_id, today)
        owed = arrears_from(months, today, settings_for(household))
        if not owed.over_threshold:
            continue
        oldest = next(m for m in months if m.is_overdue(today))
        concern = raise_concern(
            household,
            ConcernKind.ARREARS,
            person_id=person_id,
            dedupe_key=f"arrears:{household.id}:{person_id}:{oldest.month.isoformat()}",
            note=f"{format_amount(owed.cents, household.locale)} · {oldest.due_on.isoformat()}",
        )
        if concern is not None:
            raised.append(concern)
    return raised
