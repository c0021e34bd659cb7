"""Staff sessions. Flask-Login loads the account of a session (its id carries a fingerprint
of the password hash and the session's random id). Each signed-in browser is a StaffSession
row, checked on every request: signing out deletes it (a copy of the cookie is refused), and
it ends after STAFF_SESSION_LIFETIME however busy the day was (the idle limit is the access
check's).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from cohousing.database import clock
from cohousing.extensions import db, login_manager
from cohousing.staff.models import StaffAccount, StaffSession
from cohousing.web.parsing import parse_id

# --- sessions --------------------------------------------------------------------------


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(account: StaffAccount) -> None:
    """A new session for a sign-in (call before `login_user`, which stores its id). The
    account's sessions past their lifetime are deleted on the way."""
    now = clock.now()
    lifetime = current_app.config["STAFF_SESSION_LIFETIME"]
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.account_id == account.id, StaffSession.started_at <= now - lifetime
        )
    )
    session_id = secrets.token_urlsafe(32)
    db.session.add(
        StaffSession(account_id=account.id, token_hash=_digest(session_id), started_at=now)
    )
    account.session_id = session_id


def end_session(account: StaffAccount) -> None:
    """Sign-out: this browser's session ends, and every copy of its cookie with it."""
    if account.session_id:
        db.session.execute(
            delete(StaffSession).where(StaffSession.token_hash == _digest(account.session_id))
        )
    account.session_id = None


def end_all_sessions(account: StaffAccount) -> None:
    """A new password or a deactivation signs the account out everywhere."""
    db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))


# --- Flask-Login -----------------------------------------------------------------------


def init_login_manager(app: Flask) -> None:
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_staff(user_id: str) -> StaffAccount | None:
    """Ids carry a fingerprint of the password hash (a changed password ends old sessions)
    and the session's id: one query finds the account with that session, still in its
    lifetime. A signed-out, expired or unknown session is nobody."""
    raw_id, fingerprint, session_id = [*user_id.split(":"), "", ""][:3]
    account_id = parse_id(raw_id)  # the session cookie is signed, but parse it the one way
    if account_id is None or not session_id:
        return None
    started_after = clock.now() - current_app.config["STAFF_SESSION_LIFETIME"]
    account = db.session.scalar(
        select(StaffAccount)
        .join(StaffSession, StaffSession.account_id == StaffAccount.id)
        .where(
            StaffAccount.id == account_id,
            StaffSession.token_hash == _digest(session_id),
            StaffSession.started_at > started_after,
        )
    )
    if account is None or not account.active:
        return None
    if not hmac.compare_digest(account.password_fingerprint(), fingerprint):
        return None
    account.session_id = session_id
    return account
