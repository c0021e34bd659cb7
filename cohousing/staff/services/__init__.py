"""Staff accounts, signing in (throttled, cohousing.staff.services.throttle), the second
factor (two_factor, used by module), known devices, and sessions."""

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
from cohousing.staff.services.providers import all_providers, enabled_providers, save_provider
from cohousing.staff.services.sessions import (
    end_all_sessions,
    end_session,
    init_login_manager,
    load_staff,
    start_session,
)
from cohousing.staff.services.signin import (
    CodeResult,
    SignInResult,
    authenticate,
    deliver_warnings,
    second_factor,
)

__all__ = [
    "MIN_PASSWORD",
    "CodeResult",
    "KnownDevice",
    "RuleError",
    "SignInResult",
    "account_for_token",
    "active_workers",
    "all_providers",
    "all_staff",
    "authenticate",
    "create_staff",
    "deliver_warnings",
    "enabled_providers",
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
    "save_provider",
    "second_factor",
    "set_active",
    "set_password",
    "start_session",
]
