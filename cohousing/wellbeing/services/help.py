"""Help without a PIN: "I need help" on the faces screen and on the locked-out screen.

Someone who forgot their PIN, or was just locked out, still asks for help: they tap their
face or "someone in the house". The concern is urgent, says it came without a PIN (who
pressed is not known for sure), and is limited per tablet so a game or a stuck finger
cannot flood the workers: at most HELP_PER_WINDOW in HELP_WINDOW. The limit is a claim, not
a count alone: each request takes one of the window's numbered keys (a UNIQUE dedupe key),
so two tablets' taps at the same moment never pass it together. Never behind a lock-out:
nothing here looks at PINs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.rules import RuleError
from cohousing.wellbeing.models import Concern, ConcernKind, ConcernSource, Urgency
from cohousing.wellbeing.services.concerns import raise_concern

HELP_WINDOW = timedelta(minutes=10)
HELP_PER_WINDOW = 3
WHO_NEEDS_HELP = _l("Tap your face, or \u201csomeone in the house\u201d.")


def _prefix(tablet_id: int) -> str:
    return f"help-nopin:{tablet_id}:"


def recent_help_without_pin(tablet_id: int) -> int:
    """How many help requests this tablet sent without a PIN in the last HELP_WINDOW."""
    return (
        db.session.scalar(
            select(func.count(Concern.id)).where(
                Concern.dedupe_key.startswith(_prefix(tablet_id), autoescape=True),
                Concern.created_at > clock.now() - HELP_WINDOW,
            )
        )
        or 0
    )


def request_help_without_pin(
    household: Household,
    *,
    tablet_id: int,
    person_id: int | None,
    submission_id: str | None = None,
    made_at: datetime | None = None,
) -> Concern | None:
    """An urgent help request from the house tablet without a PIN, about the resident who
    tapped their face (or nobody in particular: "someone in the house"). None when the
    tablet already asked HELP_PER_WINDOW times in HELP_WINDOW: the workers were told.
    `made_at`: when a request queued offline was tapped (its concern is dated then)."""
    if person_id is not None and not is_current_resident(person_id, household):
        raise RuleError(WHO_NEEDS_HELP, "person_id")
    idempotency.claim(submission_id)  # a double tap asks once
    if recent_help_without_pin(tablet_id) >= HELP_PER_WINDOW:
        record("concern.help_limited", household_id=household.id, subject_person_id=person_id)
        return None
    window = int(clock.now().timestamp() // HELP_WINDOW.total_seconds())
    for number in range(HELP_PER_WINDOW):
        concern = raise_concern(
            household,
            ConcernKind.HELP_REQUEST,
            urgency=Urgency.URGENT,
            source=ConcernSource.PERSON,
            person_id=person_id,
            dedupe_key=f"{_prefix(tablet_id)}{window}:{number}",
            without_pin=True,
            created_at=made_at,
        )
        if concern is not None:
            return concern
    record("concern.help_limited", household_id=household.id, subject_person_id=person_id)
    return None
