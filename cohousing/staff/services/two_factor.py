"""The second factor for local passwords: TOTP (pyotp), with ten recovery codes.

Set-up: `start` keeps a new secret on the account, waiting; the first right code from the
authenticator app turns it on (`confirm`) and makes ten recovery codes, shown once and kept
as SHA-256. Admins must have it (cohousing.staff.views.sign_in sends them to set-up after
their password); for others it is optional. A code is accepted for its 30-second step or
the steps either side (clocks drift), once: the step is written with a conditional UPDATE,
so the same code, even sent twice at once, signs in once. Time is the app's clock.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

import pyotp
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from cohousing.audit.services import record
from cohousing.database import claims, clock
from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.staff.models import RecoveryCode, StaffAccount

ISSUER = "Cohousing"
RECOVERY_CODES = 10
STEP_SECONDS = 30


def _totp(account: StaffAccount) -> pyotp.TOTP:
    return pyotp.TOTP(account.totp_secret or "", interval=STEP_SECONDS)


def start(account: StaffAccount) -> None:
    """A new secret, waiting for its first code (starting again replaces it)."""
    if account.has_two_factor:
        raise RuleError(_l("Two-step sign-in is already on."))
    account.totp_secret = pyotp.random_base32()
    account.totp_last_step = None


def setup_uri(account: StaffAccount) -> str:
    """What the QR code holds: the otpauth:// address authenticator apps read."""
    return _totp(account).provisioning_uri(name=account.email, issuer_name=ISSUER)


def grouped_secret(account: StaffAccount) -> str:
    """The secret in groups of four, for typing it in instead of scanning."""
    secret = account.totp_secret or ""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(account: StaffAccount, code: str) -> int | None:
    """The 30-second step (now, or one either side) whose code is `code`."""
    now = int(clock.now().timestamp())
    totp = _totp(account)
    for step in (now // STEP_SECONDS, now // STEP_SECONDS - 1, now // STEP_SECONDS + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _use_step(account: StaffAccount, step: int) -> bool:
    """Take the step for this account unless a code of it (or a later one) was used."""
    taken = claims.take(
        StaffAccount,
        StaffAccount.id == account.id,
        or_(StaffAccount.totp_last_step.is_(None), StaffAccount.totp_last_step < step),
        totp_last_step=step,
    )
    if taken:
        account.totp_last_step = step
    return taken


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def check(account: StaffAccount, code: str) -> bool:
    """True for a right, unused code from the app, or an unused recovery code."""
    if not account.totp_secret:
        return False
    code = _clean(code)
    if re.fullmatch(r"[0-9]{6}", code):
        step = _matching_step(account, code)
        return step is not None and _use_step(account, step)
    used = claims.take(
        RecoveryCode,
        RecoveryCode.account_id == account.id,
        RecoveryCode.code_hash == _digest(code),
        RecoveryCode.used_at.is_(None),
        used_at=clock.now(),
    )
    if used:
        record("staff.recovery_code_used", subject_staff_id=account.id)
    return used


def confirm(account: StaffAccount, code: str) -> list[str]:
    """Turn two-step sign-in on with the first code; the recovery codes, shown once."""
    if account.has_two_factor:
        raise RuleError(_l("Two-step sign-in is already on."))
    code = _clean(code)
    step = _matching_step(account, code) if re.fullmatch(r"[0-9]{6}", code) else None
    if not account.totp_secret or step is None or not _use_step(account, step):
        raise RuleError(_l("This code is not right. Type the 6 digits the app shows now."), "code")
    account.totp_enabled_at = clock.now()
    record("staff.two_factor_on", subject_staff_id=account.id)
    return _new_recovery_codes(account)


def _new_recovery_codes(account: StaffAccount) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 80 bits, 16 letters
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
        db.session.add(RecoveryCode(account_id=account.id, code_hash=_digest(raw)))
    return codes


def turn_off(account: StaffAccount, code: str) -> None:
    """Off again, with a right code; an admin must keep it."""
    if account.must_have_two_factor:
        raise RuleError(_l("Administrators must keep two-step sign-in."))
    if not check(account, code):
        raise RuleError(_l("This code is not right. Type the 6 digits the app shows now."), "code")
    account.totp_secret = None
    account.totp_enabled_at = None
    account.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    record("staff.two_factor_off", subject_staff_id=account.id)


def remaining_recovery_codes(account: StaffAccount) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None)
        )
    )
