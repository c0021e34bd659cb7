"""Staff accounts, signing in (throttled, cohousing.staff.services.throttle), known
devices, and sessions. Importers use the names below."""

from cohousing.rules import RuleError
from cohousing.staff.services.accounts import (
    MIN_PASSWORD,
    account_for_token,
    active_workers,
    all_staff,
    create_staff,
    find_account,
    get_staff,
    new_password_link_token,
    password_link_token,
    remember_language,
    set_active,
    set_password,
)
from cohousing.staff.services.devices import KnownDevice, read_device, remember
from cohousing.staff.services.sessions import (
    end_all_sessions,
    end_session,
    init_login_manager,
    load_staff,
    start_session,
)
from cohousing.staff.services.signin import SignInResult, authenticate, deliver_warnings

__all__ = [
    "MIN_PASSWORD",
    "KnownDevice",
    "RuleError",
    "SignInResult",
    "account_for_token",
    "active_workers",
    "all_staff",
    "authenticate",
    "create_staff",
    "deliver_warnings",
    "end_all_sessions",
    "end_session",
    "find_account",
    "get_staff",
    "init_login_manager",
    "load_staff",
    "new_password_link_token",
    "password_link_token",
    "read_device",
    "remember",
    "remember_language",
    "set_active",
    "set_password",
    "start_session",
]
