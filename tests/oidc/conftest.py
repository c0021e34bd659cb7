"""A real OpenID provider process (tests/oidc/provider_server.py), started once per test
session on 127.0.0.1 over https with a certificate made for it, which the app trusts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from cohousing.extensions import db
from cohousing.staff.services import save_provider
from tests.fixtures.wellbeing import _free_port
from tests.oidc.certificate import make_certificate
from tests.oidc.provider_server import CLIENT_ID, CLIENT_SECRET

SERVER = Path(__file__).with_name("provider_server.py")


@dataclass
class TestProvider:
    base: str
    cert: str

    def set(self, user: str = "anna", mode: str = "normal", redirect_uris=()) -> None:
        answer = requests.post(
            f"{self.base}/_test",
            json={"user": user, "mode": mode, "redirect_uris": list(redirect_uris)},
            verify=self.cert,
            timeout=5,
        )
        answer.raise_for_status()

    def follow(self, location: str) -> str:
        """What the browser does at the provider: it answers with the way back to us."""
        answer = requests.get(location, allow_redirects=False, verify=self.cert, timeout=5)
        assert answer.status_code == 302, answer.text[:300]
        return answer.headers["Location"]


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory) -> Iterator[TestProvider]:
    folder = tmp_path_factory.mktemp("oidc")
    cert, key = make_certificate(folder)
    port = _free_port()
    log = (folder / "provider.log").open("w")  # the server's own log, for a failing test
    process = subprocess.Popen(  # noqa: S603 (our own script, no shell)
        [sys.executable, str(SERVER), str(port), str(cert), str(key)],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    provider = TestProvider(f"https://127.0.0.1:{port}", str(cert))
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = str(cert)  # the app's calls to the provider trust it
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{provider.base}/jwks", verify=str(cert), timeout=1)
            break
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)
    yield provider
    process.terminate()
    process.wait(timeout=10)
    log.close()
    if previous is None:
        os.environ.pop("REQUESTS_CA_BUNDLE", None)
    else:
        os.environ["REQUESTS_CA_BUNDLE"] = previous


@pytest.fixture
def op(oidc_server) -> TestProvider:
    """The provider, reset to sign in Anna, accepting this app's callback."""
    oidc_server.set(redirect_uris=["http://localhost/auth/provider/callback"])
    return oidc_server


@pytest.fixture
def region(app, op):
    """The provider, configured by an admin as "ARPA Toscana"."""
    with app.test_request_context():
        provider = save_provider(
            None,
            name="ARPA Toscana",
            issuer=op.base,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            scopes="openid email profile",
            enabled=True,
        )
    db.session.commit()
    return provider


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
