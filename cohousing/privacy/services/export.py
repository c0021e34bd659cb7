"""Everything held about one person (GDPR Art. 15 and 20), read from every table that
points at them, so a table added later is in the export the day it is added.

`person_data` gathers the sections: each is a table's rows where one of its columns names
the person (a check-in's `person_id`, a payment's `from_person_id`…), plus the rows that
hang from those (a visit's observations, a concern's history). The page shows them, the
JSON file holds them all, the CSV file is one table per section, one after the other.
Secrets the app keeps about a person (the PIN's hash, session ids, job claims) and the
photo's bytes are left out; the page says a photo is held.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, and_, or_, select, true

from cohousing.audit.services import record, safe_cell
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.people.models import Person

LEFT_OUT = frozenset(
    {"pin_hash", "tablet_session_hash", "photo", "claim_token", "claimed_at", "dedupe_key"}
)
# Rows that hang from a row about the person: (child table, its column, parent table).
CHILDREN = (
    ("visit_observation", "visit_id", "visit"),
    ("concern_event", "concern_id", "concern"),
)
# What each section is called on the page; a table not named here shows its own name.
TITLES = {
    "person": _l("You"),
    "membership": _l("Stays"),
    "checkin": _l("Check-ins"),
    "checkin_week": _l("Check-ins kept as weekly scores"),
    "wellbeing_profile": _l("What you share with workers"),
    "concern": _l("Concerns"),
    "concern_event": _l("What happened to the concerns"),
    "visit": _l("Visits about you"),
    "visit_observation": _l("What was noted at the visits"),
    "goal": _l("Personal goals"),
    "absence": _l("Absences"),
    "chore_assignment": _l("Chores"),
    "chore_completion": _l("Chores done"),
    "chore_credit": _l("Chore credits"),
    "chore_swap": _l("Chore swaps"),
    "chore_exclusion": _l("Chores you are left out of"),
    "capacity_share": _l("How many chores you take"),
    "calendar_feed": _l("Calendar links"),
    "expense": _l("Expenses"),
    "expense_payer": _l("Expenses you paid"),
    "expense_share": _l("Your share of expenses"),
    "payment": _l("Payments"),
    "contribution": _l("Rent contribution"),
    "contribution_payment": _l("Rent contribution paid"),
    "recurring_expense": _l("Recurring expenses"),
    "recurring_share": _l("Your share of recurring expenses"),
    "chore_balance": _l("Your fair share of the chores"),
    "chore_plan_change": _l("Your chore turns that moved"),
    "money_balance": _l("Your balance in the house money"),
    "expense_change": _l("Changes you made to expenses"),
    "expense_receipt": _l("Receipt photos you attached"),
    "payment_change": _l("Changes you made to payments"),
    "share_proposal": _l("Proposals to change what you share"),
    "notice": _l("Notices you wrote"),
    "notice_read": _l("Notices you read"),
    "help_post": _l("Help you asked for or offered"),
    "agenda_point": _l("Points you brought to house meetings"),
    "meeting_attendance": _l("House meetings you attended"),
    "poll_vote": _l("Your votes in house polls"),
    "checkin_buddy": _l("The housemate asked when you do not check in"),
    "ladder_rung": _l("Who was told when you did not check in"),
    "all_fine_choice": _l("Your choices about the daily “all fine” email"),
    "audit_event": _l("Access register: who saw or changed what about you"),
}
ORDER = tuple(TITLES)


@dataclass
class Section:
    table: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES.get(self.table, self.table.replace("_", " ")))


@dataclass
class PersonData:
    person: Person
    produced_at: datetime
    sections: list[Section]
    has_photo: bool

    def as_json(self) -> str:
        return json.dumps(
            {
                "person_id": self.person.id,
                "produced_at": self.produced_at.isoformat(timespec="seconds"),
                "has_photo": self.has_photo,
                "sections": {s.table: s.rows for s in self.sections},
            },
            ensure_ascii=False,
            indent=2,
            default=_plain,
        )

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        for section in self.sections:
            writer.writerow([f"# {section.table}"])
            writer.writerow(section.columns)
            for row in section.rows:
                writer.writerow([safe_cell(_plain(row[c])) for c in section.columns])
            writer.writerow([])
        return out.getvalue()


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _person_columns(table: Table) -> list:
    return [
        column
        for column in table.columns
        if any(fk.column.table.name == "person" for fk in column.foreign_keys)
    ]


def _rows(table: Table, where) -> list[dict]:
    columns = [c for c in table.columns if c.name not in LEFT_OUT]
    query = select(*columns).where(where)
    if "id" in table.c:
        query = query.order_by(table.c.id)
    return [dict(row._mapping) for row in db.session.execute(query)]


def _section(table: Table, rows: list[dict]) -> Section:
    return Section(table.name, [c.name for c in table.columns if c.name not in LEFT_OUT], rows)


def _within(table: Table, organisation_id: int | None):
    """A row of a household belongs to that household's organisation; a coordinator's
    export holds only their organisation's (the resident's own export holds everything)."""
    if organisation_id is None or "household_id" not in table.c:
        return true()
    households = db.metadata.tables["household"]
    own = select(households.c.id).where(households.c.organisation_id == organisation_id)
    column = table.c.household_id
    return or_(column.is_(None), column.in_(own))


def person_data(person: Person, organisation_id: int | None = None) -> PersonData:
    """Every row that names the person, by table, and what hangs from those rows; with
    `organisation_id`, of that organisation's households only."""
    tables = db.metadata.tables
    found: dict[str, list[dict]] = {}
    found["person"] = _rows(tables["person"], tables["person"].c.id == person.id)
    for table in db.metadata.sorted_tables:
        columns = _person_columns(table)
        if not columns or table.name == "person":
            continue
        where = or_(*(column == person.id for column in columns))
        rows = _rows(table, and_(where, _within(table, organisation_id)))
        if rows:
            found[table.name] = rows
    for child, link, parent in CHILDREN:
        ids = [row["id"] for row in found.get(parent, [])]
        if ids:
            rows = _rows(tables[child], tables[child].c[link].in_(ids))
            if rows:
                found[child] = rows
    names = sorted(found, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    sections = [_section(tables[name], found[name]) for name in names]
    return PersonData(person, clock.now(), sections, person.has_photo)


def note_exported(person: Person, household_id: int, how: str) -> None:
    """Producing the export is itself written in the register."""
    record("person.exported", household_id=household_id, subject_person_id=person.id, detail=how)


def export_name(person: Person, extension: str) -> str:
    return f"person-{person.id}-{clock.now().strftime('%Y%m%d')}.{extension}"
