"""What changed for each resident when the plan moved their turns ("your Tuesday kitchen
turn moved to Thursday"): noted by the rota as it stores a plan, shown on the resident's
today screen in the tablet's language until they tap "Got it" or the days have passed.

For each resident and chore, the days they lost and the days they got in one re-plan are
paired in date order: a pair is a turn that moved; what is left over is a turn that went
to someone else, or a new one. A note about a turn that moves again is replaced.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from cohousing.chores.models import PlanChange
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.people.models import Person

SHOWN_AT_MOST = 6
DAY_FORMAT = "EEEE d MMMM"

Move = tuple[int, date, int | None, int | None]  # chore id, day, from person, to person


def _pairs(lost: list[date], got: list[date]) -> list[tuple[date | None, date | None]]:
    lost, got = sorted(lost), sorted(got)
    paired = list(zip(lost, got, strict=False))
    rest_lost = [(day, None) for day in lost[len(paired) :]]
    rest_got = [(None, day) for day in got[len(paired) :]]
    return [*paired, *rest_lost, *rest_got]


def note(household: Household, moves: list[Move]) -> list[PlanChange]:
    """Note, for both residents of each turn that changed hands, what changed for them."""
    now = clock.now()
    keys = {(chore_id, day) for chore_id, day, _old, _new in moves}
    for earlier in db.session.scalars(
        select(PlanChange).where(
            PlanChange.household_id == household.id,
            PlanChange.seen_at.is_(None),
            PlanChange.chore_id.in_({chore_id for chore_id, _day in keys}),
        )
    ):
        if (earlier.chore_id, earlier.from_on) in keys or (earlier.chore_id, earlier.to_on) in keys:
            earlier.seen_at = now  # that turn moved again: the new note says where it is
    lost: dict[tuple[int, int], list[date]] = defaultdict(list)
    got: dict[tuple[int, int], list[date]] = defaultdict(list)
    for chore_id, day, old, new in moves:
        if old is not None:
            lost[(old, chore_id)].append(day)
        if new is not None:
            got[(new, chore_id)].append(day)
    notes = [
        PlanChange(
            household_id=household.id,
            person_id=person_id,
            chore_id=chore_id,
            from_on=from_on,
            to_on=to_on,
            created_at=now,
        )
        for person_id, chore_id in sorted(set(lost) | set(got))
        for from_on, to_on in _pairs(lost[(person_id, chore_id)], got[(person_id, chore_id)])
    ]
    db.session.add_all(notes)
    return notes


def for_person(household: Household, person: Person) -> list[PlanChange]:
    """The notes this resident has not dismissed, about days from today on (one query)."""
    today = household.today()
    return list(
        db.session.scalars(
            select(PlanChange)
            .where(
                PlanChange.household_id == household.id,
                PlanChange.person_id == person.id,
                PlanChange.seen_at.is_(None),
                or_(PlanChange.from_on >= today, PlanChange.to_on >= today),
            )
            .options(joinedload(PlanChange.chore))
            .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
            .limit(SHOWN_AT_MOST)
        )
    )


def words(change: PlanChange) -> str:
    """The note in the reader's language, dates through Babel."""
    chore = change.chore.name
    if change.from_on is not None and change.to_on is not None:
        return _(
            "Your “%(chore)s” turn on %(day)s moved to %(new_day)s.",
            chore=chore,
            day=format_date(change.from_on, DAY_FORMAT),
            new_day=format_date(change.to_on, DAY_FORMAT),
        )
    if change.from_on is not None:
        return _(
            "Your “%(chore)s” turn on %(day)s went to someone else.",
            chore=chore,
            day=format_date(change.from_on, DAY_FORMAT),
        )
    return _(
        "New for you: “%(chore)s” on %(day)s.",
        chore=chore,
        day=format_date(change.to_on, DAY_FORMAT),
    )


def dismiss(household: Household, person: Person) -> int:
    """ "Got it": the resident's notes are not shown again. Returns how many."""
    return db.session.execute(
        update(PlanChange)
        .where(
            PlanChange.household_id == household.id,
            PlanChange.person_id == person.id,
            PlanChange.seen_at.is_(None),
        )
        .values(seen_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
