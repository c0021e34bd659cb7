"""Erasure on request (GDPR Art. 17), decided table by table.

Every column that points at a person is in exactly one list below (a test says so, so a
new table cannot be forgotten):

- DELETED: the person's wellbeing and personal records (check-ins and their weekly
  scores, sharing choices, concerns and visits about them with their history, goals,
  absences, chore preferences, calendar links, what notices they read);
- CLEARED: the person's id is taken out of records that belong to others (a concern they
  raised about a housemate, a step of a concern's history, a sharing change they made);
- KEPT: what the housemates' balances and rotas are made of (expenses, shares, payments,
  contributions, chore turns and credits) and what the house decided together (notices,
  polls, meetings, help posts). They stay, under "former resident": the name is gone;
- the access register keeps every event, with the person's ids taken out, as CommCare's
  `gdpr_scrub_user_auditcare` does. It is the one change the register accepts besides
  retention (cohousing.audit.services.maintain_register).

The person's row stays as "Former resident", without photo, PIN, language or session;
a stay that is still going ends today. Nothing is committed here: the request commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from cohousing.audit.services import maintain_register, record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.households.services import current_membership
from cohousing.money.services import balances
from cohousing.people.models import Person
from cohousing.people.services import hash_secret
from cohousing.rules import RuleError

# (table, column): the rows are deleted, with the rows that hang from them (CHILDREN).
DELETED = (
    ("checkin", "person_id"),
    ("checkin_week", "person_id"),
    ("wellbeing_profile", "person_id"),
    ("goal", "person_id"),
    ("visit", "person_id"),
    ("concern", "person_id"),
    ("absence", "person_id"),
    ("chore_exclusion", "person_id"),
    ("capacity_share", "person_id"),
    ("calendar_feed", "person_id"),
    ("notice_read", "person_id"),
    ("share_proposal", "person_id"),
    ("chore_plan_change", "person_id"),
    ("checkin_buddy", "person_id"),
    ("checkin_buddy", "buddy_id"),  # the agreement to be asked ends with the person
    ("ladder_rung", "person_id"),
    ("all_fine_choice", "person_id"),
)
CHILDREN = {
    "visit": (("visit_observation", "visit_id"),),
    "concern": (
        ("concern_alert", "concern_id"),
        ("concern_event", "concern_id"),
        ("ladder_rung", "concern_id"),
    ),
}
# (table, column): the id is set to NULL, the row stays.
CLEARED = (
    ("wellbeing_profile", "changed_by_person_id"),
    ("concern", "raised_by_person_id"),
    ("concern_event", "person_id"),
    ("audit_event", "actor_person_id"),
    ("audit_event", "subject_person_id"),
    ("expense_receipt", "by_person_id"),  # the photo stays with the housemates' expense
)
# (table, column): kept as it is; the person shows as "former resident".
KEPT = (
    ("membership", "person_id"),
    ("expense", "by_person_id"),
    ("expense_payer", "person_id"),
    ("expense_share", "person_id"),
    ("payment", "by_person_id"),
    ("payment", "from_person_id"),
    ("payment", "to_person_id"),
    ("expense_change", "by_person_id"),
    ("payment_change", "by_person_id"),
    ("recurring_expense", "by_person_id"),
    ("recurring_expense", "payer_id"),
    ("recurring_share", "person_id"),
    ("contribution", "person_id"),
    ("contribution_payment", "person_id"),
    ("contribution_payment", "by_person_id"),
    ("chore_assignment", "person_id"),
    ("chore_completion", "done_by_id"),
    ("chore_completion", "recorded_by_id"),
    ("chore_credit", "person_id"),
    ("chore_balance", "person_id"),
    ("money_balance", "person_id"),
    ("chore_swap", "from_person_id"),
    ("chore_swap", "to_person_id"),
    ("notice", "author_person_id"),
    ("meeting_attendance", "person_id"),
    ("agenda_point", "added_by_person_id"),
    ("poll_vote", "person_id"),
    ("help_post", "posted_by_id"),
    ("help_post", "taken_by_id"),
    ("help_post", "done_by_id"),
)


@dataclass
class ErasurePlan:
    """What the confirmation page names: rows that go, by table, and what stays."""

    person: Person
    deleted: dict[str, int] = field(default_factory=dict)
    cleared: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    open_balances: list[tuple[Household, int]] = field(default_factory=list)  # cents
    has_photo: bool = False

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())


def _table(name: str):
    return db.metadata.tables[name]


def _count(table: str, column: str, person_id: int) -> int:
    t = _table(table)
    return db.session.scalar(select(func.count()).select_from(t).where(t.c[column] == person_id))


def _child_ids(table: str, column: str, person_id: int) -> list[int]:
    t = _table(table)
    return list(db.session.scalars(select(t.c.id).where(t.c[column] == person_id)))


def _households_of(person: Person) -> list[Household]:
    ids = db.session.scalars(
        select(Membership.household_id).where(Membership.person_id == person.id).distinct()
    ).all()
    return [db.session.get(Household, i) for i in sorted(ids)]


def erasure_plan(person: Person) -> ErasurePlan:
    plan = ErasurePlan(person, has_photo=person.has_photo)
    for table, column in DELETED:
        if count := _count(table, column, person.id):
            plan.deleted[table] = plan.deleted.get(table, 0) + count
        for child, link in CHILDREN.get(table, ()):
            ids = _child_ids(table, column, person.id)
            c = _table(child)
            n = db.session.scalar(select(func.count()).select_from(c).where(c.c[link].in_(ids)))
            if n:
                plan.deleted[child] = plan.deleted.get(child, 0) + n
    for group, where in ((plan.cleared, CLEARED), (plan.kept, KEPT)):
        for table, column in where:
            if count := _count(table, column, person.id):
                group[table] = group.get(table, 0) + count
    for household in _households_of(person):
        cents = balances(household).get(person.id, 0)
        if cents:
            plan.open_balances.append((household, cents))
    return plan


def erase_person(person: Person, household: Household) -> ErasurePlan:
    """Erase the person (see the module's docstring). An unsettled balance does not stop
    it: the plan says which, and the money stays under "former resident"."""
    if person.erased_at is not None:
        raise RuleError(_("This person was already erased."))
    plan = erasure_plan(person)
    today = household.today()
    stay = current_membership(person.id, household.id, today)
    if stay is not None:
        stay.ended_on = max(today, stay.started_on)
    db.session.flush()
    for table, column in DELETED:
        t = _table(table)
        for child, link in CHILDREN.get(table, ()):
            c = _table(child)
            parents = select(t.c.id).where(t.c[column] == person.id)
            db.session.execute(delete(c).where(c.c[link].in_(parents)))
    maintain_register()
    for table, column in CLEARED:
        t = _table(table)
        db.session.execute(update(t).where(t.c[column] == person.id).values({column: None}))
    for table, column in DELETED:
        t = _table(table)
        db.session.execute(delete(t).where(t.c[column] == person.id))
    with force_locale(household.locale):
        person.display_name = _("Former resident")
    person.photo = None
    person.photo_version = 0
    person.preferred_language = None
    person.pin_hash = hash_secret(secrets.token_urlsafe(16))
    person.pin_failures = 0
    person.pin_locked_until = None
    person.tablet_session_hash = None
    person.erased_at = clock.now()
    db.session.flush()
    db.session.expire_all()
    record(
        "person.erased",
        household_id=household.id,
        detail=f"{plan.total_deleted} rows deleted; balances open: {len(plan.open_balances)}",
    )
    return plan
