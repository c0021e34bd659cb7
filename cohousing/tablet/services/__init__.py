"""Tablet rules: enrolment by one-time code, the device token and who is signed in on the
tablet, PIN checks and lock-outs. Other areas import from here only.

Importing this package also adds the tablets to the households list
(`households.services.on_household_summaries`).
"""

from cohousing.households.services import is_locked
from cohousing.tablet.services.device import (
    IDLE_SLACK_SECONDS,
    LAST_SEEN_EVERY,
    RESIDENT_SESSION_KEY,
    device_token,
    identify_device,
    note_tablet_used,
    sign_in_resident,
    sign_out_resident,
    tablet_from_token,
    tablet_residents,
)
from cohousing.tablet.services.enrolment import (
    CODE_ALPHABET,
    CODE_EXPIRED,
    CODE_LENGTH,
    CODE_UNKNOWN,
    DEFAULT_TABLET_NAME,
    complete_enrolment,
    count_tablets,
    enrolment_expiry,
    group_code,
    household_tablets,
    normalise_code,
    revoke,
    start_enrolment,
)
from cohousing.tablet.services.pins import (
    PIN_TRIES_BEFORE_LOCK,
    PinResult,
    check_pin,
    is_valid_pin,
    lock_duration,
    minutes_locked,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_EXPIRED",
    "CODE_LENGTH",
    "CODE_UNKNOWN",
    "DEFAULT_TABLET_NAME",
    "IDLE_SLACK_SECONDS",
    "LAST_SEEN_EVERY",
    "PIN_TRIES_BEFORE_LOCK",
    "RESIDENT_SESSION_KEY",
    "PinResult",
    "check_pin",
    "complete_enrolment",
    "count_tablets",
    "device_token",
    "enrolment_expiry",
    "group_code",
    "household_tablets",
    "identify_device",
    "is_locked",
    "is_valid_pin",
    "lock_duration",
    "minutes_locked",
    "normalise_code",
    "note_tablet_used",
    "revoke",
    "sign_in_resident",
    "sign_out_resident",
    "start_enrolment",
    "tablet_from_token",
    "tablet_residents",
]
