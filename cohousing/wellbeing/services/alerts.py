"""Email alerts about concerns. They say only that there is a concern in a household,
with a link: never a name, a mood, a tag or a note (least privilege in mailboxes).

Alerts are rows (ConcernAlert) queued inside the transaction that raised them, and sent
after it commits; a row is marked sent only after the SMTP server took it, so a failed
send is retried by the next `flask cohousing scan`.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from contextlib import contextmanager
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update

from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, WorkerLink
from cohousing.security import current_link_clause
from cohousing.staff.models import Role, StaffAccount
from cohousing.wellbeing.models import AlertReason, Concern, ConcernAlert, ConcernStatus, Urgency

log = logging.getLogger(__name__)


@contextmanager
def _url_context():
    """Links in emails need the public address, also from the command line."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["APP_BASE_URL"]):
        yield


def _link(endpoint: str, **values) -> str:
    with _url_context():
        return url_for(endpoint, _external=True, **values)


def _language(staff: StaffAccount) -> str:
    languages = current_app.config["LANGUAGES"]
    if staff.preferred_language in languages:
        return staff.preferred_language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def send_email(to: str, subject: str, body: str) -> None:
    """Send one plain email; without MAIL_SERVER it is written to the log instead."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        log.warning("MAIL_SERVER is not set; this email was not sent:\n%s", message)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _alert_text(alert: ConcernAlert) -> tuple[str, str]:
    concern: Concern = alert.concern
    house = concern.household.name
    link = _link("wellbeing.concern_detail", concern_id=concern.id)
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
    """Send queued alerts (all, or `alert_ids`), except digests; commits each one sent."""
    query = select(ConcernAlert).where(
        ConcernAlert.sent_at.is_(None), ConcernAlert.reason != AlertReason.DIGEST
    )
    if alert_ids is not None:
        if not alert_ids:
            return 0
        query = query.where(ConcernAlert.id.in_(alert_ids))
    sent = 0
    for alert in list(db.session.scalars(query.order_by(ConcernAlert.id))):
        staff = alert.staff
        if not staff.active or not _claim(alert):
            continue  # an inactive account, or another process is sending this one
        try:
            with force_locale(_language(staff)):
                subject, body = _alert_text(alert)
            send_email(staff.email, subject, body)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send concern alert %s; the next scan tries again", alert.id)
            continue
        alert.sent_at = clock.now()
        db.session.commit()
        sent += 1
    return sent


def _claim(alert: ConcernAlert) -> bool:
    """Count this attempt, unless another process counted it first (then it sends it)."""
    tried = alert.attempts
    claimed = db.session.execute(
        update(ConcernAlert)
        .where(
            ConcernAlert.id == alert.id,
            ConcernAlert.sent_at.is_(None),
            ConcernAlert.attempts == tried,
        )
        .values(attempts=tried + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(alert)
    return claimed == 1


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
    """Queue each worker's new non-urgent concerns of the households they follow today."""
    links = db.session.execute(
        select(WorkerLink.worker_id, WorkerLink.household_id)
        .join(StaffAccount, StaffAccount.id == WorkerLink.worker_id)
        .where(StaffAccount.active.is_(True), StaffAccount.role == Role.WORKER)
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
            select(Concern).where(
                Concern.household_id == household_id,
                Concern.urgency == Urgency.NORMAL,
                Concern.status != ConcernStatus.RESOLVED,
                Concern.id.not_in(already),
            )
        )
        for concern in concerns:
            db.session.add(
                ConcernAlert(
                    concern=concern,
                    staff_id=worker_id,
                    reason=AlertReason.DIGEST,
                    created_at=clock.now(),
                )
            )
    db.session.commit()


def send_digests() -> int:
    """One email per worker: how many new concerns per household, with links."""
    _queue_digests()
    pending = list(
        db.session.scalars(
            select(ConcernAlert)
            .where(ConcernAlert.reason == AlertReason.DIGEST, ConcernAlert.sent_at.is_(None))
            .order_by(ConcernAlert.staff_id, ConcernAlert.id)
        )
    )
    by_staff: dict[int, list[ConcernAlert]] = defaultdict(list)
    for alert in pending:
        by_staff[alert.staff_id].append(alert)
    sent = 0
    for alerts in by_staff.values():
        staff = alerts[0].staff
        try:
            with force_locale(_language(staff)):
                subject, body = _digest_text(alerts)
            send_email(staff.email, subject, body)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send the digest to staff %s; next run tries again", staff.id)
            continue
        for alert in alerts:
            alert.attempts += 1
            alert.sent_at = clock.now()
        db.session.commit()
        sent += 1
    return sent


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
        lines.append("  " + _link("wellbeing.concern_list", household=house.id))
    lines += ["", _("For privacy, this email gives no details. Sign in to see them.")]
    return _("Your daily summary of concerns"), "\n".join(lines)
