"""The device token in the tablet's cookie, and who is signed in on the tablet.

A resident's session is a random id, in the (signed) session cookie and, as a digest, on
the resident's row: checked on every request, replaced at each PIN sign-in, cleared by the
lock. So after "Not you? Switch", the lock or the auto-lock a copy of the old cookie opens
nothing, and the "still here" heartbeat cannot keep it alive. The idle time is counted from
the cookie's last request; a GET writes nothing, so it is never counted in the database.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import (
    current_membership_clause,
    current_residents,
    note_known_resident,
)
from cohousing.people.models import Person
from cohousing.tablet.models import Tablet
from cohousing.tablet.services.enrolment import sha256
from cohousing.web.parsing import parse_id
from cohousing.web.transaction import SAFE_METHODS

LAST_SEEN_EVERY = timedelta(minutes=5)
IDLE_SLACK_SECONDS = 15  # the "Still there?" prompt plus a little network slack
RESIDENT_SESSION_KEY = "resident"


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
        tablet_id, secret = parse_id(data["t"]), str(data["s"])
    except (BadSignature, KeyError, TypeError):
        return None
    if tablet_id is None:
        return None
    # The household and its organisation come in the same query: every tablet page
    # needs them (the help bar shows the organisation's emergency number).
    tablet = db.session.get(
        Tablet,
        tablet_id,
        options=[joinedload(Tablet.household).joinedload(Household.organisation)],
    )
    if tablet is None or tablet.revoked_at is not None:
        return None
    if not hmac.compare_digest(tablet.secret_hash, sha256(secret)):
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
    if request.method == "POST":
        note_tablet_used(tablet, now)
    if current_user.is_authenticated:
        # Staff on a tablet browser never carry a resident's session.
        session.pop(RESIDENT_SESSION_KEY, None)
        return
    _identify_resident(tablet, now)


def note_tablet_used(tablet: Tablet, now: datetime) -> None:
    """ "Last seen" for the coordinator's page: set by the tablet's POSTs (enrolment, PIN,
    lock, the awake heartbeat, any resident action), at most every few minutes; a GET
    writes nothing. The request commits it. An archived household's tablet is not noted:
    nothing of that household may change."""
    if tablet.household.archived_at is not None:
        return
    if tablet.last_seen_at is None or now - tablet.last_seen_at > LAST_SEEN_EVERY:
        tablet.last_seen_at = now


def _identify_resident(tablet: Tablet, now: datetime) -> None:
    state = session.get(RESIDENT_SESSION_KEY)
    if not state:
        return
    person = None
    if state.get("tablet") == tablet.id:
        person = _current_resident(state.get("id"), tablet)
    if person is None or not _is_current_session(person, state):
        session.pop(RESIDENT_SESSION_KEY, None)  # moved out, another tablet, switched, locked
        return
    idle_limit = tablet.household.tablet_idle_seconds + IDLE_SLACK_SECONDS
    if now.timestamp() - state.get("seen", 0) > idle_limit:
        # Signed out. A GET writes nothing, so it leaves the (expired) state for the next
        # POST (the auto-lock's, a PIN) to clear the id on the resident's row as well.
        if request.method not in SAFE_METHODS:
            session.pop(RESIDENT_SESSION_KEY, None)
            person.tablet_session_hash = None  # the request commits it
        return
    g.resident = person
    g.resident_household_id = tablet.household_id
    note_known_resident(person.id, tablet.household_id, tablet.household.today())
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


def _is_current_session(person: Person, state: dict) -> bool:
    """The cookie's session id is the one the resident's row holds (never a copy's)."""
    session_id = state.get("sid")
    if not isinstance(session_id, str) or person.tablet_session_hash is None:
        return False
    return hmac.compare_digest(person.tablet_session_hash, sha256(session_id))


def sign_in_resident(person: Person, tablet: Tablet) -> None:
    """A new session id: any earlier session of this resident (a copied cookie, another
    tablet) ends here."""
    session_id = secrets.token_urlsafe(32)
    person.tablet_session_hash = sha256(session_id)
    session.pop("lang", None)  # the resident's own language, not the last visitor's
    session[RESIDENT_SESSION_KEY] = {
        "id": person.id,
        "tablet": tablet.id,
        "sid": session_id,
        "seen": clock.now().timestamp(),
    }
    g.resident = person
    g.resident_household_id = tablet.household_id
    record("resident.signed_in", household_id=tablet.household_id, subject_person_id=person.id)


def sign_out_resident() -> None:
    """Back to the picker, in the household's own language. The session id on the
    resident's row is cleared too, even when the session had already gone idle, so no
    copy of the cookie opens anything any more."""
    state = session.pop(RESIDENT_SESSION_KEY, None)
    person = g.get("resident")
    if person is None and isinstance(state, dict) and isinstance(state.get("id"), int):
        person = db.session.get(Person, state["id"])
    if person is not None and isinstance(state, dict) and _is_current_session(person, state):
        person.tablet_session_hash = None
    session.pop("lang", None)
    g.resident = None
    g.resident_household_id = None


def tablet_residents(tablet: Tablet) -> list[Person]:
    return current_residents(tablet.household)
