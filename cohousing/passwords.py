"""argon2id for staff passwords and resident PINs, with a cheap profile for tests."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_PROFILES = {
    # argon2id with OWASP's 19 MiB profile: RFC 9106's 64 MiB default pushed a gunicorn worker
    # past 150 MB during sign-ins. Old hashes keep their own parameters and still verify.
    "default": PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1),
    "test": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}


def _hasher() -> PasswordHasher:
    return _PROFILES[current_app.config.get("ARGON2_PROFILE", "default")]


def hash_secret(secret: str) -> str:
    return _hasher().hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        _hasher().hash(secret)  # same cost whether or not the account has a secret
        return False
    try:
        return _hasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
