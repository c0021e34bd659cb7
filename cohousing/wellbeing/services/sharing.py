"""What a resident's workers see of their check-ins: the choice, its history, its rule."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.wellbeing.models import SHARE_ORDER, ShareLevel, WellbeingProfile
from cohousing.wellbeing.services.settings import get_settings

SHARE_LABELS = {
    ShareLevel.MOOD: _l("Your mood only"),
    ShareLevel.MOOD_TAGS: _l("Your mood and the words you choose"),
    ShareLevel.MOOD_TAGS_NOTE: _l("Your mood, the words and your note"),
}


def current_share(person: Person, household: Household) -> ShareLevel:
    latest = db.session.scalar(
        select(WellbeingProfile.share)
        .where(WellbeingProfile.person_id == person.id)
        .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        .limit(1)
    )
    return latest if latest is not None else get_settings(household).default_share


def share_history(person: Person) -> list[WellbeingProfile]:
    return list(
        db.session.scalars(
            select(WellbeingProfile)
            .where(WellbeingProfile.person_id == person.id)
            .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        )
    )


def set_share(
    person: Person,
    household: Household,
    share: ShareLevel,
    *,
    by_person: Person | None = None,
    by_staff_id: int | None = None,
) -> WellbeingProfile | None:
    """Change what workers see. A resident alone may only narrow it; a worker with the
    resident present may widen it. Returns None when nothing changes."""
    current = current_share(person, household)
    if share == current:
        return None
    widening = SHARE_ORDER.index(share) > SHARE_ORDER.index(current)
    if widening and by_staff_id is None:
        raise RuleError(_l("To share more, choose it together with your worker."), "share")
    row = WellbeingProfile(
        person_id=person.id,
        share=share,
        changed_by_person_id=by_person.id if by_person else None,
        changed_by_staff_id=by_staff_id,
        changed_at=clock.now(),
    )
    db.session.add(row)
    record("wellbeing.sharing_changed", household_id=household.id, subject_person_id=person.id)
    return row


def visible_fields(share: ShareLevel) -> tuple[bool, bool]:
    """(tags, note) that workers see at this level; the mood is always seen."""
    return share in (ShareLevel.MOOD_TAGS, ShareLevel.MOOD_TAGS_NOTE), (
        share is ShareLevel.MOOD_TAGS_NOTE
    )
