"""The database of a fault run: the benchmark's city (short history), and for each client a
household, its resident, and chore turns of their own to mark done."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy import insert, select

from benchmark import database
from benchmark import scale as scale_module
from benchmark.app import create_bench_app
from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreArea,
    ChoreAssignment,
    RecurrenceKind,
)
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership

HISTORY_DAYS = 12  # enough city for the pages; fills in about a second
CHORE_NAME = "Faults: wipe the table"
CHORE_POINTS = 2


@dataclass
class Plan:
    """What one client works on: its household, its resident, its own chore turns."""

    index: int
    household_id: int
    person_id: int
    resident_ids: list[int]
    timezone: str
    turn_ids: list[int] = field(default_factory=list)
    new_enrolment_code: Callable[[], str] | None = None


def prepare(url: str, say: Callable[[str], None]) -> tuple[Flask, str]:
    """A new database with the schema of the migrations and the city; returns the app on
    it and the secret key the server must share (sessions and CSRF tokens)."""
    database.recreate(url)
    secret_key = secrets.token_urlsafe(48)
    app = create_bench_app(url, secret_key)
    say(f"schema by {database.create_schema(app)}")
    kept = scale_module.HISTORY_DAYS
    scale_module.HISTORY_DAYS = HISTORY_DAYS
    try:
        seconds = database.fill(app, 1, 1, lambda line: None)
    finally:
        scale_module.HISTORY_DAYS = kept
    say(f"city filled in {seconds} s")
    return app, secret_key


def plans(app: Flask, clients: int, turns: int) -> list[Plan]:
    """One household per client (each has its own tablet: no two residents share a device),
    with a daily chore whose `turns` past turns are planned for the client's resident."""
    facts = database.bench_facts(app)
    with app.app_context():
        households = db.session.scalars(
            select(Household).where(Household.archived_at.is_(None)).order_by(Household.id)
        ).all()
        found: list[Plan] = []
        for household in households:
            residents = list(
                db.session.scalars(
                    select(Membership.person_id)
                    .where(Membership.household_id == household.id, Membership.ended_on.is_(None))
                    .order_by(Membership.person_id)
                )
            )
            if residents:
                plan = Plan(len(found), household.id, residents[0], residents, household.timezone)
                found.append(plan)
            if len(found) == clients:
                break
        if len(found) < clients:
            raise RuntimeError(f"only {len(found)} households with residents for {clients}")
        for plan in found:
            plan.turn_ids = add_chore_turns(plan, turns)
        db.session.commit()
    for plan in found:
        one = database.BenchFacts(
            plan.household_id, plan.person_id, facts.coordinator_id, facts.worker_id
        )
        plan.new_enrolment_code = database.enrolment_code_maker(app, one)
    return found


def add_chore_turns(plan: Plan, turns: int) -> list[int]:
    today = clock.today_in(plan.timezone)
    chore = Chore(
        household_id=plan.household_id,
        name=CHORE_NAME,
        icon="dishes",
        effort_points=CHORE_POINTS,
        area=ChoreArea.COMMON,
        recurrence_kind=RecurrenceKind.DAILY,
        active=True,
    )
    db.session.add(chore)
    db.session.flush()
    rows = [
        {
            "household_id": plan.household_id,
            "chore_id": chore.id,
            "due_on": today - timedelta(days=day),
            "person_id": plan.person_id,
            "status": AssignmentStatus.PLANNED,
        }
        for day in range(1, turns + 1)
    ]
    db.session.execute(insert(ChoreAssignment), rows)
    return list(
        db.session.scalars(
            select(ChoreAssignment.id)
            .where(ChoreAssignment.chore_id == chore.id)
            .order_by(ChoreAssignment.due_on.desc())
        )
    )
