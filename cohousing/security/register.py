"""The access register is written here, once, after the response: never by a view.

`HEALTH_PAGES` names every page that shows a resident's wellbeing, concerns, visit notes
or goals, with the register action it writes. The access rule of those pages carries the
action (`Access.register`), and from it, after the view has answered:

- the answer says `Cache-Control: no-store`, so no browser or proxy keeps a copy;
- the register gets one row per resident whose records were on the page (found in what
  the templates were given: concerns, visits, goals, check-ins, the residents of a mood
  chart), one row for the household when the records were about the house, or, when
  nothing was found, one row for the household and resident the URL named;
- a refused attempt by staff (403, 404, or the request failed) is written too, as
  `access.refused` with the page's action in the detail, after the rest rolled back.

A test walks the URL map and fails when a page showing such data is not listed here.

Every call of the API (`API_ENDPOINTS`, cohousing.api) is registered the same way, as
`api.called`, with the token (its id, and its name in the detail), refused ones included.
"""

from __future__ import annotations

import dataclasses

from flask import Flask, Response, g, request, template_rendered
from flask_login import current_user

from cohousing.extensions import db

HEALTH_PAGES: dict[str, str] = {
    "dashboard.index": "dashboard.viewed",
    "dashboard.summary": "summary.viewed",
    "wellbeing.concern_list": "concern.viewed",
    "wellbeing.concern_detail": "concern.viewed",
    "wellbeing.household_wellbeing": "wellbeing.viewed",
    "visits.visit_list": "visit.viewed",
    "visits.visit_detail": "visit.viewed",
    "visits.goal_list": "goal.viewed",
    "money.staff_receipt": "receipt.viewed",  # a photo of what a resident bought
    # the resident's own pages on the tablet: not cached; their own look is not a row
    "wellbeing.mine": "wellbeing.viewed",
    "visits.tablet_written": "visit.viewed",
    "audit.who_looked": "register.viewed",
    "privacy.mine": "person.viewed_own",
    # the coordinator's export and erasure pages
    "privacy.export_page": "person.viewed_all",
    "privacy.erase_confirm": "person.viewed_all",
}

# The records whose presence on a page makes it a health page: (module, class names).
HEALTH_MODELS = {
    "cohousing.wellbeing.models": {"CheckIn", "Concern", "ConcernEvent", "WellbeingProfile"},
    "cohousing.visits.models": {"Visit", "VisitObservation", "Goal"},
}
MAX_DEPTH = 4


API_ENDPOINTS = "api_v1."  # the JSON API's blueprint: every call is in the register
API_ACTION = "api.called"


def register_action(endpoint: str | None) -> str | None:
    if (endpoint or "").startswith(API_ENDPOINTS):
        return API_ACTION
    return HEALTH_PAGES.get(endpoint or "")


def caller_detail(detail: str) -> str:
    """The register's detail of a request: an API call's starts with its token's name."""
    token = g.get("api_token")
    return (f"{token.name}: {detail}" if token is not None else detail)[:200]


def _subjects_in(value, found: set, seen: set, depth: int = 0) -> None:
    """(household_id, person_id) of every health record reachable from a template value."""
    if depth > MAX_DEPTH or id(value) in seen:
        return
    seen.add(id(value))
    cls = type(value)
    if cls.__name__ in HEALTH_MODELS.get(cls.__module__, ()):
        person_id = getattr(value, "person_id", None)
        household_id = getattr(value, "household_id", None)
        if household_id is None:  # an observation, an event: its parent says where
            parent = getattr(value, "visit", None) or getattr(value, "concern", None)
            household_id = getattr(parent, "household_id", None)
            person_id = getattr(parent, "person_id", person_id)
        found.add((household_id, person_id))
        return
    if isinstance(value, dict):
        _resident_line(value.get("person"), value.get("household"), found)
        for item in list(value.values())[:500]:
            _subjects_in(item, found, seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in list(value)[:500]:
            _subjects_in(item, found, seen, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _resident_line(getattr(value, "person", None), getattr(value, "household", None), found)
        for field in dataclasses.fields(value):
            _subjects_in(getattr(value, field.name, None), found, seen, depth + 1)


def _resident_line(person, household, found: set) -> None:
    """A resident's line of a mood chart or of the wellbeing page: about that resident."""
    household = household if household is not None else g.get("household")
    if type(person).__name__ == "Person" and household is not None:
        found.add((household.id, person.id))


def _on_render(_app, template, context, **_extra) -> None:
    if g.get("register_action") is None:
        return
    found = g.setdefault("register_subjects", set())
    seen: set = set()
    for name, value in context.items():
        if name in ("g", "request", "session", "current_user", "config"):
            continue
        _subjects_in(value, found, seen)


def _staff() -> bool:
    """Rows are written for staff and API tokens: a resident reading their own records is
    no access."""
    if g.get("api_token") is not None:
        return True
    return bool(current_user and current_user.is_authenticated) and g.get("resident") is None


def _living_in(household_ids: set[int]) -> dict[int, list[int]]:
    """The residents living in each household today: one query for all of them."""
    from sqlalchemy import select

    from cohousing.households.models import Household, Membership

    if not household_ids:
        return {}
    rows = db.session.execute(
        select(Membership, Household)
        .join(Household, Household.id == Membership.household_id)
        .where(Membership.household_id.in_(sorted(household_ids)))
    ).all()
    living: dict[int, list[int]] = {}
    for membership, household in rows:
        if membership.is_current(household.today()):
            living.setdefault(household.id, []).append(membership.person_id)
    return living


def _subjects() -> list[tuple[int | None, int | None]]:
    subjects = g.get("register_subjects") or set()
    about_house = {h for h, person_id in subjects if person_id is None and h is not None}
    living = _living_in(about_house)
    rows: set[tuple[int | None, int | None]] = set()
    for household_id, person_id in subjects:
        if person_id is not None:
            rows.add((household_id, person_id))
            continue
        residents = living.get(household_id, []) if household_id is not None else []
        for resident_id in residents:  # about the house: about everyone living there
            rows.add((household_id, resident_id))
        if not residents:
            rows.add((household_id, None))
    if not rows:
        household = g.get("household")
        person = (request.view_args or {}).get("person")
        rows.add(
            (
                household.id if household is not None else None,
                getattr(person, "id", None) if person is not None else None,
            )
        )
    return sorted(rows, key=lambda row: (row[0] or 0, row[1] or 0))


def _write(response: Response) -> Response:
    from cohousing.audit.services import record, record_views

    action = g.get("register_action")
    if action is None:
        return response
    response.headers["Cache-Control"] = "no-store"
    if not _staff():
        return response
    detail = caller_detail(request.full_path.rstrip("?"))
    if response.status_code in (401, 403, 404) or response.status_code >= 500:
        if g.get("refusal_recorded"):
            return response
        db.session.rollback()
        household = g.get("household")
        record(
            "access.refused",
            household_id=household.id if household is not None else None,
            detail=f"{action} {response.status_code} {detail}",
        )
    elif request.method == "GET":  # a change (POST) writes its own row, in its service
        record_views(action, _subjects(), detail)
    db.session.commit()
    return response


def init_register(app: Flask) -> None:
    """Mark health requests first thing; write their rows after the answer."""

    from cohousing.security.access import access_rule

    @app.before_request
    def _mark_health_request() -> None:
        rule = access_rule(request.endpoint)
        g.register_action = rule.register if rule is not None else None

    template_rendered.connect(_on_render, app)
    app.after_request(_write)
