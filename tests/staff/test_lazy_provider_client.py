"""A worker does not carry the OpenID Connect client until someone signs in through a
provider: Authlib with requests and joserfc is about 16 MB in every gunicorn worker."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from cohousing import create_app
from config import TestConfig
create_app(TestConfig)
loaded = sorted(m for m in ("authlib", "requests", "joserfc") if m in sys.modules)
print(",".join(loaded) or "none")
"""


def test_the_app_starts_without_the_provider_client():
    found = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert found.stdout.strip().splitlines()[-1] == "none", found.stdout + found.stderr
