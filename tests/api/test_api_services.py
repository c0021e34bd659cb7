"""The API's rules without HTTP: tokens (hashed, shown once, scoped, expiring), cursors,
periods, and the wellbeing aggregates hidden below three sharers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import select

from cohousing.api.models import ApiToken
from cohousing.api.services import (
    contributions_of,
    create_token,
    decode_cursor,
    hash_secret,
    identify_token,
    period_for,
    revoke_token,
    tokens_of,
    wellbeing_aggregates,
)
from cohousing.api.services.pages import encode_cursor
from cohousing.extensions import db
from cohousing.money.services import set_contribution
from cohousing.rules import RuleError
from cohousing.staff.models import Role


@pytest.fixture
def org_admin(make_staff):
    return make_staff(Role.ORG_ADMIN)


def test_a_token_is_kept_only_as_its_hash(org_admin, clock):
    made = create_token(
        org_admin, name="Cartella", scopes=["visits:read"], expires_on=date(2026, 12, 31)
    )
    stored = db.session.scalars(select(ApiToken)).one()
    assert made.secret.startswith("cohousing_") and len(made.secret) > 40
    assert stored.secret_hash == hash_secret(made.secret)
    assert made.secret not in (stored.secret_hash, stored.prefix, stored.name, stored.scopes)
    assert stored.organisation_id == org_admin.organisation_id
    assert stored.scope_set == {"visits:read"}


@pytest.mark.parametrize(
    ("name", "scopes", "expires_on", "field"),
    [
        ("  ", ["visits:read"], date(2026, 12, 31), "name"),
        ("X", [], date(2026, 12, 31), "scopes"),
        ("X", ["health:read"], date(2026, 12, 31), "scopes"),
        ("X", ["visits:read"], None, "expires_on"),
        ("X", ["visits:read"], date(2026, 11, 25), "expires_on"),  # today
        ("X", ["visits:read"], date(2028, 1, 1), "expires_on"),  # past one year
    ],
)
def test_token_rules(org_admin, name, scopes, expires_on, field):
    with pytest.raises(RuleError) as refused:
        create_token(org_admin, name=name, scopes=scopes, expires_on=expires_on)
    assert field in refused.value.errors


def test_identify_refuses_unknown_expired_and_revoked(app, org_admin, clock):
    made = create_token(org_admin, name="X", scopes=["visits:read"], expires_on=date(2026, 12, 1))
    header = {"Authorization": f"Bearer {made.secret}"}
    with app.test_request_context(headers=header):
        assert identify_token() is made.token and g.api_token is made.token
    with app.test_request_context(headers={"Authorization": "Bearer cohousing_guess"}):
        assert identify_token() is None
    with app.test_request_context(headers={"Authorization": f"Basic {made.secret}"}):
        assert identify_token() is None
    clock.advance(timedelta(days=7))  # 2 December
    with app.test_request_context(headers=header):
        assert identify_token() is None
    clock.advance(timedelta(days=-7))
    revoke_token(made.token)
    with app.test_request_context(headers=header):
        assert identify_token() is None


def test_tokens_of_lists_the_organisation_s_own(org_admin, make_staff, other_organisation):
    create_token(org_admin, name="Nostro", scopes=["money:read"], expires_on=date(2026, 12, 1))
    theirs = make_staff(Role.ORG_ADMIN, organisation=other_organisation)
    create_token(theirs, name="Loro", scopes=["money:read"], expires_on=date(2026, 12, 1))
    lines = tokens_of(org_admin.organisation_id)
    assert [(line.token.name, line.last_used_at, line.works) for line in lines] == [
        ("Nostro", None, True)
    ]


def test_cursors_round_trip_and_refuse_anything_else():
    assert decode_cursor(encode_cursor(1234)) == 1234
    for bad in ("", "!!", encode_cursor(1)[:-1] + "*", "LTE", "OTk5OTk5OTk5OTk5"):
        with pytest.raises(ValueError):
            decode_cursor(bad)


def test_period_ends_today_at_the_latest_and_keeps_at_most_92_days(household):
    today = household.today()
    assert period_for(household, None, None).first == today - timedelta(days=13)
    assert period_for(household, None, today + timedelta(days=5)).last == today
    empty = period_for(household, today, today - timedelta(days=1))
    assert wellbeing_aggregates(household, empty)["days"] == []
    long = period_for(household, today - timedelta(days=400), today)
    assert (long.last - long.first).days == 91


def test_mood_average_hidden_below_three_sharers(make_household, add_checkins):
    three = make_household(
        "Casa Tre", residents=(("Uno", "1111"), ("Due", "2222"), ("Tre", "3333"))
    )
    two = make_household("Casa Due", residents=(("Quattro", "4444"), ("Cinque", "5555")))
    add_checkins(three, days=2, mood=4)
    add_checkins(two, days=2, mood=2)
    today = three.today()
    period = period_for(three, today - timedelta(days=1), today)
    shown = wellbeing_aggregates(three, period)["days"]
    hidden = wellbeing_aggregates(two, period)["days"]
    assert [(d["checkins"], d["mood_average"]) for d in shown] == [(3, 4.0), (3, 4.0)]
    assert [(d["checkins"], d["mood_average"]) for d in hidden] == [(2, None), (2, None)]


def test_contributions_and_arrears_per_resident(household, clock):
    anna = household.memberships[0].person
    set_contribution(household, anna.id, monthly_cents=5000, starts_on=date(2026, 10, 1))
    db.session.commit()
    body = contributions_of(household)
    [line] = body["residents"]
    assert line["person_id"] == anna.id
    assert line["arrears_cents"] == 10000  # October and November, both past the 5th
    assert [m["month"] for m in line["months"]] == [date(2026, 10, 1), date(2026, 11, 1)]
