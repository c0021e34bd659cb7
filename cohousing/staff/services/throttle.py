"""Throttling wrong sign-ins so that it cannot be turned against the people it protects.

Wrong passwords (and wrong second-factor codes) are counted by Flask-Limiter's storage
(memory, or Redis when several processes serve the app) in buckets:

- the email typed, known or not, so the throttle says nothing about which emails exist;
- the client address, so one address cannot try many accounts;
- a known device (a browser the account signed in on, cohousing.staff.services.devices):
  its attempts for that account count in a bucket of their own and in no other, so a
  stranger guessing the admin's password elsewhere slows the admin down at worst by
  LOGIN_LIMIT_DEVICE, never locks them out.

A full bucket refuses the attempt before any password is checked, for every email alike.
Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse


@dataclass(frozen=True)
class Bucket:
    limit: RateLimitItem
    key: str
    is_account: bool = False


def _digest(value: str) -> str:
    """Keys name no email in the storage: a keyed digest of it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hashlib.blake2b(value.encode(), key=key[:64], digest_size=16).hexdigest()


def _strategy():
    return current_app.extensions["sign_in_limiter"].limiter


def _names(bucket: Bucket) -> tuple[str, str, str]:
    return (current_app.config["RATELIMIT_KEY_PREFIX"], "sign-in", bucket.key)


def reset() -> None:
    """Empty every bucket (tests; an operator after an incident)."""
    current_app.extensions["sign_in_limiter"].reset()


def _limit(name: str) -> RateLimitItem:
    return parse(current_app.config[name])


def sign_in_buckets(email: str, address: str | None, device_id: str | None) -> list[Bucket]:
    """The buckets an attempt for `email` counts in; only the device's when it is known."""
    account_key = _digest(email.strip().lower())
    if device_id is not None:
        return [Bucket(_limit("LOGIN_LIMIT_DEVICE"), f"device:{device_id}:{account_key}")]
    return [
        Bucket(_limit("LOGIN_LIMIT_ACCOUNT"), f"account:{account_key}", is_account=True),
        Bucket(_limit("LOGIN_LIMIT_ADDRESS"), f"address:{_digest(address or '-')}"),
    ]


def allowed(buckets: list[Bucket]) -> bool:
    """True when no bucket is full."""
    return all(_strategy().test(b.limit, *_names(b)) for b in buckets)


def count_failure(buckets: list[Bucket]) -> bool:
    """Count one wrong attempt; True when this one filled the account's bucket."""
    filled = False
    for bucket in buckets:
        _strategy().hit(bucket.limit, *_names(bucket))
        if bucket.is_account and not _strategy().test(bucket.limit, *_names(bucket)):
            filled = True
    return filled


def forget(buckets: list[Bucket]) -> None:
    """A right password empties the email's and the device's buckets (not the address's:
    one's own right password must not let an address go on guessing others)."""
    for bucket in buckets:
        if not bucket.key.startswith("address:"):
            _strategy().clear(bucket.limit, *_names(bucket))
