"""What the tablet's today screen and "why me?" show, read in a fixed number of queries.

Reading only: the turns shown are the ones planned (by the daily job and by the writes
that change the plan); nothing here plans.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import contains_eager

from cohousing.chores.models import (
    AssignmentStatus,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreSwap,
)
from cohousing.chores.services import balances, changes
from cohousing.chores.services.actions import can_undo, pending_swaps_for, skip_words
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.people.models import Person

OVERDUE_DAYS = 7  # older missed turns leave the today screen; the rota still shows them


@dataclass(frozen=True)
class WhyLine:
    person: Person
    status: str  # eligible | absent | excluded | not_member | no_capacity
    capacity: float  # 1.0 = a full share
    balance: float  # points above (+) or below (-) their fair share before this turn
    share: float  # points: their fair share of this turn

    @property
    def gap(self) -> float:
        """Where they stood once this turn's share was counted: the lowest was chosen."""
        return self.balance - self.share


@dataclass(frozen=True)
class Why:
    reason: str  # fairest | kept | swap | nobody_eligible
    points: int
    lines: list[WhyLine]
    today: dict[int, float]  # person id → balance today, points (the bars' numbers)


def why(assignment: ChoreAssignment) -> Why:
    """The numbers the planner saw when it chose, and everyone's balance today: the one
    chosen first, then those who could have done it, most behind first (two queries).
    Numbers kept before balances were counted day by day are not shown (no lines)."""
    data = json.loads(assignment.why_json or "{}")
    candidates = [c for c in data.get("candidates", []) if "balance" in c]
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Person).where(Person.id.in_([c["person_id"] for c in candidates]))
        )
    }
    lines = [
        WhyLine(
            person=people[c["person_id"]],
            status=c["status"],
            capacity=c["capacity"] / 100,
            balance=c["balance"] / 100,
            share=c["share"] / 100,
        )
        for c in candidates
        if c["person_id"] in people
    ]
    lines.sort(
        key=lambda line: (
            line.person.id != assignment.person_id,
            line.status != "eligible",
            line.gap,
            line.person.id,
        )
    )
    household = db.session.get(Household, assignment.household_id)
    today = {pid: t.balance / 100 for pid, t in balances.read(household).items()}
    return Why(assignment.reason, data.get("points", 0), lines, today)


@dataclass(frozen=True)
class Today:
    day: date
    mine_today: list[ChoreAssignment]
    mine_overdue: list[ChoreAssignment]
    house_today: list[ChoreAssignment]  # everyone's, mine included
    swaps_for_me: list[ChoreSwap]


def today_for(household: Household, person: Person | None) -> Today:
    """The today screen's chores in two queries (three with a person), however long the
    history: one for the assignments with chore, person and completion, one for helpers'
    credits, one for swap requests waiting for this person."""
    today = household.today()
    mine_overdue_clause = (
        and_(
            ChoreAssignment.person_id == person.id,
            ChoreAssignment.status == AssignmentStatus.PLANNED,
            ChoreAssignment.due_on.between(today - timedelta(days=OVERDUE_DAYS), today),
        )
        if person is not None
        else ChoreAssignment.id.is_(None)
    )
    rows = list(
        db.session.scalars(
            select(ChoreAssignment)
            .join(ChoreAssignment.chore)
            .outerjoin(ChoreAssignment.person)
            .outerjoin(
                ChoreCompletion,
                and_(
                    ChoreCompletion.assignment_id == ChoreAssignment.id,
                    ChoreCompletion.undone_at.is_(None),
                ),
            )
            .where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.due_on.between(today - timedelta(days=OVERDUE_DAYS), today),
                or_(ChoreAssignment.due_on == today, mine_overdue_clause),
            )
            .options(
                contains_eager(ChoreAssignment.chore),
                contains_eager(ChoreAssignment.person),
                contains_eager(ChoreAssignment.completion)
                .selectinload(ChoreCompletion.credits)
                .joinedload(ChoreCredit.person),
            )
            .order_by(ChoreAssignment.due_on, Chore.name, ChoreAssignment.id)
        ).unique()
    )
    mine = [a for a in rows if person is not None and a.person_id == person.id]
    return Today(
        day=today,
        mine_today=[a for a in mine if a.due_on == today],
        mine_overdue=[a for a in mine if a.due_on < today],
        house_today=[a for a in rows if a.due_on == today],
        swaps_for_me=pending_swaps_for(person, today) if person is not None else [],
    )


def today_screen(household: Household, resident: Person | None) -> dict:
    """My chores today and overdue, swap requests for me, the housemates, what changed in
    my plan: the tablet's today screen passes this to `chores/_tablet_today.html` as
    `chores_today`. A fixed number of queries, whatever the length of the history; nothing
    is planned here."""
    if resident is None:
        return {}
    return {
        "screen": today_for(household, resident),
        "housemates": [p for p in current_residents(household) if p.id != resident.id],
        "can_undo": can_undo,
        "skip_words": skip_words,
        "changes": changes.for_person(household, resident),
        "change_words": changes.words,
    }


@dataclass(frozen=True)
class ChoresWaiting:
    due_today: int
    overdue: int


def chores_waiting(household: Household) -> dict[int, ChoresWaiting]:
    """Per resident, the planned chores due today and overdue (the same days as the today
    screen's), for the faces screen: one query."""
    today = household.today()
    overdue = case((ChoreAssignment.due_on < today, 1), else_=0)
    rows = db.session.execute(
        select(ChoreAssignment.person_id, func.count(ChoreAssignment.id), func.sum(overdue))
        .where(
            ChoreAssignment.household_id == household.id,
            ChoreAssignment.person_id.is_not(None),
            ChoreAssignment.status == AssignmentStatus.PLANNED,
            ChoreAssignment.due_on.between(today - timedelta(days=OVERDUE_DAYS), today),
        )
        .group_by(ChoreAssignment.person_id)
    ).all()
    return {pid: ChoresWaiting(total - (late or 0), late or 0) for pid, total, late in rows}
