"""The PIN keypad: checking a PIN, counting wrong tries, locking out for a while.

A coordinator sets a PIN (and lifts a lock) in the households area (`reset_pin`); whether a
resident is locked right now is the households' `is_locked`, read by both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.services import is_locked
from cohousing.people.models import Person
from cohousing.people.services import verify_secret

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 6
PIN_TRIES_BEFORE_LOCK = 5
FIRST_LOCK = timedelta(minutes=1)
LOCK_MEMORY = timedelta(hours=24)  # a clean day forgets earlier lock-outs


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


def minutes_locked(person: Person) -> int:
    """Whole minutes left of a lock-out, rounded up (a lock-out always shows at least 1)."""
    if person.pin_locked_until is None:
        return 0
    seconds = (person.pin_locked_until - clock.now()).total_seconds()
    return max(1, math.ceil(seconds / 60))


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
