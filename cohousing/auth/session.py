"""Flask-Login wiring for staff accounts."""

import hmac

from flask import Flask
from flask_babel import lazy_gettext as _l

from cohousing.extensions import db, login_manager
from cohousing.people.models import StaffAccount


def init_login_manager(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_staff(user_id: str) -> StaffAccount | None:
    """Ids carry a fingerprint of the password hash: a changed password ends old sessions."""
    account_id, _, fingerprint = user_id.partition(":")
    if not account_id.isdigit():
        return None
    account = db.session.get(StaffAccount, int(account_id))
    if account is None or not account.active:
        return None
    if not hmac.compare_digest(account.password_fingerprint(), fingerprint):
        return None
    return account
