"""Household scope, decided once per request before any view runs.

Every id in a URL is listed here, or the app refuses to start (deny by default): a new
route with a new kind of id needs one line below before it can ship. For each request the
household comes from the URL (checked against the staff member's links), or from the
enrolled tablet; every other id must belong to that household (or to the record named
before it, `parent`), otherwise the answer is 404, so another group's records do not even
show that they exist. A staff URL without a household (a concern) takes the household of
its record, checked the same way. The views receive the loaded objects by name:
`expense_id` in the URL becomes `expense`, `household_id` becomes `household`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from operator import attrgetter

from flask import Flask, abort, g, request
from werkzeug.routing import Rule

from cohousing.extensions import db


@dataclass(frozen=True)
class Scoped:
    """A URL id: the model it names, and how a row says where it belongs."""

    model: str  # "area.models:Class"
    link: str = "household_id"  # attribute path to the household's id (or the parent's id)
    parent: str | None = None  # the URL id this record belongs to (a meeting's point)

    def load(self, value: int):
        module, _, name = self.model.partition(":")
        model = getattr(importlib.import_module(f"cohousing.{module}"), name)
        return db.session.get(model, value)


SCOPED: dict[str, Scoped] = {
    "absence_id": Scoped("chores.models:Absence"),
    "agreement_id": Scoped("community.models:Agreement"),
    "assignment_id": Scoped("chores.models:ChoreAssignment"),
    "chore_id": Scoped("chores.models:Chore"),
    "concern_id": Scoped("wellbeing.models:Concern"),
    "contribution_payment_id": Scoped("money.models:ContributionPayment", link="household_id"),
    "expense_id": Scoped("money.models:Expense"),
    "feed_id": Scoped("chores.models:CalendarFeed"),
    "goal_id": Scoped("visits.models:Goal"),
    "link_id": Scoped("households.models:WorkerLink"),
    "meeting_id": Scoped("community.models:Meeting"),
    "notice_id": Scoped("community.models:Notice"),
    "payment_id": Scoped("money.models:Payment"),
    "point_id": Scoped("community.models:AgendaPoint", link="meeting_id", parent="meeting_id"),
    "poll_id": Scoped("community.models:Poll"),
    "post_id": Scoped("community.models:HelpPost"),
    "recurring_id": Scoped("money.models:RecurringExpense"),
    "swap_id": Scoped("chores.models:ChoreSwap", link="assignment.household_id"),
    "tablet_id": Scoped("tablet.models:Tablet"),
    "visit_id": Scoped("visits.models:Visit"),
}
# Ids that belong to no household: staff accounts, only on admin pages, scoped by
# organisation (see _unscoped); organisations, only on the installation admin's pages;
# API tokens, only on their organisation admin's page.
UNSCOPED_IDS: dict[str, str] = {
    "account_id": "staff.models:StaffAccount",
    "organisation_id": "organisations.models:Organisation",
    "provider_id": "staff.models:IdentityProvider",
    "api_token_id": "api.models:ApiToken",
}
# Ids of residents: scoped by membership (see _person).
PERSON_IDS = frozenset({"person_id"})
# URL values that are not record ids.
NOT_IDS = frozenset({"household_id", "token", "filename", "version", "v"})


def check_url_map(app: Flask) -> None:
    """At start-up: every URL value is known here, so none can skip the scope."""
    known = NOT_IDS | SCOPED.keys() | UNSCOPED_IDS.keys() | PERSON_IDS
    for rule in app.url_map.iter_rules():
        unknown = set(rule.arguments) - known
        if unknown:
            raise RuntimeError(f"{rule.rule}: add {sorted(unknown)} to cohousing.security.scope")


def resolve_scope(kind: str, *, manage: bool = False) -> None:
    """Load the household and every record the URL names; 404 for anything out of scope.
    On a page that manages the household (`manage`), it must be the organisation's own."""
    from cohousing.security.access import open_household

    args = request.view_args or {}
    household = None
    if "household_id" in args:
        household = open_household(args["household_id"], manage=manage)
    elif kind in ("device", "resident"):
        household = g.tablet.household
    loaded: dict[str, object] = {}
    for name, value in args.items():
        if name in NOT_IDS:
            continue
        if name in PERSON_IDS:
            loaded[name] = _person(value, household, kind)
        elif name in UNSCOPED_IDS:
            loaded[name] = _unscoped(name, value)
        else:
            loaded[name], household = _scoped(SCOPED[name], value, household, loaded, manage)
    if household is not None:
        g.household = household
    _hand_to_view(args, household, loaded)


def _scoped(spec: Scoped, value: int, household, loaded: dict, manage: bool):
    """The record, checked against its parent or its household (which it may decide)."""
    from cohousing.security.access import open_household

    row = spec.load(value)
    if row is None:
        abort(404)
    owner = attrgetter(spec.link)(row)
    if spec.parent is not None:
        if owner != loaded[spec.parent].id:  # type: ignore[attr-defined]
            abort(404)
    elif household is None:
        household = open_household(owner, manage=manage)
    elif owner != household.id:
        abort(404)
    return row, household


def _unscoped(name: str, value: int):
    """A staff account the admin manages (another organisation's is 404); an organisation
    (its pages are the installation admin's alone, by their access rule)."""
    from cohousing.security.access import can_manage_account, can_manage_provider

    module, _, model_name = UNSCOPED_IDS[name].partition(":")
    model = getattr(importlib.import_module(f"cohousing.{module}"), model_name)
    row = db.session.get(model, value)
    if row is None:
        abort(404)
    if name == "account_id" and not can_manage_account(row):
        abort(404)
    if name == "provider_id" and not can_manage_provider(row):
        abort(404)
    if name == "api_token_id" and not _own_organisation(row.organisation_id):
        abort(404)
    return row


def _own_organisation(organisation_id: int) -> bool:
    """An API token: its organisation's admin's alone (by the page's rule and here)."""
    from flask_login import current_user

    return current_user.is_authenticated and current_user.organisation_id == organisation_id


def _person(person_id: int, household, kind: str):
    """A resident of the URL's household (ever), of the tablet's household (now), or for
    staff without a household in the URL, a resident of a household they may open."""
    from cohousing.households.services import is_current_resident, was_resident
    from cohousing.people.models import Person
    from cohousing.security.access import can_see_person

    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    if kind in ("device", "resident"):
        if not is_current_resident(person.id, household):
            abort(404)
    elif household is not None:
        if not was_resident(person.id, household):
            abort(404)
    elif not can_see_person(person):
        abort(404)
    return person


def _hand_to_view(args: dict, household, loaded: dict) -> None:
    """The view receives objects, not ids: `expense_id` becomes `expense`."""
    if household is not None and "household_id" in args:
        del args["household_id"]
        args["household"] = household
    for name, row in loaded.items():
        del args[name]
        args[name.removesuffix("_id")] = row


def scoped_rules(app: Flask) -> list[Rule]:
    """The routes whose URL names a household or one of its records (for the scope test)."""
    ids = SCOPED.keys() | PERSON_IDS | {"household_id"}
    return [rule for rule in app.url_map.iter_rules() if set(rule.arguments) & ids]
