"""What every scale generator shares: the ids made so far, bulk inserts, the fixed logins."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from sqlalchemy import insert

from cohousing.extensions import db

BENCH_WORKER_EMAIL = "bench-worker@example.org"
BENCH_COORDINATOR_EMAIL = "bench-coordinator@example.org"
# Benchmark data only: every scale staff account shares this password, every resident this PIN.
BENCH_PASSWORD = "bench-password-not-secret"
BENCH_PIN = "1234"

HOUSEHOLDS_PER_SCALE = 100
RESIDENTS_PER_HOUSEHOLD = 6
WORKERS_PER_SCALE = 20
LINKS_PER_WORKER = 40
HISTORY_DAYS = 730  # two years of history, so history-length effects show

CHUNK = 20_000  # rows per INSERT batch: bounded memory, few round trips


@dataclass
class CityIds:
    """Ids and facts of the base city, handed to every later generator."""

    today: date
    start: date  # first day of the history
    household_ids: list[int] = field(default_factory=list)
    household_kinds: dict[int, str] = field(default_factory=dict)
    household_created: dict[int, date] = field(default_factory=dict)
    residents: dict[int, list[int]] = field(default_factory=dict)  # household -> current
    past_residents: dict[int, list[int]] = field(default_factory=dict)  # household -> moved out
    worker_ids: list[int] = field(default_factory=list)
    links: dict[int, list[int]] = field(default_factory=dict)  # household -> current workers
    coordinator_id: int = 0
    organisation_id: int = 0  # the one organisation that runs the city's households
    bench_worker_id: int = 0
    tablet_ids: dict[int, int] = field(default_factory=dict)  # household -> tablet

    def days(self) -> Iterator[date]:
        """Every day of the history, oldest first, ending yesterday."""
        day = self.start
        while day < self.today:
            yield day
            day += timedelta(days=1)


# A generator adds one area's rows for the whole city and returns a one-line summary.
Generator = Callable[[random.Random, CityIds, int], str]


def insert_returning_ids(model: type, rows: list[dict]) -> list[int]:
    """Bulk insert and get the new ids back in the order of `rows` (SQLite and PostgreSQL)."""
    ids: list[int] = []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for batch in chunks(rows, CHUNK):
        ids.extend(db.session.scalars(statement, batch).all())
    return ids


def insert_rows(model: type, rows: Iterable[dict]) -> int:
    """Bulk insert without reading ids back; `rows` may be a generator. Returns the count.

    A Core insert on the table: the ORM's bulk path costs three times as much per row.
    """
    count = 0
    statement = insert(model.__table__)
    for batch in chunks(rows, CHUNK):
        db.session.execute(statement, batch)
        count += len(batch)
    return count


def chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def moment(day: date, rng: random.Random, first_hour: int = 7, last_hour: int = 21) -> datetime:
    """A random aware UTC time on `day`, within waking hours (close enough for Rome)."""
    seconds = rng.randrange(first_hour * 3600, last_hour * 3600)
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds)


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A day in [first, last]."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
