"""/api/v1/: thin views over `cohousing.api.services`, documented by their schemas.

Each view carries its access rule (`api_token_required`, the scopes it needs); the scope
has already opened the household of the URL (another organisation's is 404), and the
register writes the call after the answer. Lists are paged by cursor and carry an ETag:
a system that sends `If-None-Match` with it gets 304 when nothing changed.
"""

from __future__ import annotations

from flask import abort, current_app, g, request
from werkzeug.exceptions import HTTPException

from cohousing.api import v1
from cohousing.api.forms.schemas import (
    Contributions,
    HouseholdPage,
    PageArgs,
    PeriodArgs,
    StayPage,
    VisitArgs,
    VisitPage,
    WellbeingAggregates,
)
from cohousing.api.forms.schemas import Household as HouseholdSchema
from cohousing.api.models import Scope
from cohousing.api.services import (
    bearer_secret,
    contributions_of,
    decode_cursor,
    hash_secret,
    household_view,
    households_page,
    period_for,
    stays_page,
    visits_page,
    wellbeing_aggregates,
)
from cohousing.extensions import limiter
from cohousing.households.models import Household
from cohousing.security import api_token_required

REFUSALS = (
    (401, "UNAUTHORIZED", "No token, or a revoked or expired one."),
    (403, "FORBIDDEN", "The token lacks the scope this needs."),
    (429, "TOO_MANY_REQUESTS", "Too many calls with this token; wait a minute."),
)


RATE_LIMIT = "120 per minute"  # per token; API_RATE_LIMIT in the config overrides it


def token_key() -> str:
    """Calls are counted per token (its hash), or per address when there is none."""
    secret = bearer_secret()
    return "token:" + hash_secret(secret) if secret else "address:" + (request.remote_addr or "")


def rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", RATE_LIMIT)


limiter.limit(rate_limit, key_func=token_key)(v1)


HOUSEHOLD_NOT_FOUND = "No such household of yours."
PAGE_NOT_FOUND = "No such page: a cursor this API did not give."


def read(rule: str, scope: Scope, schema, *, query=None):
    """One GET of the API: its route, its access rule (the token's scope), an ETag, its
    query arguments and answer (documented from the schemas), and the refusals it may get."""
    not_found = HOUSEHOLD_NOT_FOUND if "<int:household_id>" in rule else PAGE_NOT_FOUND

    def decorate(view):
        for code, name, text in (*REFUSALS, (404, "NOT_FOUND", not_found)):
            view = v1.alt_response(code, response=name, description=text)(view)
        view = v1.response(200, schema)(view)
        if query is not None:
            view = v1.arguments(query, location="query")(view)
        return v1.get(rule)(api_token_required(scope)(v1.etag(view)))

    return decorate


def after(args: dict) -> int | None:
    """The id a cursor stands for; a cursor this API never gave points at no page: 404."""
    if args["cursor"] is None:
        return None
    try:
        return decode_cursor(args["cursor"])
    except ValueError:
        abort(404, "No such page: start again without a cursor.")


def paged(page) -> dict:
    return {"items": page.items, "next_cursor": page.next_cursor}


def json_error(error: HTTPException):
    """The API answers in JSON, whatever refused the call (access, scope, limiter)."""
    payload = {"code": error.code, "status": error.name, "message": error.description}
    data = getattr(error, "data", None) or {}  # webargs: which argument was refused, and why
    if "messages" in data:
        payload["errors"] = data["messages"]
    return payload, error.code


for _code in (400, 401, 403, 404, 405, 422, 429, 500):
    v1.register_error_handler(_code, json_error)


@read("/households", Scope.HOUSEHOLDS, HouseholdPage, query=PageArgs)
def households(args):
    """The organisation's households, with their dwelling and lease."""
    page = households_page(after(args), args["limit"])
    return {"items": [household_view(h) for h in page.items], "next_cursor": page.next_cursor}


@read("/households/<int:household_id>", Scope.HOUSEHOLDS, HouseholdSchema)
def household(household: Household):
    """One household, with its dwelling and lease."""
    return household_view(household)


@read("/households/<int:household_id>/stays", Scope.HOUSEHOLDS, StayPage, query=PageArgs)
def stays(args, household: Household):
    """Who lived there, from when to when; the names only with `residents:read`."""
    return paged(stays_page(household, g.api_token.scope_set, after(args), args["limit"]))


@read("/visits", Scope.VISITS, VisitPage, query=VisitArgs)
def visits(args):
    """The social-case export: date, household, resident, kind, professional and the
    areas rated of every visit. Notes never leave Cohousing."""
    return paged(
        visits_page(g.api_token.scope_set, after(args), args["limit"], args["since"], args["until"])
    )


@read("/households/<int:household_id>/contributions", Scope.MONEY, Contributions)
def contributions(household: Household):
    """Each resident's monthly contribution: the last six months and what is overdue."""
    return contributions_of(household)


@read(
    "/households/<int:household_id>/wellbeing",
    Scope.AGGREGATES,
    WellbeingAggregates,
    query=PeriodArgs,
)
def wellbeing(args, household: Household):
    """Check-ins per day, and the mood's average only on days three or more residents
    shared it: at most the 92 days up to `to` (today at the latest); none when `from` is
    after `to`."""
    return wellbeing_aggregates(household, period_for(household, args["from_"], args["to"]))
