"""Schemathesis calls every operation of the served OpenAPI document with generated input:
no answer is a 5xx, and every answer matches what the document says (status, headers,
body), for a valid token, another organisation's, an expired one and none."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from cohousing import create_app
from cohousing.extensions import db
from config import TestConfig

# The document as an app of the test config serves it (it reads no database); the calls
# go to the session's app, inside the test's rolled-back transaction. (pytest 9 breaks
# schemathesis' `from_fixture`, so the schema is loaded when the module is.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(TestConfig))


@pytest.fixture
def callers(make_token, household, other_organisation, add_checkins):
    """The Authorization header of each kind of caller (none: no header)."""
    add_checkins(household, days=3)
    expired = make_token(days=1)
    expired.token.expires_on -= timedelta(days=2)
    db.session.commit()
    return {
        "valid": {"Authorization": f"Bearer {make_token().secret}"},
        "another organisation": {
            "Authorization": f"Bearer {make_token(organisation=other_organisation).secret}"
        },
        "expired": {"Authorization": f"Bearer {expired.secret}"},
        "none": {},
    }


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_documented(app, case, callers):
    # Each case is sent with each caller's token, so a case "without the Authorization
    # header" still carries one: the rejection of such negative data is not this test's to
    # judge (the token rules have their own tests in test_views.py); every other check is.
    for headers in callers.values():
        case.call_and_validate(headers=headers, app=app, excluded_checks=[negative_data_rejection])
