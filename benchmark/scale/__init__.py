"""City-size data for the benchmark: `python -m benchmark.fill --scale N --seed S`.

Scale N means 100 x N households of mixed kinds, 6 current residents each (and some who
moved out), 20 x N workers following about 40 households each, one coordinator, one
enrolled tablet per household, and two years of history. Two logins are fixed so the
benchmark can sign in: `bench-worker@example.org` (linked to exactly 40 households) and
`bench-coordinator@example.org`, both with the password `BENCH_PASSWORD`; every resident's
PIN is `BENCH_PIN`. Hashes are computed once and reused, rows go in with bulk inserts.

Same seed, same database state and same day: same data. Each generator draws from its own
`random.Random` seeded with (seed, generator name), so adding a generator never changes the
rows of the others.

How a later area plugs in (chores, money, check-ins, visits…):

1. write `benchmark/scale/<area>.py` with one function
   `fill_<area>(rng: random.Random, ids: CityIds, scale: int) -> str`
   that builds plain dicts for its rows from `ids` (households, current and past residents,
   worker links, the dates `ids.start` .. `ids.today`, `ids.days()`), inserts them with
   `insert_rows(Model, rows)` (or `insert_returning_ids` when it needs the ids back) and
   returns a one-line summary;
2. append it to `GENERATORS` below. If later generators need its ids, store them on a new
   field of `CityIds`.

Households are created here without `kinds.apply_template`: an area that starts households
with template rows (chores) creates those rows in its own generator.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select

from benchmark.scale.audit import fill_audit
from benchmark.scale.base import fill_base
from benchmark.scale.chores import fill_chores
from benchmark.scale.community import fill_community
from benchmark.scale.core import (
    BENCH_COORDINATOR_EMAIL,
    BENCH_PASSWORD,
    BENCH_PIN,
    BENCH_WORKER_EMAIL,
    HISTORY_DAYS,
    CityIds,
    Generator,
)
from benchmark.scale.money import fill_money
from benchmark.scale.summaries import fill_summaries
from benchmark.scale.visits import fill_visits
from benchmark.scale.wellbeing import fill_wellbeing
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.staff.models import StaffAccount

# Run in this order after the base city; each commits on its own.
GENERATORS: list[Generator] = [
    fill_audit,
    fill_chores,
    fill_money,
    fill_wellbeing,
    fill_visits,
    fill_community,
    fill_summaries,  # last: it reads what the others wrote
]

__all__ = [
    "BENCH_COORDINATOR_EMAIL",
    "BENCH_PASSWORD",
    "BENCH_PIN",
    "BENCH_WORKER_EMAIL",
    "GENERATORS",
    "CityIds",
    "fill_city",
]


def already_filled() -> bool:
    return (
        db.session.scalar(
            select(StaffAccount.id).where(StaffAccount.email == BENCH_COORDINATOR_EMAIL)
        )
        is not None
    )


@contextmanager
def _sqlite_bulk_mode() -> Iterator[None]:
    """On SQLite, a big page cache while filling: index upkeep dominates millions of rows."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    connection = db.session.connection()
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        db.session.connection().exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def fill_city(scale: int, seed: int) -> Iterator[str]:
    """Fill the database with `scale` x the base city; yields one progress line per step."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if already_filled():
        yield "Scale data is already in this database; nothing was added."
        return
    today = clock.today_in("Europe/Rome")
    ids = CityIds(today=today, start=today - timedelta(days=HISTORY_DAYS))
    started = time.perf_counter()
    with _sqlite_bulk_mode():
        for generator in [fill_base, *GENERATORS]:
            step = time.perf_counter()
            summary = generator(random.Random(f"{seed}:{generator.__name__}"), ids, scale)
            db.session.commit()
            yield f"{summary} ({time.perf_counter() - step:.1f} s)"
    yield f"Scale {scale}, seed {seed}: done in {time.perf_counter() - started:.1f} s."
    yield f"Coordinator: {BENCH_COORDINATOR_EMAIL} / {BENCH_PASSWORD}"
    yield f"Worker with 40 households: {BENCH_WORKER_EMAIL} / {BENCH_PASSWORD}"
    yield f"Every resident's PIN: {BENCH_PIN}"
