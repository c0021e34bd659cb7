"""Who may open what, and which household's records: decided here, once per request.

`access` holds the rule each view carries (deny by default) and the staff member's
households; `scope` loads the household and every record a URL names, or answers 404.
Views import the decorators and the read-only questions below; nothing else.
"""

from cohousing.security.access import (
    ADMINS,
    MANAGERS,
    Access,
    can_manage_households,
    can_open_household,
    current_link_clause,
    device_required,
    enforce_access,
    households_visible_to_staff,
    open_household,
    public,
    resident_required,
    staff_required,
)

__all__ = [
    "ADMINS",
    "MANAGERS",
    "Access",
    "can_manage_households",
    "can_open_household",
    "current_link_clause",
    "device_required",
    "enforce_access",
    "households_visible_to_staff",
    "open_household",
    "public",
    "resident_required",
    "staff_required",
]
