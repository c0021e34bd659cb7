"""With several processes the sign-in buckets live in Redis (RATELIMIT_STORAGE_URI): two
apps, as two processes would be, count in the same buckets. The test starts its own
redis-server on 127.0.0.1 (scripts/test.sh installs it), with nothing saved to disk."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.fixtures.people import PASSWORD
from tests.fixtures.wellbeing import _free_port


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command, no shell)
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def _limiter_on(redis_url: str, fresh_app):
    """A Flask-Limiter of its own on Redis, as another process would have (initialised on
    the throwaway fresh_app, which owns its request hooks)."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    fresh_app.config["RATELIMIT_STORAGE_URI"] = redis_url
    return Limiter(get_remote_address, app=fresh_app, default_limits=[])


def test_two_processes_share_the_buckets_in_redis(app, fresh_app, worker, redis_url):
    previous = app.extensions["sign_in_limiter"]
    fresh_app.extensions["sign_in_limiter"] = _limiter_on(redis_url, fresh_app)
    app.extensions["sign_in_limiter"] = _limiter_on(redis_url, fresh_app)
    first, second = fresh_app.test_client(), app.test_client()
    data = {"email": worker.email, "password": "not the password"}
    try:
        with fresh_app.app_context():
            fresh_app.extensions["sign_in_limiter"].reset()
        for _ in range(3):
            assert first.post("/auth/login", data=data).status_code == 422
        for _ in range(2):  # the other process's two wrong passwords fill the bucket
            assert second.post("/auth/login", data=data).status_code == 422
        data["password"] = PASSWORD
        assert second.post("/auth/login", data=data).status_code == 429
        assert first.post("/auth/login", data=data).status_code == 429
    finally:
        app.extensions["sign_in_limiter"] = previous
