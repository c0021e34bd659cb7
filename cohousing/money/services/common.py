"""What every money service shares: who acts, who lives there, dates, labels, history."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import (
    current_membership_clause,
    household_people,
    is_current_resident,
    was_resident,
)
from cohousing.money.models import ChangeKind, ExpenseCategory
from cohousing.people.models import Person
from cohousing.staff.models import StaffAccount

MAX_DAYS_AHEAD = 31  # a date further ahead is a typing mistake


CATEGORY_LABELS = {
    ExpenseCategory.GROCERIES: _l("Food and groceries"),
    ExpenseCategory.HOUSEHOLD: _l("Things for the house"),
    ExpenseCategory.RENT: _l("Rent"),
    ExpenseCategory.UTILITIES: _l("Bills (electricity, gas, water)"),
    ExpenseCategory.INTERNET: _l("Internet and phone"),
    ExpenseCategory.REPAIRS: _l("Repairs"),
    ExpenseCategory.OTHER: _l("Other"),
}
NOT_A_MEMBER = _l("Choose people who live in this household.")


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a resident, a staff member, or the system (both None)."""

    person_id: int | None = None
    staff_id: int | None = None

    @classmethod
    def current(cls) -> Actor:
        """The resident picked on the tablet, else the signed-in staff member, else system."""
        if not has_request_context():
            return cls()
        resident = g.get("resident")
        if resident is not None:
            return cls(person_id=resident.id)
        if current_user and current_user.is_authenticated:
            return cls(staff_id=current_user.id)
        return cls()


SYSTEM = Actor()


def members_on(household_id: int, person_ids: set[int], on: date) -> set[int]:
    """Which of `person_ids` lived in the household on `on` (one query)."""
    return _with_a_stay(household_id, person_ids, current_membership_clause(on))


def moved_out_by(household_id: int, person_ids: set[int], on: date) -> set[int]:
    """Which of `person_ids` had a stay in the household that ended on or before `on`
    (one query). With `members_on` it tells a former resident: moved out, not back."""
    return _with_a_stay(household_id, person_ids, Membership.ended_on <= on)


def _with_a_stay(household_id: int, person_ids: set[int], stay) -> set[int]:
    if not person_ids:
        return set()
    return set(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.household_id == household_id,
                Membership.person_id.in_(person_ids),
                stay,
            )
        )
    )


def sharing(people: Iterable[Person]) -> list[Person]:
    """Who takes part in the house's costs by default: not a child or a guest
    (`Person.shares_expenses`). Anyone can still be chosen for one expense."""
    return [person for person in people if person.shares_expenses]


def too_far_ahead(day: date, today: date) -> bool:
    return day > today + timedelta(days=MAX_DAYS_AHEAD)


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for what changed, for the history rows."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's history: when, what kind of change, by whom, old -> new."""

    at: datetime
    kind: ChangeKind
    person_name: str | None  # the resident who did it
    staff_name: str | None  # or the staff member; both None: the system (a schedule)
    changes: dict


def history_of(change_model, key_column, key: int) -> list[HistoryEntry]:
    """The history rows of one expense or payment, oldest first, with names, in one query."""
    rows = db.session.execute(
        select(change_model, Person.display_name, StaffAccount.display_name)
        .outerjoin(Person, Person.id == change_model.by_person_id)
        .outerjoin(StaffAccount, StaffAccount.id == change_model.by_staff_id)
        .where(key_column == key)
        .order_by(change_model.id)
    ).all()
    return [
        HistoryEntry(change.at, change.kind, person, staff, json.loads(change.changes))
        for change, person, staff in rows
    ]


def people_of(household: Household) -> dict[int, Person]:
    """Everyone who ever lived in the household (moved-out residents too), by id: one query."""
    return household_people(household)[0]


def current_resident(household: Household, person_id: int | None) -> Person | None:
    """The household's current resident with this id (an id sent by a form), or None."""
    if person_id is None or not is_current_resident(person_id, household):
        return None
    return db.session.get(Person, person_id)


def resident_ever(household: Household, person_id: int | None) -> Person | None:
    """Someone who lives or lived in the household, with this id (sent by a form), or None.

    A resident who moved out can still be paid (settling up); the payment rules say when.
    """
    if person_id is None or not was_resident(person_id, household):
        return None
    return db.session.get(Person, person_id)
