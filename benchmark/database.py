"""A fresh bench database per scale: created, schema made, filled, and its bench facts read."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url

from benchmark.scale import BENCH_COORDINATOR_EMAIL, BENCH_WORKER_EMAIL, fill_city
from cohousing import ROOT
from cohousing.extensions import db
from cohousing.households.models import Household, Membership, WorkerLink
from cohousing.staff.models import StaffAccount

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/cohousing_bench"
MIGRATIONS = ROOT / "migrations"


def database_url(kind: str, scale: int, out_dir: Path, postgres_url: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{(out_dir / f'bench-scale{scale}.sqlite3').resolve()}"
    if kind == "postgresql":
        return postgres_url
    raise ValueError(f"unknown database {kind!r}: use sqlite or postgresql")


def recreate(url: str) -> None:
    """Start from nothing: delete the SQLite file, or drop and create the PostgreSQL base."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = parsed.database
    admin = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def has_migrations() -> bool:
    return any((MIGRATIONS / "versions").glob("*.py"))


def create_schema(app: Flask) -> str:
    """`flask db upgrade` when migrations exist, else create_all (before migrations exist).

    Tables the migrations do not make yet (an area ahead of its revision) are created
    with create_all, and named in the result, so the run still measures every page.
    """
    with app.app_context():
        if not has_migrations():
            db.create_all()
            return "create_all"
        from flask_migrate import upgrade

        upgrade(directory=str(MIGRATIONS))
        missing = sorted(set(db.metadata.tables) - set(inspect(db.engine).get_table_names()))
        if not missing:
            return "migrations"
        db.create_all()
        return f"migrations, and create_all for tables they lack: {', '.join(missing)}"


def fill(app: Flask, scale: int, seed: int, say: Callable[[str], None]) -> float:
    started = time.perf_counter()
    with app.app_context():
        for line in fill_city(scale=scale, seed=seed):
            say(f"  {line}")
    return round(time.perf_counter() - started, 1)


@dataclass(frozen=True)
class BenchFacts:
    household_id: int
    person_id: int
    coordinator_id: int
    worker_id: int
    resident_ids: tuple[int, ...] = ()  # every current resident of the household


def bench_facts(app: Flask) -> BenchFacts:
    """The first household the bench worker follows and its current residents; the bench
    resident is the first of them, who checks in every other day (see scale/wellbeing.py)."""
    with app.app_context():
        worker_id = db.session.scalar(
            select(StaffAccount.id).where(StaffAccount.email == BENCH_WORKER_EMAIL)
        )
        coordinator_id = db.session.scalar(
            select(StaffAccount.id).where(StaffAccount.email == BENCH_COORDINATOR_EMAIL)
        )
        household_id = db.session.scalar(
            select(WorkerLink.household_id)
            .where(WorkerLink.worker_id == worker_id, WorkerLink.ended_on.is_(None))
            .order_by(WorkerLink.household_id)
            .limit(1)
        )
        resident_ids = tuple(
            db.session.scalars(
                select(Membership.person_id)
                .where(Membership.household_id == household_id, Membership.ended_on.is_(None))
                .order_by(Membership.person_id)
            )
        )
        person_id = resident_ids[0] if resident_ids else None
        if None in (worker_id, coordinator_id, household_id, person_id):
            raise RuntimeError("the bench database has no scale data")
        return BenchFacts(household_id, person_id, coordinator_id, worker_id, resident_ids)


def enrolment_code_maker(app: Flask, facts: BenchFacts) -> Callable[[], str]:
    """Codes are made the way a coordinator makes them, through the tablet services."""

    def make() -> str:
        from cohousing.tablet.services import start_enrolment

        with app.app_context():
            household = db.session.get(Household, facts.household_id)
            code = start_enrolment(household, "Bench tablet", facts.coordinator_id)
            db.session.commit()
            return code

    return make
