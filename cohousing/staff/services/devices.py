"""Known devices: a browser a staff member signed in on keeps a signed, long-lived cookie
naming a random device id and the accounts that signed in there (a shared office computer
may have a few). Its attempts for those accounts count in a bucket of their own
(cohousing.staff.services.throttle), so nobody else's wrong passwords lock them out.

The cookie proves nothing by itself: the password (and the second factor) are still asked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from cohousing.staff.services.accounts import ClockSigner

MAX_ACCOUNTS = 5  # the most recent accounts a device remembers


@dataclass(frozen=True)
class KnownDevice:
    id: str
    account_ids: tuple[int, ...]

    def knows(self, account_id: int) -> bool:
        return account_id in self.account_ids


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="known-device", signer=ClockSigner
    )


def read_device(cookie: str | None) -> KnownDevice | None:
    """The device a cookie names, if it is ours and not too old."""
    if not cookie:
        return None
    max_age = int(current_app.config["KNOWN_DEVICE_MAX_AGE"].total_seconds())
    try:
        data = _serializer().loads(cookie, max_age=max_age)
        ids = tuple(int(i) for i in data["a"])
        return KnownDevice(str(data["d"]), ids)
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def remember(device: KnownDevice | None, account_id: int) -> str:
    """The cookie after `account_id` signed in: this device, this account first."""
    device_id = device.id if device else secrets.token_urlsafe(16)
    others = [i for i in (device.account_ids if device else ()) if i != account_id]
    ids = [account_id, *others][:MAX_ACCOUNTS]
    return _serializer().dumps({"d": device_id, "a": ids})
