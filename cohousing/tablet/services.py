"""Tablet rules: enrolment by one-time code, the device token, PIN checks and lock-outs."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import (
    current_membership_clause,
    current_residents,
    is_current_resident,
)
from cohousing.people.models import Person
from cohousing.people.services import hash_secret, verify_secret
from cohousing.tablet.models import EnrolmentCode, Tablet

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no look-alikes (0/O, 1/I/L, 5/S, 8/B)
CODE_LENGTH = 8
PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 6
PIN_TRIES_BEFORE_LOCK = 5
FIRST_LOCK = timedelta(minutes=1)
LOCK_MEMORY = timedelta(hours=24)  # a clean day forgets earlier lock-outs
LAST_SEEN_EVERY = timedelta(minutes=5)
IDLE_SLACK_SECONDS = 15  # the "Still there?" prompt plus a little network slack
RESIDENT_SESSION_KEY = "resident"
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id in a URL is simply not found
DEFAULT_TABLET_NAME = _l("House tablet")


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_code(raw: str) -> str:
    """Letters in any case, spaces and dashes ignored: what a person types off a screen."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def group_code(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH, easier to read aloud and to type."""
    return f"{code[:4]}-{code[4:]}"


# --- enrolment -----------------------------------------------------------------------


def start_enrolment(household: Household, tablet_name: str, staff_id: int | None) -> str:
    """Create a one-time code for `household`; returns the code in clear, shown once.

    `staff_id` is None when the code comes from the command line.
    """
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    ttl = current_app.config["TABLET_ENROL_CODE_TTL"]
    name = (tablet_name or "").strip()[:80] or str(DEFAULT_TABLET_NAME)
    db.session.add(
        EnrolmentCode(
            household_id=household.id,
            code_hash=_sha256(code),
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
        select(EnrolmentCode).where(EnrolmentCode.code_hash == _sha256(normalise_code(code)))
    )
    return enrolment.expires_at if enrolment else None


class EnrolmentRefused(Exception):
    """The code is unknown, used or expired; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def complete_enrolment(raw_code: str) -> tuple[Tablet, str]:
    """Use a code once; returns the new tablet and its device secret for the cookie."""
    code = normalise_code(raw_code)
    now = clock.now()
    enrolment = db.session.scalar(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == _sha256(code))
    )
    if enrolment is None or enrolment.used_at is not None:
        raise EnrolmentRefused("unknown")
    if enrolment.expires_at <= now:
        raise EnrolmentRefused("expired")
    # Claim the code atomically so two tablets typing it at once cannot both enrol.
    claimed = db.session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.id == enrolment.id, EnrolmentCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise EnrolmentRefused("unknown")
    secret = secrets.token_urlsafe(32)
    tablet = Tablet(
        household_id=enrolment.household_id,
        name=enrolment.tablet_name,
        secret_hash=_sha256(secret),
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


# --- the device token ----------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tablet-device")


def device_token(tablet: Tablet, secret: str) -> str:
    return _serializer().dumps({"t": tablet.id, "s": secret})


def tablet_from_token(token: str | None) -> Tablet | None:
    """The active tablet a token names, or None for a missing, tampered or revoked one."""
    if not token:
        return None
    try:
        data = _serializer().loads(token)
        tablet_id, secret = int(data["t"]), str(data["s"])
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if not 0 < tablet_id <= MAX_ID:
        return None
    # The household comes in the same query: every tablet page needs it.
    tablet = db.session.get(Tablet, tablet_id, options=[joinedload(Tablet.household)])
    if tablet is None or tablet.revoked_at is not None:
        return None
    if not hmac.compare_digest(tablet.secret_hash, _sha256(secret)):
        return None
    return tablet


def identify_device() -> None:
    """Set g.tablet and, if a resident is signed in on it, g.resident (once per request)."""
    g.tablet = None
    g.resident = None
    g.resident_household_id = None
    token = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if token is None:
        session.pop(RESIDENT_SESSION_KEY, None)
        return
    tablet = tablet_from_token(token)
    if tablet is None:
        g.forget_device = True  # after_request deletes the cookie: "not enrolled" again
        session.pop(RESIDENT_SESSION_KEY, None)
        flash(_("This tablet is not enrolled any more. Ask your coordinator."), "warning")
        return
    g.tablet = tablet
    now = clock.now()
    if tablet.last_seen_at is None or now - tablet.last_seen_at > LAST_SEEN_EVERY:
        tablet.last_seen_at = now
        db.session.commit()
    if current_user.is_authenticated:
        # Staff on a tablet browser never carry a resident's session.
        session.pop(RESIDENT_SESSION_KEY, None)
        return
    _identify_resident(tablet, now)


def _identify_resident(tablet: Tablet, now: datetime) -> None:
    state = session.get(RESIDENT_SESSION_KEY)
    if not state:
        return
    idle_limit = tablet.household.tablet_idle_seconds + IDLE_SLACK_SECONDS
    if state.get("tablet") != tablet.id or now.timestamp() - state.get("seen", 0) > idle_limit:
        session.pop(RESIDENT_SESSION_KEY, None)
        return
    person = _current_resident(state.get("id"), tablet)
    if person is None:
        session.pop(RESIDENT_SESSION_KEY, None)
        return
    g.resident = person
    g.resident_household_id = tablet.household_id
    state["seen"] = now.timestamp()
    session[RESIDENT_SESSION_KEY] = state


def _current_resident(person_id: object, tablet: Tablet) -> Person | None:
    """The person if they live in the tablet's household today: one query, on every page."""
    if not isinstance(person_id, int):
        return None
    return db.session.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Person.id == person_id,
            Membership.household_id == tablet.household_id,
            current_membership_clause(tablet.household.today()),
        )
        .limit(1)
    )


def sign_in_resident(person: Person, tablet: Tablet) -> None:
    session.pop("lang", None)  # the resident's own language, not the last visitor's
    session[RESIDENT_SESSION_KEY] = {
        "id": person.id,
        "tablet": tablet.id,
        "seen": clock.now().timestamp(),
    }
    g.resident = person
    g.resident_household_id = tablet.household_id
    record("resident.signed_in", household_id=tablet.household_id, subject_person_id=person.id)


def sign_out_resident() -> None:
    """Back to the picker, in the household's own language."""
    session.pop(RESIDENT_SESSION_KEY, None)
    session.pop("lang", None)
    g.resident = None
    g.resident_household_id = None


def tablet_residents(tablet: Tablet) -> list[Person]:
    return current_residents(tablet.household)


def resident_of_tablet(tablet: Tablet, person_id: int) -> Person | None:
    """The person, only if they live now in the tablet's household (else None: a 404)."""
    if not 0 < person_id <= MAX_ID:
        return None
    person = db.session.get(Person, person_id)
    if person is None or not is_current_resident(person.id, tablet.household):
        return None
    return person


# --- PINs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PinResult:
    ok: bool
    locked_until: datetime | None = None
    tries_left: int = 0


def is_valid_pin(pin: str | None) -> bool:
    """4 to 6 digits (ASCII only: no other scripts' digits)."""
    return (
        pin is not None
        and PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH
        and pin.isascii()
        and pin.isdigit()
    )


def lock_duration(lock_number: int) -> timedelta:
    """1 minute for the first lock-out, doubling with each one after."""
    return FIRST_LOCK * (2 ** max(0, lock_number - 1))


def _not_locked(now: datetime):
    return or_(Person.pin_locked_until.is_(None), Person.pin_locked_until <= now)


def _update_person(person: Person, *where, **values) -> bool:
    """One atomic UPDATE on the person's row; True if it matched (the row is re-read)."""
    db.session.flush()
    matched = db.session.execute(
        update(Person)
        .where(Person.id == person.id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(person)
    return matched == 1


def check_pin(person: Person, pin: str) -> PinResult:
    """Check a PIN and keep count of failures. The caller has already checked the tablet.

    5 wrong tries lock the resident for 1 minute, then 2, 4, 8…: at most 5 x 6 = 30
    guesses fit in an hour (well under 100). Other residents are not affected. Counting
    happens in the database (`pin_failures = pin_failures + 1`), so concurrent guesses are
    all counted; a guess that races with a lock-out is answered "locked" even when right.
    """
    now = clock.now()
    db.session.flush()  # keep pending changes (a PIN just set) before re-reading the row
    db.session.refresh(person)
    if is_locked(person):
        return PinResult(ok=False, locked_until=person.pin_locked_until)
    _update_person(  # a clean day forgets earlier failures and lock-outs
        person,
        Person.pin_last_failure_at < now - LOCK_MEMORY,
        pin_failures=0,
        pin_locks=0,
    )
    if verify_secret(person.pin_hash, pin):
        if _update_person(
            person, _not_locked(now), pin_failures=0, pin_locks=0, pin_locked_until=None
        ):
            return PinResult(ok=True)
        return PinResult(ok=False, locked_until=person.pin_locked_until)
    counted = _update_person(
        person,
        _not_locked(now),
        pin_failures=Person.pin_failures + 1,
        pin_last_failure_at=now,
    )
    if not counted:  # another guess locked this resident meanwhile
        return PinResult(ok=False, locked_until=person.pin_locked_until)
    if person.pin_failures >= PIN_TRIES_BEFORE_LOCK:
        locked_until = now + lock_duration(person.pin_locks + 1)
        if _update_person(
            person,
            and_(Person.pin_failures >= PIN_TRIES_BEFORE_LOCK, _not_locked(now)),
            pin_locks=Person.pin_locks + 1,
            pin_failures=0,
            pin_locked_until=locked_until,
        ):
            record("resident.pin_locked", subject_person_id=person.id)
        return PinResult(ok=False, locked_until=person.pin_locked_until)
    return PinResult(ok=False, tries_left=PIN_TRIES_BEFORE_LOCK - person.pin_failures)


def is_locked(person: Person) -> bool:
    return person.pin_locked_until is not None and person.pin_locked_until > clock.now()


def set_pin(person: Person, pin: str) -> None:
    """A coordinator sets or resets a PIN; it also lifts any lock-out. The caller audits it."""
    if not is_valid_pin(pin):
        raise ValueError("A PIN is 4 to 6 digits.")
    person.pin_hash = hash_secret(pin)
    person.pin_failures = 0
    person.pin_locks = 0
    person.pin_locked_until = None
