"""Checking a password, throttled (cohousing.staff.services.throttle), and telling an
account's owner when many wrong passwords were typed for it.

An unknown email and a known one take the same path: the same throttle, a password hashed
(a dummy one when there is no account), the same answer. The warning email is only queued
here; the scan job sends it, so a known account's answer is not slower either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cohousing.audit.services import record
from cohousing.database import claims, clock
from cohousing.extensions import db
from cohousing.organisations.services import mail_sender
from cohousing.people.services import verify_secret
from cohousing.rules import RuleError
from cohousing.staff.models import SignInWarning, StaffAccount
from cohousing.staff.services import throttle, two_factor
from cohousing.staff.services.accounts import find_account
from cohousing.staff.services.devices import KnownDevice
from cohousing.web.mail import external_link, language_of, send_claimed


@dataclass(frozen=True)
class SignInResult:
    account: StaffAccount | None
    throttled: bool = False


def authenticate(
    email: str, password: str, *, address: str | None, device: KnownDevice | None
) -> SignInResult:
    """The account when the password is right and no bucket is full."""
    account = find_account(email)
    usable = account if account is not None and account.active else None
    known = device is not None and usable is not None and device.knows(usable.id)
    buckets = throttle.sign_in_buckets(email, address, device.id if known else None)
    if not throttle.allowed(buckets):
        return SignInResult(None, throttled=True)
    right = verify_secret(usable.password_hash if usable else None, password)
    if right and usable is not None:
        throttle.forget(buckets)
        return SignInResult(usable)
    if throttle.count_failure(buckets) and usable is not None:
        queue_warning(usable)
    return SignInResult(None)


def _window_start(now: datetime) -> datetime:
    every = int(current_app.config["LOGIN_WARNING_EVERY"].total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // every * every, UTC)


def queue_warning(account: StaffAccount) -> None:
    """One warning per account per LOGIN_WARNING_EVERY: the unique key keeps the first."""
    now = clock.now()
    try:
        with db.session.begin_nested():
            db.session.add(
                SignInWarning(
                    account_id=account.id, window_start=_window_start(now), created_at=now
                )
            )
    except IntegrityError:
        return
    record("staff.sign_in_throttled", subject_staff_id=account.id)


def deliver_warnings() -> int:
    """Send every queued warning (the scan job), each claimed first; how many were sent."""
    ids = db.session.scalars(
        select(SignInWarning.id)
        .where(SignInWarning.sent_at.is_(None), claims.unclaimed(SignInWarning))
        .order_by(SignInWarning.id)
    ).all()
    return sum(_send_warning(warning_id) for warning_id in ids)


def _send_warning(warning_id: int) -> int:
    token = claims.claim(
        SignInWarning,
        SignInWarning.id == warning_id,
        SignInWarning.sent_at.is_(None),
        attempts=SignInWarning.attempts + 1,
    )
    db.session.commit()
    if token is None:
        return 0  # another run took it
    warning = claims.claimed(SignInWarning, token)[0]
    account = warning.account
    language = language_of(account.preferred_language)
    sender = mail_sender(account.organisation)
    return send_claimed(
        SignInWarning, token, account.email, language, lambda: _warning_text(warning), sender
    )


def _warning_text(warning: SignInWarning) -> tuple[str, str]:
    when = format_datetime(warning.created_at, "short")
    body = "\n\n".join(
        [
            _(
                "Several wrong passwords were typed for your Cohousing account (%(when)s).",
                when=when,
            ),
            _(
                "If it was you, there is nothing to do. If it was not, your account is safe: "
                "sign-ins for it are slowed down. You can still sign in from the browser you "
                "usually use. Tell your administrator if it happens again."
            ),
            _("Sign in here: %(link)s", link=external_link("staff.login")),
        ]
    )
    return _("Wrong passwords for your account"), body


@dataclass(frozen=True)
class CodeResult:
    right: bool
    throttled: bool = False
    recovery_codes: tuple[str, ...] = ()


def second_factor(
    account: StaffAccount,
    code: str,
    *,
    address: str | None,
    device: KnownDevice | None,
    setting_up: bool = False,
) -> CodeResult:
    """Check a code (or, `setting_up`, the first code that turns two-step sign-in on),
    throttled like the password and in the same buckets."""
    known = device is not None and device.knows(account.id)
    buckets = throttle.sign_in_buckets(account.email, address, device.id if known else None)
    if not throttle.allowed(buckets):
        return CodeResult(False, throttled=True)
    if setting_up:
        try:
            codes = two_factor.confirm(account, code)
        except RuleError:
            codes = None
        if codes is not None:
            return CodeResult(True, recovery_codes=tuple(codes))
    elif two_factor.check(account, code):
        throttle.forget(buckets)
        return CodeResult(True)
    if throttle.count_failure(buckets):
        queue_warning(account)
    return CodeResult(False)
