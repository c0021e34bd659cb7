"""Generated from the URL map: no route lets an outsider into a household.

Every route whose URL names a household or one of its records (expense, concern, visit,
chore, notice, meeting, resident…) is requested with the ids of real records of household
A, by a worker linked only to household B, by household B's tablet with a resident signed
in, by an anonymous visitor, by the coordinator and the admin of another organisation, by
the installation admin and by an API token of another organisation; with every method the
route takes (POST with a valid CSRF token), plain and with `HX-Request`. Each answer must
be a refusal (404, 403, 401 for the API, or a redirect to sign in or to enrol), and
nothing may be written. A new route is covered the day it is added; a new kind of id must
get a record below, or this test says which one is missing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.database.registry import AuditEvent
from cohousing.extensions import db
from cohousing.security.scope import scoped_rules
from tests.fixtures.scope import url_for_rule


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):  # 401: an API call without a valid token
        return True
    if response.status_code == 204:
        target = response.headers.get("HX-Redirect", "")
    elif response.status_code in (302, 303):
        target = response.headers.get("Location", "")
    else:
        return False
    return "/auth/login" in target or "/tablet/enrol" in target


def _rows() -> dict[str, int]:
    """How many rows each table has, the access register left out (refusals are kept)."""
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name in (AuditEvent.__tablename__,):
            continue
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    return counts


def test_every_household_route_refuses_outsiders_and_writes_nothing(app, records_of_a, outsiders):
    rules = scoped_rules(app)
    assert len(rules) > 60  # the walk really covers the app
    before = _rows()
    wrong = []
    for rule in rules:
        url = url_for_rule(rule, records_of_a)
        if not url:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for htmx in (False, True):
                for who, client in outsiders.items():
                    headers = {"HX-Request": "true"} if htmx else {}
                    response = client.open(url, method=method, headers=headers, data={})
                    if not _refused(response):
                        wrong.append(f"{who} {method} {url} htmx={htmx}: {response.status_code}")
    assert wrong == []
    db.session.expire_all()
    assert _rows() == before


def test_a_route_with_an_unknown_id_stops_the_app_from_starting():
    """Deny by default: a new kind of id cannot ship without its line in the scope table."""
    from flask import Flask

    from cohousing.security.scope import check_url_map

    bare = Flask("throwaway")
    bare.add_url_rule("/widgets/<int:widget_id>", "widget", lambda widget_id: "")
    with pytest.raises(RuntimeError, match="widget_id"):
        check_url_map(bare)
