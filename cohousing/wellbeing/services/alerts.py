"""Email alerts about concerns. They say only that there is a concern in a household,
with a link: never a name, a mood, a tag or a note (least privilege in mailboxes).

Alerts are rows (ConcernAlert) queued inside the transaction that raised them, and sent
after it commits. Every email is claimed before it is written (one conditional UPDATE,
committed: `cohousing.database.claims`), so two scans, or a scan and a request, never
send the same one; it is marked sent in its own short transaction as soon as the SMTP
server took it. A failed send gives the claim back and the next `flask cohousing scan`
tries again; the claim of a process that died mid-send expires and the email goes late.
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from cohousing.database import claims
from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.organisations.services import mail_sender
from cohousing.security import current_link_clause
from cohousing.staff.models import Role, StaffAccount
from cohousing.web.mail import external_link, language_of, send_claimed
from cohousing.wellbeing.models import AlertReason, Concern, ConcernAlert, ConcernStatus, Urgency
from cohousing.wellbeing.services.concerns import queue_alert

log = logging.getLogger(__name__)


def _alert_text(alert: ConcernAlert) -> tuple[str, str]:
    concern: Concern = alert.concern
    house = concern.household.name
    link = external_link("wellbeing.concern_detail", concern_id=concern.id)
    if alert.reason is AlertReason.CLOSED:
        subject = _("Concern closed in %(house)s", house=house)
        lead = _("A concern about a resident of %(house)s was resolved.", house=house)
    elif alert.reason is AlertReason.ESCALATED:
        subject = _("Urgent concern not yet acknowledged in %(house)s", house=house)
        lead = _(
            "An urgent concern about a resident of %(house)s has not been acknowledged "
            "yet. Please look at it now.",
            house=house,
        )
    else:
        subject = _("Urgent concern in %(house)s", house=house)
        lead = _("There is a new urgent concern about a resident of %(house)s.", house=house)
    body = "\n\n".join(
        [
            lead,
            _("Open it here: %(link)s", link=link),
            _("For privacy, this email gives no details. Sign in to see them."),
        ]
    )
    return subject, body


def deliver_pending(alert_ids: list[int] | None = None) -> int:
    """Send queued alerts (all, or `alert_ids`), except digests; returns how many it sent.

    Each one is claimed, sent and marked sent on its own (`_send_alert`), so a process
    running alongside sends the others, never the same one.
    """
    query = (
        select(ConcernAlert.id)
        .join(StaffAccount, StaffAccount.id == ConcernAlert.staff_id)
        .where(
            ConcernAlert.sent_at.is_(None),
            ConcernAlert.reason != AlertReason.DIGEST,
            StaffAccount.active.is_(True),  # an inactive account is told nothing
            claims.unclaimed(ConcernAlert),
        )
    )
    if alert_ids is not None:
        if not alert_ids:
            return 0
        query = query.where(ConcernAlert.id.in_(alert_ids))
    due = list(db.session.scalars(query.order_by(ConcernAlert.id)))
    return sum(_send_alert(alert_id) for alert_id in due)


def _send_alert(alert_id: int) -> int:
    """Claim one alert (committed), send it, mark it sent (committed): 1 if this process
    sent it, 0 if another one has it or the send failed (given back for the next scan)."""
    token = claims.claim(
        ConcernAlert,
        ConcernAlert.id == alert_id,
        ConcernAlert.sent_at.is_(None),
        attempts=ConcernAlert.attempts + 1,
    )
    db.session.commit()
    if token is None:
        return 0  # another process is sending it, or has sent it
    alert = db.session.get(ConcernAlert, alert_id)
    sender = mail_sender(alert.concern.household.organisation)  # the household's
    return _send_claimed(token, alert.staff, lambda: _alert_text(alert), sender)


def pending_for(concern: Concern | None) -> list[int]:
    """Ids of the alerts about `concern` still to send, for the request that queued them."""
    if concern is None:
        return []
    db.session.flush()
    return list(
        db.session.scalars(
            select(ConcernAlert.id).where(
                ConcernAlert.concern_id == concern.id,
                ConcernAlert.sent_at.is_(None),
                ConcernAlert.reason != AlertReason.DIGEST,
            )
        )
    )


# --- the daily digest -----------------------------------------------------------------------


def _queue_digests() -> None:
    """Queue each worker's new non-urgent concerns of the households they follow today.

    A run alongside may queue the same rows: each one is a savepoint on the unique key
    (concern, staff, reason), in one order (worker, household, concern), so the second
    insert waits for the first and then adds nothing.
    """
    links = db.session.execute(
        select(WorkerLink.worker_id, WorkerLink.household_id)
        .join(StaffAccount, StaffAccount.id == WorkerLink.worker_id)
        .where(StaffAccount.active.is_(True), StaffAccount.role == Role.WORKER)
        .distinct()
        .order_by(WorkerLink.worker_id, WorkerLink.household_id)
    ).all()
    for worker_id, household_id in links:
        household = db.session.get(Household, household_id)
        link_current = db.session.scalar(
            select(WorkerLink.id).where(
                WorkerLink.worker_id == worker_id,
                WorkerLink.household_id == household_id,
                current_link_clause(household.today()),
            )
        )
        if link_current is None:
            continue
        already = select(ConcernAlert.concern_id).where(
            ConcernAlert.staff_id == worker_id, ConcernAlert.reason == AlertReason.DIGEST
        )
        concerns = db.session.scalars(
            select(Concern)
            .where(
                Concern.household_id == household_id,
                Concern.urgency == Urgency.NORMAL,
                Concern.status != ConcernStatus.RESOLVED,
                Concern.id.not_in(already),
            )
            .order_by(Concern.id)
        )
        for concern in list(concerns):
            queue_alert(concern, worker_id, AlertReason.DIGEST)
    db.session.commit()


def send_digests() -> int:
    """One email per worker: how many new concerns per household, with links.

    Each worker's unsent digest rows are claimed together, in one conditional UPDATE
    committed before the email is written, so two runs at once send one digest; they are
    marked sent right after the SMTP server took it.
    """
    _queue_digests()
    staff_ids = db.session.scalars(
        select(ConcernAlert.staff_id)
        .where(
            ConcernAlert.reason == AlertReason.DIGEST,
            ConcernAlert.sent_at.is_(None),
            claims.unclaimed(ConcernAlert),
        )
        .distinct()
        .order_by(ConcernAlert.staff_id)
    ).all()
    return sum(_send_digest(staff_id) for staff_id in staff_ids)


def _send_digest(staff_id: int) -> int:
    """Claim, send and mark one worker's digest: 1 if this process sent it."""
    token = claims.claim(
        ConcernAlert,
        ConcernAlert.staff_id == staff_id,
        ConcernAlert.reason == AlertReason.DIGEST,
        ConcernAlert.sent_at.is_(None),
        attempts=ConcernAlert.attempts + 1,
    )
    db.session.commit()
    if token is None:
        return 0  # another run took this worker's digest
    alerts = claims.claimed(ConcernAlert, token)
    staff = alerts[0].staff  # a digest may cover several organisations: the worker's own
    return _send_claimed(
        token, staff, lambda: _digest_text(alerts), mail_sender(staff.organisation)
    )


def _send_claimed(token: str, staff: StaffAccount, text, sender: str) -> int:
    """Send the email of the alerts claimed with `token` in the staff member's language,
    from `sender` (an organisation's address)."""
    language = language_of(staff.preferred_language)
    return send_claimed(ConcernAlert, token, staff.email, language, text, sender)


def _digest_text(alerts: list[ConcernAlert]) -> tuple[str, str]:
    per_house: dict[int, tuple[Household, int]] = {}
    for alert in alerts:
        house = alert.concern.household
        per_house[house.id] = (house, per_house.get(house.id, (house, 0))[1] + 1)
    lines = [_("New concerns in the households you follow:"), ""]
    for house, count in per_house.values():
        lines.append(
            ngettext(
                "%(house)s: %(num)d new concern",
                "%(house)s: %(num)d new concerns",
                count,
                house=house.name,
            )
        )
        lines.append("  " + external_link("wellbeing.concern_list", household=house.id))
    lines += ["", _("For privacy, this email gives no details. Sign in to see them.")]
    return _("Your daily summary of concerns"), "\n".join(lines)
