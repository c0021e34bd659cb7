"""One log line per request (request id, method, route, status, ms) and no personal data."""

from __future__ import annotations

import logging
import re

import pytest

from tests.fixtures.people import PASSWORD

LINE = re.compile(
    r"request_id=(?P<id>[A-Za-z0-9._-]+) method=(?P<method>[A-Z]+) route=(?P<route>\S+) "
    r"status=(?P<status>\d{3}) ms=(?P<ms>\d+\.\d)"
)


def _lines(caplog) -> list[re.Match]:
    records = [r for r in caplog.records if r.name == "cohousing.requests"]
    return [LINE.fullmatch(r.getMessage()) for r in records]


def test_each_request_logs_one_line_and_sends_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="cohousing.requests")
    response = client.get("/auth/login")
    (line,) = _lines(caplog)
    assert line is not None, caplog.records[0].getMessage()
    assert line["method"] == "GET" and line["route"] == "staff.login"
    assert line["status"] == "200" and float(line["ms"]) >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["id"])
    assert response.headers["X-Request-ID"] == line["id"]


def test_a_sane_request_id_from_the_proxy_is_kept(client, caplog):
    caplog.set_level(logging.INFO, logger="cohousing.requests")
    response = client.get("/auth/login", headers={"X-Request-ID": "lb-7f3a9c.01_x"})
    assert response.headers["X-Request-ID"] == "lb-7f3a9c.01_x"
    assert _lines(caplog)[0]["id"] == "lb-7f3a9c.01_x"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 65, "Anna Bianchi", "id forged=line", "ab<script>cd"]
)
def test_an_odd_request_id_is_replaced(client, caplog, incoming):
    caplog.set_level(logging.INFO, logger="cohousing.requests")
    response = client.get("/auth/login", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert incoming not in caplog.text


def test_refusals_redirects_and_unknown_urls_are_logged_too(client, caplog):
    caplog.set_level(logging.INFO, logger="cohousing.requests")
    client.get("/households/")  # not signed in: to the sign-in page
    client.get("/no/such/page")
    client.post("/auth/logout", headers={"X-CSRFToken": "wrong"})  # CSRF refused
    lines = [(m["method"], m["route"], m["status"]) for m in _lines(caplog)]
    assert lines == [
        ("GET", "households.index", "303"),
        ("GET", "-", "404"),
        ("POST", "staff.logout", "400"),
    ]


def test_load_balancer_probes_log_at_debug_only(client, caplog):
    caplog.set_level(logging.INFO, logger="cohousing.requests")
    client.get("/healthz")
    assert _lines(caplog) == []
    caplog.set_level(logging.DEBUG, logger="cohousing.requests")
    client.get("/healthz")
    assert _lines(caplog)[0]["route"] == "health.healthz"


def test_no_names_emails_or_notes_reach_the_logs(
    client, login, coordinator, household, anna_bianchi, resident_client, caplog, capsys
):
    """A few requests full of names, emails and free text; the logs hold none of them."""
    caplog.set_level(logging.DEBUG)
    secret_note = "Vede spesso la sorella Lucia"
    client.post("/auth/login", data={"email": coordinator.email, "password": "wrong one!"})
    login(coordinator)
    client.get(f"/households/{household.id}")
    client.get("/households/", query_string={"q": "Anna Bianchi", "email": coordinator.email})
    client.post(
        f"/households/{household.id}/residents/new",
        data={"display_name": "Giuseppina Neri", "pin": "2468", "pin_confirm": "2468"},
    )
    client.post(
        f"/households/{household.id}/visits/new",
        data={"summary": secret_note, "notes": secret_note},
    )
    tablet = resident_client(household, anna_bianchi, "1234")
    tablet.get("/tablet/today")
    tablet.post("/tablet/wellbeing/checkin", data={"mood": "2", "note": secret_note})
    tablet.post("/tablet/house/help", data={"text": secret_note, "kind": "offer"})
    logged = caplog.text + capsys.readouterr().err
    assert "request_id=" in logged  # the requests were logged
    for private in (
        "Anna",
        "Bianchi",
        "Bruno",
        "Giuseppina",
        "Lucia",
        coordinator.email,
        coordinator.display_name,
        PASSWORD,
        "wrong one!",
        "Casa Serena",
    ):
        assert private not in logged, private
