"""What a resident's workers see of their check-ins: the choice, its history, its rule.

Consent stays the resident's: only the resident changes it, on the tablet after their PIN
(wider or narrower, one tap). A worker may propose a change; the resident sees it on the
today screen and accepts or refuses it. Every change, proposal and answer is kept (the
resident's history) and written in the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import is_current_resident
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.staff.models import StaffAccount
from cohousing.wellbeing.models import (
    SHARE_ORDER,
    ProposalStatus,
    ShareLevel,
    ShareProposal,
    WellbeingProfile,
)
from cohousing.wellbeing.services.settings import get_settings

SHARE_LABELS = {
    ShareLevel.NOTHING: _l("Only that you checked in, not your mood"),
    ShareLevel.MOOD: _l("Your mood only"),
    ShareLevel.MOOD_TAGS: _l("Your mood and the words you choose"),
    ShareLevel.MOOD_TAGS_NOTE: _l("Your mood, the words and your note"),
}
CONSENT_WORDS = {
    "changed": _l("Changed to:"),
    "proposed": _l("A worker proposed:"),
    "accepted": _l("You accepted:"),
    "refused": _l("You said no to:"),
    "replaced": _l("No longer asked:"),
}
NOT_PENDING = _l("This proposal was already answered.")


def current_share(person: Person, household: Household) -> ShareLevel:
    latest = db.session.scalar(
        select(WellbeingProfile.share)
        .where(WellbeingProfile.person_id == person.id)
        .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        .limit(1)
    )
    return latest if latest is not None else get_settings(household).default_share


def shares_of(household: Household, person_ids: list[int]) -> dict[int, ShareLevel]:
    """What each of these residents shares now, in one query (pages listing everyone)."""
    chosen: dict[int, ShareLevel] = {}
    if person_ids:
        for person_id, share in db.session.execute(
            select(WellbeingProfile.person_id, WellbeingProfile.share)
            .where(WellbeingProfile.person_id.in_(person_ids))
            .order_by(WellbeingProfile.changed_at, WellbeingProfile.id)
        ):
            chosen[person_id] = share  # the latest row wins
    if len(chosen) < len(set(person_ids)):
        default = get_settings(household).default_share
        return {pid: chosen.get(pid, default) for pid in person_ids}
    return chosen


def shares_nothing(person_id, default_share):
    """SQL: true where the resident (a column) shares only that they checked in, their
    latest choice or else the household's default (a column; NULL for the template's,
    which is never "nothing"). For aggregates over many households in one query."""
    latest = (
        select(WellbeingProfile.share)
        .where(WellbeingProfile.person_id == person_id)
        .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        .limit(1)
        .correlate_except(WellbeingProfile)
        .scalar_subquery()
    )
    return func.coalesce(latest, default_share) == ShareLevel.NOTHING.value


def share_history(person: Person) -> list[WellbeingProfile]:
    return list(
        db.session.scalars(
            select(WellbeingProfile)
            .where(WellbeingProfile.person_id == person.id)
            .order_by(WellbeingProfile.changed_at.desc(), WellbeingProfile.id.desc())
        )
    )


def is_wider(share: ShareLevel, than: ShareLevel) -> bool:
    return SHARE_ORDER.index(share) > SHARE_ORDER.index(than)


def _replace_pending(person: Person) -> None:
    db.session.execute(
        update(ShareProposal)
        .where(
            ShareProposal.person_id == person.id,
            ShareProposal.status == ProposalStatus.PENDING,
        )
        .values(status=ProposalStatus.REPLACED, decided_at=clock.now())
        .execution_options(synchronize_session=False)
    )


def set_share(
    person: Person, household: Household, share: ShareLevel, *, by_person: Person
) -> WellbeingProfile | None:
    """The resident, signed in with their PIN, changes what workers see: wider or narrower.
    A worker's proposal still waiting is replaced by the resident's own choice. Returns None
    when nothing changes."""
    if by_person.id != person.id:
        raise RuleError(_l("Only you can change what your workers see."), "share")
    current = current_share(person, household)
    if share == current:
        return None
    _replace_pending(person)
    row = WellbeingProfile(
        person_id=person.id, share=share, changed_by_person_id=person.id, changed_at=clock.now()
    )
    db.session.add(row)
    record(
        "wellbeing.sharing_changed",
        household_id=household.id,
        subject_person_id=person.id,
        detail=f"{current.value} -> {share.value}",
    )
    return row


def propose_share(
    person: Person, household: Household, share: ShareLevel, *, staff: StaffAccount
) -> ShareProposal:
    """A worker proposes a change; nothing changes until the resident accepts it."""
    if not is_current_resident(person.id, household):
        raise RuleError(_l("Choose someone who lives in this household."), "share")
    if share == current_share(person, household):
        raise RuleError(_l("This is what they share already."), "share")
    _replace_pending(person)
    proposal = ShareProposal(
        person_id=person.id,
        household_id=household.id,
        share=share,
        proposed_by_staff_id=staff.id,
        proposed_at=clock.now(),
        status=ProposalStatus.PENDING,
    )
    db.session.add(proposal)
    db.session.flush()
    record(
        "wellbeing.sharing_proposed",
        household_id=household.id,
        subject_person_id=person.id,
        detail=f"#{proposal.id} {share.value}",
    )
    return proposal


def pending_proposal(person: Person) -> ShareProposal | None:
    return db.session.scalar(
        select(ShareProposal)
        .options(selectinload(ShareProposal.proposed_by_staff))
        .where(ShareProposal.person_id == person.id, ShareProposal.status == ProposalStatus.PENDING)
        .order_by(ShareProposal.proposed_at.desc(), ShareProposal.id.desc())
        .limit(1)
    )


def answer_proposal(
    person: Person, household: Household, proposal_id: int | None, *, accept: bool
) -> WellbeingProfile | None:
    """The resident accepts (what workers see changes) or refuses a proposal made to them.
    Someone else's proposal, or one already answered, is refused with a message."""
    proposal = db.session.get(ShareProposal, proposal_id) if proposal_id else None
    if proposal is None or proposal.person_id != person.id:
        raise RuleError(NOT_PENDING)
    now = clock.now()
    taken = db.session.execute(  # a double tap answers once
        update(ShareProposal)
        .where(ShareProposal.id == proposal.id, ShareProposal.status == ProposalStatus.PENDING)
        .values(
            status=ProposalStatus.ACCEPTED if accept else ProposalStatus.REFUSED, decided_at=now
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise RuleError(NOT_PENDING)
    db.session.expire(proposal)
    record(
        "wellbeing.sharing_accepted" if accept else "wellbeing.sharing_refused",
        household_id=household.id,
        subject_person_id=person.id,
        detail=f"#{proposal.id} {proposal.share.value}",
    )
    if not accept or proposal.share == current_share(person, household):
        return None
    row = WellbeingProfile(
        person_id=person.id,
        share=proposal.share,
        changed_by_person_id=person.id,
        changed_at=now,
    )
    db.session.add(row)
    record("wellbeing.sharing_changed", household_id=household.id, subject_person_id=person.id)
    return row


@dataclass(frozen=True)
class ConsentEntry:
    """One line of the resident's history of what they share."""

    at: datetime
    what: str  # changed | proposed | accepted | refused | replaced
    share: ShareLevel
    staff_name: str | None = None


def consent_history(person: Person, limit: int = 10) -> list[ConsentEntry]:
    """Every change of what the resident shares, and every proposal and its answer."""
    entries = [
        ConsentEntry(
            row.changed_at,
            "changed",
            row.share,
            row.changed_by_staff.display_name if row.changed_by_staff else None,
        )
        for row in share_history(person)
    ]
    proposals = db.session.scalars(
        select(ShareProposal)
        .options(selectinload(ShareProposal.proposed_by_staff))
        .where(ShareProposal.person_id == person.id)
    )
    for p in proposals:
        name = p.proposed_by_staff.display_name if p.proposed_by_staff else None
        entries.append(ConsentEntry(p.proposed_at, "proposed", p.share, name))
        if p.decided_at is not None and p.status is not ProposalStatus.PENDING:
            entries.append(ConsentEntry(p.decided_at, p.status.value, p.share, name))
    order = {"proposed": 0, "replaced": 1, "refused": 1, "accepted": 1, "changed": 2}
    entries.sort(key=lambda e: (e.at, order[e.what]), reverse=True)
    return entries[:limit]


def shows_mood(share: ShareLevel) -> bool:
    """Whether workers see the mood at this level: every level but "nothing"."""
    return share is not ShareLevel.NOTHING


def visible_fields(share: ShareLevel) -> tuple[bool, bool]:
    """(tags, note) that workers see at this level (never without the mood)."""
    return share in (ShareLevel.MOOD_TAGS, ShareLevel.MOOD_TAGS_NOTE), (
        share is ShareLevel.MOOD_TAGS_NOTE
    )
