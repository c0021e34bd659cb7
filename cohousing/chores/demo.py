"""Demo chores: two weeks of history (done, helped, skipped, missed) and the 14 days ahead.

Made through the chore services: the past is planned and marked with the clock set back to
each day, as if the house had used the tablet all along. Runs once: a household that
already has a completion gets nothing more.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from cohousing.chores.models import ChoreAssignment, ChoreCompletion
from cohousing.chores.services import extend_plan, mark_done, skip
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.people.models import Person

PAST_DAYS = 14


def add_chores_demo(household: Household) -> list[str]:
    """Plan and play the last 14 days, then plan the next 14; the lines say what was added."""
    done_before = db.session.scalar(
        select(ChoreCompletion.id)
        .join(ChoreAssignment, ChoreAssignment.id == ChoreCompletion.assignment_id)
        .where(ChoreAssignment.household_id == household.id)
    )
    if done_before:
        return []
    today = household.today()
    first = today - timedelta(days=PAST_DAYS)
    for membership in db.session.scalars(
        select(Membership).where(Membership.household_id == household.id)
    ):
        membership.started_on = min(membership.started_on, first)  # they lived there already
    db.session.flush()
    with clock.frozen_at(datetime.combine(first, time(7), tzinfo=UTC)):
        extend_plan(household)  # the 14 days from `first`, as planned back then
    done = skipped = 0
    turns = db.session.scalars(
        select(ChoreAssignment)
        .where(ChoreAssignment.household_id == household.id, ChoreAssignment.due_on < today)
        .order_by(ChoreAssignment.due_on, ChoreAssignment.id)
    ).all()
    people = {p.id: p for p in db.session.scalars(select(Person))} if turns else {}
    ids = sorted({t.person_id for t in turns if t.person_id})
    for number, turn in enumerate(turns):
        if turn.person_id is None or number % 9 == 4:
            continue  # missed: it shows as not done
        evening = datetime.combine(turn.due_on, time(17, 30), tzinfo=UTC)
        with clock.frozen_at(evening):
            if number % 11 == 6:
                skip(turn, people[turn.person_id], "ill")
                skipped += 1
                continue
            helpers = [i for i in ids if i != turn.person_id][:1] if number % 5 == 0 else []
            mark_done(turn, people[turn.person_id], helpers)
            done += 1
    extend_plan(household)
    db.session.flush()
    return [f"{household.name}: {done} chores done and {skipped} skipped in the last two weeks."]
