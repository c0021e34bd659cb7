"""Concerns: raise, acknowledge, resolve, and who may see them. Other areas call
`raise_concern` too (arrears, overdue visits, mediation).

Every change writes a ConcernEvent and an audit row. Alerts are only queued here
(ConcernAlert rows); `alerts.deliver_pending` sends them after the caller commits.
Which concern a URL names, and whether its household may be opened, is decided by the
scope (`cohousing.security.scope`) before any of this runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from cohousing.audit.services import record
from cohousing.database import claims, clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents, current_worker_links
from cohousing.organisations.services import escalate_after
from cohousing.people.models import Person
from cohousing.rules import RuleError
from cohousing.security import households_visible_to_staff
from cohousing.staff.models import Role, StaffAccount
from cohousing.web.parsing import clean_text
from cohousing.wellbeing.models import (
    AlertReason,
    Concern,
    ConcernAlert,
    ConcernEvent,
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    Urgency,
)
from cohousing.wellbeing.services.checkins import MAX_NOTE

KIND_LABELS = {
    ConcernKind.HELP_REQUEST: _l("Asked for help"),
    ConcernKind.WORRIED_ABOUT: _l("A housemate is worried"),
    ConcernKind.MISSED_CHECKINS: _l("Missed check-ins"),
    ConcernKind.LOW_MOOD: _l("Low mood"),
    ConcernKind.ARREARS: _l("Rent arrears"),
    ConcernKind.OVERDUE_VISIT: _l("Visit overdue"),
    ConcernKind.MEDIATION: _l("Mediation"),
    ConcernKind.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ConcernStatus.OPEN: lazy_pgettext("concern", "Open"),
    ConcernStatus.ACKNOWLEDGED: _l("Acknowledged"),
    ConcernStatus.RESOLVED: _l("Resolved"),
}

EVENT_LABELS = {
    "raised": _l("Raised"),
    "acknowledged": _l("Acknowledged"),
    "resolved": _l("Resolved"),
    "escalated": _l("Not acknowledged in time: sent to the coordinators"),
}


def _event(
    concern: Concern,
    action: str,
    to_status: ConcernStatus | None = None,
    note: str = "",
    staff_id: int | None = None,
    person_id: int | None = None,
) -> None:
    db.session.add(
        ConcernEvent(
            concern=concern,
            at=clock.now(),
            action=action,
            from_status=concern.status.value if concern.status else "",
            to_status=(to_status or concern.status).value,
            staff_id=staff_id,
            person_id=person_id,
            note=note,
        )
    )


def linked_workers(household: Household) -> list[StaffAccount]:
    """The workers following the household today (active accounts only)."""
    seen: dict[int, StaffAccount] = {}
    for link in current_worker_links(household):
        if link.worker.active:
            seen.setdefault(link.worker.id, link.worker)
    return list(seen.values())


def active_coordinators(organisation_id: int) -> list[StaffAccount]:
    """There is no per-household coordinator link: escalation goes to every coordinator of
    the organisation that runs the household (never to another organisation's)."""
    return list(
        db.session.scalars(
            select(StaffAccount).where(
                StaffAccount.role == Role.COORDINATOR,
                StaffAccount.active.is_(True),
                StaffAccount.organisation_id == organisation_id,
            )
        )
    )


def queue_alert(concern: Concern, staff_id: int, reason: AlertReason) -> ConcernAlert | None:
    """Queue one alert; a second one for the same concern, person and reason is ignored."""
    alert = ConcernAlert(concern=concern, staff_id=staff_id, reason=reason, created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(alert)
    except IntegrityError:
        return None
    return alert


def raise_concern(
    household: Household,
    kind: ConcernKind,
    *,
    urgency: Urgency = Urgency.NORMAL,
    source: ConcernSource = ConcernSource.RULE,
    person_id: int | None = None,
    raised_by_person_id: int | None = None,
    raised_by_staff_id: int | None = None,
    dedupe_key: str | None = None,
    note: str = "",
    without_pin: bool = False,
    created_at: datetime | None = None,
) -> Concern | None:
    """Raise a concern once. With a `dedupe_key` already used, nothing happens (None).

    Urgent concerns queue an alert for each linked worker at once; the others wait for
    the daily digest.
    """
    note = clean_text(note or "").strip()
    if len(note) > MAX_NOTE:
        raise RuleError(_l("The note is too long: up to 2,000 characters."), "note")
    concern = Concern(
        household_id=household.id,
        person_id=person_id,
        kind=kind,
        urgency=urgency,
        source=source,
        raised_by_person_id=raised_by_person_id,
        raised_by_staff_id=raised_by_staff_id,
        dedupe_key=dedupe_key,
        note=note,
        without_pin=without_pin,
        status=ConcernStatus.OPEN,
        created_at=created_at or clock.now(),  # a help request queued offline: when made
    )
    try:
        with db.session.begin_nested():
            db.session.add(concern)
    except IntegrityError:
        return None  # the same concern was raised before (or by a scan running alongside)
    _event(concern, "raised", staff_id=raised_by_staff_id, person_id=raised_by_person_id)
    record(
        "concern.raised",
        household_id=household.id,
        subject_person_id=person_id,
        detail=f"{kind.value} #{concern.id}",
    )
    if urgency is Urgency.URGENT:
        workers = linked_workers(household)
        for worker in workers:
            queue_alert(concern, worker.id, AlertReason.URGENT)
        if not workers:  # nobody follows the household: the coordinators at once
            _escalate(concern, clock.now())
    return concern


def acknowledge(concern: Concern, staff: StaffAccount) -> bool:
    """Open → acknowledged, once. Two workers pressing at the same moment both read "open";
    the conditional UPDATE lets one through. False when it was not open any more (someone
    else was quicker): nothing is written then."""
    now = clock.now()
    if concern.status is not ConcernStatus.OPEN:
        return False
    if not claims.take(
        Concern,
        Concern.id == concern.id,
        Concern.status == ConcernStatus.OPEN,
        status=ConcernStatus.ACKNOWLEDGED,
        acknowledged_by_id=staff.id,
        acknowledged_at=now,
    ):
        db.session.expire(concern)  # what the quicker one wrote
        return False
    _event(concern, "acknowledged", ConcernStatus.ACKNOWLEDGED, staff_id=staff.id)
    _committed(concern, status=ConcernStatus.ACKNOWLEDGED, acknowledged_by_id=staff.id)
    _committed(concern, acknowledged_at=now)
    record("concern.acknowledged", household_id=concern.household_id, detail=f"#{concern.id}")
    return True


def _committed(concern: Concern, **values) -> None:
    """Tell the loaded concern what a conditional UPDATE has already written."""
    for key, value in values.items():
        set_committed_value(concern, key, value)


def resolve(concern: Concern, staff: StaffAccount, note: str) -> None:
    """Close a concern with a note; everyone alerted about it is told it is closed."""
    note = clean_text(note or "").strip()
    if concern.status is ConcernStatus.RESOLVED:
        raise RuleError(_l("This concern is already resolved."))
    if not note:
        raise RuleError(_l("Write what was done, to resolve the concern."), "note")
    if len(note) > MAX_NOTE:
        raise RuleError(_l("The note is too long: up to 2,000 characters."), "note")
    if concern.status is ConcernStatus.OPEN:
        acknowledge(concern, staff)
    now = clock.now()
    if not claims.take(  # two workers resolving at the same moment: one resolution
        Concern,
        Concern.id == concern.id,
        Concern.status != ConcernStatus.RESOLVED,
        status=ConcernStatus.RESOLVED,
        resolved_by_id=staff.id,
        resolved_at=now,
        resolution_note=note,
    ):
        db.session.expire(concern)
        raise RuleError(_l("This concern is already resolved."))
    _event(concern, "resolved", ConcernStatus.RESOLVED, note=note, staff_id=staff.id)
    _committed(concern, status=ConcernStatus.RESOLVED, resolved_by_id=staff.id)
    _committed(concern, resolved_at=now, resolution_note=note)
    record("concern.resolved", household_id=concern.household_id, detail=f"#{concern.id}")
    told = db.session.scalars(
        select(ConcernAlert.staff_id)
        .where(
            ConcernAlert.concern_id == concern.id,
            ConcernAlert.reason != AlertReason.CLOSED,
            ConcernAlert.sent_at.is_not(None),
        )
        .distinct()
    )
    for staff_id in sorted(set(told)):
        if staff_id != staff.id:
            queue_alert(concern, staff_id, AlertReason.CLOSED)


def escalate_due(now=None) -> list[Concern]:
    """Urgent concerns nobody acknowledged within their organisation's escalation time
    (ESCALATE_AFTER when it set none) go to its coordinators. Returns the ones this run
    escalated (a run alongside escalates the others)."""
    now = now or clock.now()
    waiting = db.session.scalars(
        select(Concern)
        .where(
            Concern.urgency == Urgency.URGENT,
            Concern.status == ConcernStatus.OPEN,
            Concern.escalated_at.is_(None),
            Concern.created_at <= now - timedelta(minutes=1),  # the shortest time allowed
        )
        .order_by(Concern.id)
    ).all()
    due = [c for c in waiting if c.created_at <= now - escalate_after(c.household.organisation)]
    return [concern for concern in due if _escalate(concern, now)]


def escalate(concern: Concern, now) -> bool:
    """Tell the coordinators about `concern` now, once (the alert ladder's last step)."""
    return _escalate(concern, now)


def _escalate(concern: Concern, now) -> bool:
    """Escalate once: the conditional UPDATE lets one process through, in the transaction
    that writes the event and queues the coordinators' alerts. Another run's UPDATE (or
    one after an acknowledgement) changes no row, and it writes nothing."""
    if not claims.take(
        Concern,
        Concern.id == concern.id,
        Concern.status == ConcernStatus.OPEN,
        Concern.escalated_at.is_(None),
        escalated_at=now,
    ):
        db.session.expire(concern)  # what the other run (or the acknowledger) wrote
        return False
    set_committed_value(concern, "escalated_at", now)
    _event(concern, "escalated")
    for coordinator in active_coordinators(concern.household.organisation_id):
        queue_alert(concern, coordinator.id, AlertReason.ESCALATED)
    return True


# --- what residents raise from the tablet ---------------------------------------------


def request_help(
    household: Household, resident: Person, *, submission_id: str | None = None
) -> Concern | None:
    """The resident pressed "I need help": an urgent concern, alerting the linked workers
    at once. The same form sent twice (a double tap) raises it once: the second gets
    AlreadySubmitted."""
    idempotency.claim(submission_id)
    return raise_concern(
        household,
        ConcernKind.HELP_REQUEST,
        urgency=Urgency.URGENT,
        source=ConcernSource.PERSON,
        person_id=resident.id,
        raised_by_person_id=resident.id,
    )


def housemates(household: Household, resident: Person) -> list[Person]:
    """The other current residents: whom a resident may be worried about."""
    return [p for p in current_residents(household) if p.id != resident.id]


def report_worry(
    household: Household,
    resident: Person,
    person_id: int | None,
    note: str = "",
    *,
    submission_id: str | None = None,
) -> Concern | None:
    """The resident is worried about a housemate: only a current one (the id comes from
    the form), and only the workers see it."""
    if person_id not in {p.id for p in housemates(household, resident)}:
        raise RuleError(_l("Choose the housemate you are worried about."), "person_id")
    idempotency.claim(submission_id)
    return raise_concern(
        household,
        ConcernKind.WORRIED_ABOUT,
        source=ConcernSource.PERSON,
        person_id=person_id,
        raised_by_person_id=resident.id,
        note=note,
    )


# --- who sees what -----------------------------------------------------------------------


def visible_concerns(
    status: ConcernStatus | None = None, household_id: int | None = None
) -> Select[tuple[Concern]]:
    """The signed-in staff member's concerns: of the households they may open (a manager's
    organisation's, a worker's linked ones)."""
    visible = households_visible_to_staff().with_only_columns(Household.id)
    query = select(Concern).where(Concern.household_id.in_(visible))
    if status is not None:
        query = query.where(Concern.status == status)
    if household_id is not None:
        query = query.where(Concern.household_id == household_id)
    urgent_first = case((Concern.urgency == Urgency.URGENT, 0), else_=1)
    return query.order_by(urgent_first, Concern.created_at, Concern.id)


def visible_household(household_id: int) -> Household | None:
    """The household a concern list is filtered by (?household=), if the signed-in staff
    member may open it; None otherwise, unknown or not theirs alike."""
    return db.session.scalar(households_visible_to_staff().where(Household.id == household_id))


def concern_page(
    status: ConcernStatus | None, household: Household | None, limit: int = 200
) -> list[Concern]:
    """The concerns list, with what each card shows loaded alongside: lazily it was two
    queries per household and person on the page (37 for a coordinator at city scale)."""
    query = visible_concerns(status, household.id if household is not None else None)
    query = query.options(
        joinedload(Concern.household),
        joinedload(Concern.person),
        joinedload(Concern.acknowledged_by),
        joinedload(Concern.resolved_by),
    )
    return list(db.session.scalars(query.limit(limit)).unique())


def count_open_visible() -> int:
    """For the badge in the staff bar: open concerns the signed-in staff member may see."""
    query = visible_concerns(ConcernStatus.OPEN).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def raised_by(person_id: int, limit: int = 20) -> list[Concern]:
    """What a resident raised themselves, newest first (they see only that it was sent)."""
    return list(
        db.session.scalars(
            select(Concern)
            .where(Concern.raised_by_person_id == person_id)
            .order_by(Concern.created_at.desc(), Concern.id.desc())
            .limit(limit)
        )
    )
