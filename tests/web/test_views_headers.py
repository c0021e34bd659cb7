"""Browser hardening: the headers of every page in the URL map, and templates that need no
inline script or style (the Content-Security-Policy allows neither)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cohousing import create_app
from cohousing.people.models import AVATAR_COLOURS
from cohousing.security.access import access_rule
from cohousing.staff.models import Role
from config import ProductionConfig
from tests.fixtures.scope import url_for_rule

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "cohousing" / "static"


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_hardened(response, where: str) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'none'"], where
    assert csp["script-src"] == ["'self'"], where
    assert csp["style-src"] == ["'self'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["base-uri"] == ["'none'"], where
    assert csp["form-action"] == ["'self'"], where
    assert csp["object-src"] == ["'none'"], where
    assert "unsafe" not in response.headers["Content-Security-Policy"], where
    features = response.headers["Permissions-Policy"].split(",")
    permissions = dict(p.strip().split("=") for p in features)
    assert set(permissions.values()) == {"()"}, where  # nothing is allowed
    assert {"camera", "microphone", "geolocation"} <= set(permissions), where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["Referrer-Policy"] == "same-origin", where
    assert response.headers["X-Frame-Options"] == "DENY", where
    assert "Strict-Transport-Security" not in response.headers, where  # not in tests


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=|javascript:", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
        found += [html[max(0, m.start() - 30) : m.end() + 30] for m in pattern.finditer(html)]
    return found


@pytest.fixture
def clients(
    client,
    app,
    login,
    installation_admin,
    admin,
    coordinator,
    worker,
    household,
    anna_bianchi,
    resident_client,
    api_client,
):
    """Who opens each kind of page: a staff member of a role the page allows, the enrolled
    tablet, a resident on it, an organisation's system with an API token, or nobody."""
    from cohousing.extensions import db

    db.session.expire_all()
    by_role = {
        Role.ADMIN: login(installation_admin, c=app.test_client()),
        Role.ORG_ADMIN: login(admin, c=app.test_client()),
        Role.COORDINATOR: login(coordinator, c=app.test_client()),
        Role.WORKER: login(worker, c=app.test_client()),
    }
    resident = resident_client(household, anna_bianchi, "1234")
    device = app.test_client()
    name = app.config["DEVICE_COOKIE_NAME"]
    device.set_cookie(name, resident.get_cookie(name).value)
    return {
        "staff": by_role,
        "device": device,
        "resident": resident,
        "token": api_client(),
        "public": client,
    }


def _client_for(rule, clients):
    access = access_rule(rule.endpoint)
    if access.kind == "staff":
        role = next(r for r in Role if r in access.roles)
        return clients["staff"][role]
    return clients[access.kind]


def test_every_page_carries_the_policy_and_no_inline_code(app, records_of_a, clients):
    opened, wrong = 0, []
    with app.test_request_context():
        rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods]
        plan = [
            (rule, _client_for(rule, clients))
            for rule in rules
            # The API's reading page runs Swagger UI under its own, wider policy: checked
            # in tests/api/test_openapi_document.py.
            if rule.endpoint not in ("static", "api.docs")
        ]
    for rule, c in plan:
        url = url_for_rule(rule, records_of_a)
        if not url:
            continue  # a URL of a secret token: checked through its own tests
        for headers in ({}, {"HX-Request": "true"}):
            response = c.get(url, headers=headers)
            assert_hardened(response, url)
            assert response.headers.get("X-Request-ID"), url
            if response.status_code == 200 and response.mimetype == "text/html":
                opened += 1
                found = inline_code(response.get_data(as_text=True))
                if found:
                    wrong.append(f"{url}: {found[:2]}")
    assert wrong == []
    assert opened > 120  # the walk really opened the pages, as the right people


def test_static_files_and_error_pages_carry_the_policy(client):
    assert_hardened(client.get("/static/css/app.css"), "static")
    assert_hardened(client.get("/no/such/page"), "404")


def test_production_adds_strict_transport_security():
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 40
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    response = create_app(Production).test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


# --- templates: nothing the policy would block ----------------------------------------


def test_no_template_has_an_inline_script_style_or_handler():
    wrong = {}
    for path in TEMPLATES.rglob("*.html"):
        found = inline_code(path.read_text(encoding="utf-8"))
        if found:
            wrong[str(path.relative_to(ROOT))] = found
    assert wrong == {}


def test_htmx_injects_nothing_the_policy_blocks():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', base)
    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False  # its <style> would be refused
    assert config["allowEval"] is False  # no hx-on, no eval: no 'unsafe-eval' needed
    assert "style" not in config["attributesToSettle"]
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    assert ".htmx-indicator {" in css and ".htmx-request .htmx-indicator" in css


def test_the_static_css_has_every_class_the_templates_use_for_style():
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    for colour in AVATAR_COLOURS:
        assert f".colour-{colour[1:]} {{ --avatar: {colour}; }}" in css, colour
    for n in range(101):
        assert f".pct-{n} {{ --pct: {n}%; }}" in css, n
