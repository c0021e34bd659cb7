"""Enrolling a tablet with a one-time code, the household's tablets, revoking one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from cohousing.audit.services import record
from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import HouseholdSummary, on_household_summaries
from cohousing.rules import RuleError
from cohousing.tablet.models import EnrolmentCode, Tablet

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no look-alikes (0/O, 1/I/L, 5/S, 8/B)
CODE_LENGTH = 8
DEFAULT_TABLET_NAME = _l("House tablet")
CODE_UNKNOWN = _l("This code is not valid. It may be used already. Ask for a new code.")
CODE_EXPIRED = _l("This code has expired. Codes last 15 minutes. Ask for a new code.")


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(raw: str | None) -> str:
    """Letters in any case, spaces and dashes ignored: what a person types off a screen.
    Only ASCII letters and digits count ("²" or a NUL character is simply dropped)."""
    return "".join(ch for ch in (raw or "").upper() if ch.isascii() and ch.isalnum())


def group_code(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH, easier to read aloud and to type."""
    return f"{code[:4]}-{code[4:]}"


def start_enrolment(
    household: Household,
    tablet_name: str,
    staff_id: int | None,
    *,
    submission_id: str | None = None,
) -> str:
    """Create a one-time code for `household`; returns the code in clear, shown once.

    `staff_id` is None when the code comes from the command line. `submission_id` makes a
    form sent twice make one code (the second raises idempotency.AlreadySubmitted).
    """
    idempotency.claim(submission_id)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    ttl = current_app.config["TABLET_ENROL_CODE_TTL"]
    name = (tablet_name or "").strip()[:80] or str(DEFAULT_TABLET_NAME)
    db.session.add(
        EnrolmentCode(
            household_id=household.id,
            code_hash=sha256(code),
            tablet_name=name,
            created_by_id=staff_id,
            created_at=clock.now(),
            expires_at=clock.now() + ttl,
        )
    )
    record("tablet.enrolment_started", household_id=household.id, detail=name)
    return code


def enrolment_expiry(code: str) -> datetime | None:
    enrolment = db.session.scalar(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == sha256(normalise_code(code)))
    )
    return enrolment.expires_at if enrolment else None


def complete_enrolment(raw_code: str) -> tuple[Tablet, str]:
    """Use a code once; returns the new tablet and its device secret for the cookie.

    An unknown, used or expired code is a RuleError on the field "code"."""
    code = normalise_code(raw_code)
    now = clock.now()
    enrolment = db.session.scalar(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == sha256(code))
    )
    if enrolment is None or enrolment.used_at is not None:
        raise RuleError(CODE_UNKNOWN, "code")
    if enrolment.expires_at <= now:
        raise RuleError(CODE_EXPIRED, "code")
    # Claim the code atomically so two tablets typing it at once cannot both enrol.
    claimed = db.session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.id == enrolment.id, EnrolmentCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise RuleError(CODE_UNKNOWN, "code")
    secret = secrets.token_urlsafe(32)
    tablet = Tablet(
        household_id=enrolment.household_id,
        name=enrolment.tablet_name,
        secret_hash=sha256(secret),
        enrolled_by_id=enrolment.created_by_id,
        enrolled_at=now,
        last_seen_at=now,
    )
    db.session.add(tablet)
    db.session.flush()
    enrolment.tablet_id = tablet.id
    record("tablet.enrolled", household_id=tablet.household_id, detail=tablet.name)
    return tablet, secret


def household_tablets(household: Household) -> list[Tablet]:
    """Active tablets first, newest first: what the household page lists."""
    return list(
        db.session.scalars(
            select(Tablet)
            .where(Tablet.household_id == household.id)
            .order_by(Tablet.revoked_at.is_not(None), Tablet.enrolled_at.desc(), Tablet.id)
        )
    )


def revoke(tablet: Tablet) -> None:
    """From its next request the tablet is "not enrolled"; a signed-in resident is out too."""
    if tablet.revoked_at is None:
        tablet.revoked_at = clock.now()
        record("tablet.revoked", household_id=tablet.household_id, detail=tablet.name)


@on_household_summaries
def count_tablets(summaries: dict[int, HouseholdSummary]) -> None:
    """The households list: active tablets and when one was last used, one query for all."""
    rows = db.session.execute(
        select(Tablet.household_id, func.count(Tablet.id), func.max(Tablet.last_seen_at))
        .where(Tablet.household_id.in_(list(summaries)), Tablet.revoked_at.is_(None))
        .group_by(Tablet.household_id)
    )
    for household_id, count, last_seen in rows:
        summaries[household_id].active_tablets = count
        summaries[household_id].tablet_last_seen = last_seen
