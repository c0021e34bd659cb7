"""The test suite. Run in parallel by pytest-xdist (`scripts/test.sh` passes `-n auto`),
each worker process gets a PostgreSQL database of its own: the name in TEST_DATABASE_URL
plus the worker's id (`cohousing_test_gw0`), made when the run starts. This runs before
`config` is imported, so TestConfig and every test database derived from it follow."""

import os

_worker = os.environ.get("PYTEST_XDIST_WORKER")
_url = os.environ.get("TEST_DATABASE_URL", "")
if _worker and _url.startswith("postgresql") and not _url.endswith(f"_{_worker}"):
    os.environ["TEST_DATABASE_URL"] = f"{_url}_{_worker}"
