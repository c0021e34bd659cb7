"""The committed OpenAPI document (docs/openapi.json, linked from the README) is the one
the app serves; the reading page works offline under its own, narrow CSP."""

from __future__ import annotations

from scripts.openapi import DOCUMENT, served_document


def test_committed_document_equals_the_served_one():
    assert DOCUMENT.read_text(encoding="utf-8") == served_document(), (
        "docs/openapi.json is out of date: run .venv/bin/python scripts/openapi.py"
    )


def test_document_names_every_scope_and_the_token_scheme(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert set(document["paths"]) == {
        "/api/v1/households",
        "/api/v1/households/{household_id}",
        "/api/v1/households/{household_id}/stays",
        "/api/v1/households/{household_id}/contributions",
        "/api/v1/households/{household_id}/wellbeing",
        "/api/v1/visits",
    }
    text = str(document)
    assert "note" not in text.lower().replace("notes never", "")


def test_docs_page_loads_only_vendored_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "http" not in policy
    page = response.get_data(as_text=True)
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in page
    assert "https://" not in page
    assert client.get("/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/swagger-ui-5.35.0/LICENSE").status_code == 200


def test_other_pages_keep_the_strict_policy(client):
    policy = client.get("/auth/login").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "data:" not in policy
