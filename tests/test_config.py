"""Configuration: safe production settings, a kept local secret, the proxy switch."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohousing import create_app
from cohousing.security import public
from config import Config, ProductionConfig, SettingsError, TestConfig


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://x/y")
    with pytest.raises(SettingsError, match="SECRET_KEY") as stop:
        create_app(ProductionConfig)
    assert stop.value.code == 3


def test_a_production_start_without_secret_key_is_one_clear_line(tmp_path):
    """Run as an operator would: no traceback, one line saying what to set."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env |= {"COHOUSING_CONFIG": "production", "DATABASE_URL": "postgresql+psycopg://x/y"}
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run(  # noqa: S603 (our own command, no shell)
        [flask, "--app", "cohousing", "db", "current"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode == 3
    assert lines == [
        "Cohousing cannot start: production needs SECRET_KEY set to at least 32 random characters."
    ]


def test_production_refuses_to_start_without_a_database_url(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 40)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", "")
    with pytest.raises(SettingsError, match="DATABASE_URL"):
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
