"""The API over HTTP: tokens and their scopes, another organisation's 404, the register,
cursor pages, ETags, JSON errors and the rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cohousing.api.services import revoke_token
from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.visits.models import VisitKind
from cohousing.visits.services import VisitData, log_visit


def _api_rows(token_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.api_token_id == token_id).order_by(AuditEvent.id)
        )
    )


def test_households_lists_only_the_organisation_s_own(
    api_client, household, other_household, make_household, other_organisation
):
    elsewhere = make_household("Casa Lontana", organisation=other_organisation)
    response = api_client().get("/api/v1/households")
    assert response.status_code == 200
    names = [h["name"] for h in response.json["items"]]
    assert names == ["Casa Serena", "Casa Altrove"]
    assert elsewhere.name not in names
    first = response.json["items"][0]
    assert first["dwelling"]["address"] == "Via Fillungo 1, Lucca"
    assert first["dwelling"]["monthly_rent_cents"] == 90000
    assert "notes" not in first["dwelling"]


def test_another_organisation_s_household_is_404_and_registered(
    api_client, make_token, household, other_organisation
):
    made = make_token(organisation=other_organisation, name="Sistema ASL")
    response = api_client(made.secret).get(f"/api/v1/households/{household.id}")
    assert response.status_code == 404
    assert response.json["code"] == 404  # JSON, not the screens' HTML page
    rows = _api_rows(made.token.id)
    assert [(r.action, r.household_id, r.actor_role) for r in rows] == [
        ("access.refused", household.id, "api")
    ]
    assert rows[0].detail.startswith("Sistema ASL: ")


def test_no_token_expired_or_revoked_is_401(api_client, make_token, household, clock):
    assert api_client("nonsense").get("/api/v1/households").status_code == 401
    client_without = api_client("x")
    client_without.environ_base.pop("HTTP_AUTHORIZATION")
    response = client_without.get("/api/v1/households")
    assert response.status_code == 401
    assert response.is_json
    short = make_token(days=1)
    clock.advance(timedelta(days=2))
    assert api_client(short.secret).get("/api/v1/households").status_code == 401
    revoked = make_token()
    revoke_token(revoked.token)
    db.session.commit()
    assert api_client(revoked.secret).get("/api/v1/households").status_code == 401


def test_a_missing_scope_is_403(api_client, household):
    client = api_client(scopes=["households:read"])
    assert client.get("/api/v1/households").status_code == 200
    assert client.get("/api/v1/visits").status_code == 403
    assert client.get(f"/api/v1/households/{household.id}/contributions").status_code == 403
    assert client.get(f"/api/v1/households/{household.id}/wellbeing").status_code == 403


def test_every_call_is_registered_with_the_token_s_name(make_token, api_client, household):
    made = make_token(name="Gestionale affitti")
    client = api_client(made.secret)
    client.get(f"/api/v1/households/{household.id}")
    client.get("/api/v1/households")
    rows = _api_rows(made.token.id)
    assert [(r.action, r.household_id) for r in rows] == [
        ("api.called", household.id),
        ("api.called", None),
    ]
    assert rows[1].detail == "Gestionale affitti: /api/v1/households"


def test_stays_name_residents_only_with_residents_read(api_client, household):
    url = f"/api/v1/households/{household.id}/stays"
    unnamed = api_client(scopes=["households:read"]).get(url).json["items"]
    named = api_client(scopes=["households:read", "residents:read"]).get(url).json["items"]
    assert [s["name"] for s in unnamed] == [None, None]
    assert sorted(s["name"] for s in named) == ["Anna Bianchi", "Bruno Rossi"]


def test_cursor_pages_follow_one_another(api_client, make_household):
    for n in range(5):
        make_household(f"Casa {n}")
    client = api_client()
    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/households", query_string=query).json
        seen += [h["name"] for h in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Casa {n}" for n in range(5)]
    malformed = client.get("/api/v1/households", query_string={"cursor": "not-ours!"})
    assert malformed.status_code == 422
    assert "cursor" in str(malformed.json["errors"])
    unknown = client.get("/api/v1/households", query_string={"cursor": "LTE"})  # "-1"
    assert unknown.status_code == 404


def test_etag_answers_304_until_something_changes(api_client, household, make_household):
    client = api_client()
    first = client.get("/api/v1/households")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/households", headers={"If-None-Match": etag})
    assert again.status_code == 304
    make_household("Casa Nuova")
    changed = client.get("/api/v1/households", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_visits_export_has_areas_rated_never_notes(api_client, household, worker):
    anna = household.memberships[0].person
    log_visit(
        household,
        VisitData(
            kind=VisitKind.HOME,
            visited_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
            person_id=anna.id,
            agreed_actions="Segreto operativo",
            observations={
                "safety": (2, "Nota riservata sulla sicurezza"),
                "money": (None, "Solo nota"),
            },
        ),
        staff=worker,
    )
    db.session.commit()
    unnamed = api_client(scopes=["visits:read"]).get("/api/v1/visits")
    assert unnamed.status_code == 200
    [visit] = unnamed.json["items"]
    assert visit["date"] == "2026-11-24"
    assert visit["household_name"] == "Casa Serena"
    assert visit["person_id"] == anna.id and visit["resident_name"] is None
    assert visit["professional"] == worker.display_name
    assert visit["areas_rated"] == ["safety"]
    text = unnamed.get_data(as_text=True)
    assert "riservata" not in text and "Segreto" not in text and "Solo nota" not in text
    named = api_client(scopes=["visits:read", "residents:read"]).get("/api/v1/visits")
    assert named.json["items"][0]["resident_name"] == "Anna Bianchi"
    later = api_client(scopes=["visits:read"]).get(
        "/api/v1/visits", query_string={"since": "2026-11-25"}
    )
    assert later.json["items"] == []


def test_rate_limit_per_token(app, api_client, household):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        client, other = api_client(), api_client()
        assert [client.get("/api/v1/households").status_code for _ in range(3)] == [
            200,
            200,
            429,
        ]
        assert other.get("/api/v1/households").status_code == 200  # counted per token
        assert client.get("/api/v1/households").json["code"] == 429
    finally:
        del app.config["API_RATE_LIMIT"]


def test_wellbeing_and_contributions_over_http(api_client, household, add_checkins):
    add_checkins(household, days=2)
    client = api_client()
    body = client.get(
        f"/api/v1/households/{household.id}/wellbeing",
        query_string={"from": "2026-11-24", "to": "2026-11-25"},
    ).json
    assert body["from"] == "2026-11-24" and body["to"] == "2026-11-25"
    assert [(d["date"], d["checkins"], d["mood_average"]) for d in body["days"]] == [
        ("2026-11-24", 2, None),  # two residents: the average would tell who felt what
        ("2026-11-25", 2, None),
    ]
    money = client.get(f"/api/v1/households/{household.id}/contributions")
    assert money.status_code == 200 and money.json["residents"] == []


def test_errors_outside_the_routes_are_json_too(api_client):
    client = api_client()
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json["code"] == 404
    wrong_method = client.post("/api/v1/households")
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["Allow"]


def test_the_organisation_admin_s_register_shows_the_token_s_calls(
    client, login, admin, make_token, api_client, other_organisation
):
    ours = make_token(name="Cartella sociale")
    theirs = make_token(name="Sistema ASL", organisation=other_organisation)
    api_client(ours.secret).get("/api/v1/households")
    api_client(theirs.secret).get("/api/v1/households")
    login(admin)
    page = client.get("/audit/?action=api.called").get_data(as_text=True)
    assert "Cartella sociale: /api/v1/households" in page
    assert "Sistema ASL" not in page


def test_every_api_route_needs_a_token_with_a_scope_and_is_registered(app):
    from cohousing.security.access import access_rule

    with app.test_request_context():
        rules = {
            rule.endpoint: access_rule(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1/")
        }
    public = {"api.openapi", "api.docs"}
    assert len(rules) == 8
    for endpoint, rule in rules.items():
        if endpoint in public:
            assert rule.kind == "public"
            continue
        assert endpoint.startswith("api_v1.")
        assert rule.kind == "token" and rule.scopes, endpoint
        assert rule.register == "api.called", endpoint
