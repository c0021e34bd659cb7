"""Cohousing: run a co-housing home together; follow the groups you support."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from config import CONFIGS, Config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | str | None = None) -> Flask:
    """Build the app. `config` is a config class or a name from config.CONFIGS."""
    import os

    app = Flask(__name__, template_folder=str(ROOT / "templates"))
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("COHOUSING_CONFIG", "development")]
    config.check()
    app.config.from_object(config)
    init_secret_key(app)
    init_proxy(app)
    init_request_log(app)
    init_url_converters(app)
    init_extensions(app)
    init_security(app)
    init_blueprints(app)
    init_read_models()
    init_templates(app)
    init_headers(app)
    init_errors(app)
    init_cli(app)
    return app


def init_secret_key(app: Flask) -> None:
    """Use SECRET_KEY from the environment, or one generated once and kept in instance/."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def init_proxy(app: Flask) -> None:
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def init_request_log(app: Flask) -> None:
    """First of the request hooks: one log line per request, timed from the start."""
    from cohousing.web.request_log import init_request_log as start_logging

    start_logging(app)


def init_headers(app: Flask) -> None:
    from cohousing.web.headers import init_headers as add_security_headers

    add_security_headers(app)


def init_url_converters(app: Flask) -> None:
    """`<int:…>` stops at the largest database id, so /households/99999999999 is a 404.

    Without the bound PostgreSQL refuses the number and the page would be a 500.
    """
    from werkzeug.routing import IntegerConverter

    class DatabaseId(IntegerConverter):
        def __init__(self, map, *args, **kwargs) -> None:
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseId


def init_extensions(app: Flask) -> None:
    from cohousing.database import registry  # noqa: F401  (every table, for migrations)
    from cohousing.extensions import babel, compress, csrf, db, login_manager, migrate
    from cohousing.web.i18n import init_request_translations, select_locale, select_timezone
    from cohousing.web.static import init_static

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    init_request_translations(app, babel)
    login_manager.init_app(app)
    init_throttle(app)
    compress.init_app(app)
    init_static(app)  # after compress: a static file is read whole, then compressed
    with app.app_context():
        _tune_sqlite(db.engine)


def init_throttle(app: Flask) -> None:
    """One Flask-Limiter per app, so each app counts in its own storage (tests build many
    apps in one process); it limits no page itself: cohousing.staff.services.throttle
    counts wrong sign-ins with it."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    app.extensions["sign_in_limiter"] = Limiter(get_remote_address, app=app, default_limits=[])


def _tune_sqlite(engine) -> None:
    """Foreign keys on, WAL and a busy timeout, so a small house runs well on one file."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
        cursor.close()

    @event.listens_for(engine, "savepoint")
    def _begin_before_savepoint(connection, _name):
        # pysqlite opens no transaction before a SAVEPOINT, and releasing a savepoint
        # outside a transaction commits it: a claimed submission or a nested write would
        # survive the request's rollback. Open the (write) transaction first.
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def init_security(app: Flask) -> None:
    from cohousing.security import enforce_access
    from cohousing.security.register import init_register
    from cohousing.staff.services import init_login_manager
    from cohousing.web.transaction import init_request_guard

    init_login_manager(app)
    init_request_guard(app)
    init_register(app)  # marks health pages before the access rule may refuse them
    app.before_request(enforce_access)


# The areas, each a package holding `bp`, and `views` (a module or a package) that attaches
# the routes. Views are imported here, not by the package, so importing a model never drags
# in views.
AREAS = (
    "people",
    "staff",
    "households",
    "tablet",
    "money",
    "wellbeing",
    "visits",
    "dashboard",
    "audit",
    "community",
    "chores",
    "privacy",
    "organisations",
    "api",
)


def init_blueprints(app: Flask) -> None:
    import importlib

    from cohousing.api.views.spec import init_api
    from cohousing.security.scope import check_url_map
    from cohousing.web import health
    from cohousing.web.transaction import init_transactions

    for area in AREAS:
        package = importlib.import_module(f"cohousing.{area}")
        importlib.import_module(f"cohousing.{area}.views")
        app.register_blueprint(package.bp)
    app.register_blueprint(health.bp)  # /healthz, /readyz: no area, no scope
    init_api(app)  # the JSON API's blueprint, through flask-smorest: its OpenAPI document
    check_url_map(app)
    init_transactions(app)


def init_read_models() -> None:
    """Summaries kept on every write, in the same transaction (see dashboard.services.kept)."""
    from cohousing.dashboard.services import init_kept_summaries

    init_kept_summaries()


def init_templates(app: Flask) -> None:
    from cohousing.web.template_helpers import register

    register(app)


def init_errors(app: Flask) -> None:
    from cohousing.web.errors import register

    register(app)


def init_cli(app: Flask) -> None:
    from cohousing.cli import cli

    app.cli.add_command(cli)
