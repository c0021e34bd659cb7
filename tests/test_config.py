"""Configuration: safe production settings, a kept local secret, the proxy switch."""

import pytest

from cohousing import create_app
from cohousing.security import public
from config import Config, ProductionConfig, TestConfig


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://x/y")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_to_start_without_a_database_url(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 40)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", "")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


def test_local_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    class LocalConfig(Config):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'local.sqlite3'}"

    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    first = create_app(LocalConfig)
    second = create_app(LocalConfig)
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert len(first.config["SECRET_KEY"]) >= 48
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert "SECRET" not in first.config["SECRET_KEY"]


def test_proxy_fix_makes_links_https_and_keeps_the_client_address():
    class ProxiedConfig(TestConfig):
        BEHIND_PROXY = True

    app = create_app(ProxiedConfig)

    @app.get("/_probe")
    @public
    def probe():
        from flask import request, url_for

        return f"{request.remote_addr} {url_for('staff.login', _external=True)}"

    response = app.test_client().get(
        "/_probe",
        headers={
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "casa.example.org",
        },
    )
    assert response.get_data(as_text=True) == ("203.0.113.7 https://casa.example.org/auth/login")


def test_without_the_proxy_switch_forwarded_headers_are_ignored():
    app = create_app(TestConfig)

    @app.get("/_probe")
    @public
    def probe():
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get("/_probe", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "127.0.0.1"


def test_ids_too_large_for_the_database_are_not_found(client, login, coordinator):
    login(coordinator)
    for url in ("/households/2147483648", "/households/99999999999999999999"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)
