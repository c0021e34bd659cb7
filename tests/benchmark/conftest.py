"""The fault run restarts the PostgreSQL cluster, which breaks every open connection: its
module says RUNS_LAST, and its tests then run after every other test of the session."""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last = [item for item in items if getattr(item.module, "RUNS_LAST", False)]
    if last:
        items[:] = [item for item in items if item not in last] + last
