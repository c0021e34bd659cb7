"""Who may open what, and which household's records: decided here, once per request.

`access` holds the rule each view carries (deny by default) and the staff member's
households; `scope` loads the household and every record a URL names, or answers 404.
Views import the decorators and the read-only questions below; nothing else.
"""

from cohousing.security.access import (
    ADMINS,
    INSTALLATION_ADMINS,
    MANAGERS,
    STAFF_ADMINS,
    Access,
    api_token_required,
    can_manage_account,
    can_manage_households,
    can_open_household,
    current_link_clause,
    device_required,
    enforce_access,
    households_visible_to_staff,
    households_visible_to_token,
    manages_household,
    open_household,
    public,
    resident_required,
    staff_required,
    staff_visible_to_staff,
    workers_visible_to_staff,
)

__all__ = [
    "ADMINS",
    "INSTALLATION_ADMINS",
    "MANAGERS",
    "STAFF_ADMINS",
    "Access",
    "api_token_required",
    "can_manage_account",
    "can_manage_households",
    "can_open_household",
    "current_link_clause",
    "device_required",
    "enforce_access",
    "households_visible_to_staff",
    "households_visible_to_token",
    "manages_household",
    "open_household",
    "public",
    "resident_required",
    "staff_required",
    "staff_visible_to_staff",
    "workers_visible_to_staff",
]
