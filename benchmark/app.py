"""The app under test, plus what only the benchmark needs, kept out of the production app.

gunicorn loads `benchmark.app:create_bench_app()`. It is the real app (same
blueprints, same before/after request hooks), with:

- `/_bench/bare`: returns "ok", the ceiling for any page of this app;
- `/_bench/select?id=N`: one select by primary key, rendered by a tiny Jinja template,
  the ceiling for a page that reads the database at all;
- an `X-Query-Count` header on every response: SQL statements run for that request.
"""

from __future__ import annotations

import os
import secrets

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    has_request_context,
    render_template,
    request,
)
from sqlalchemy import event

from cohousing import create_app
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.security import public
from config import ProductionConfig

DATABASE_ENV = "COHOUSING_BENCH_DATABASE_URL"
SECRET_ENV = "COHOUSING_BENCH_SECRET_KEY"
QUERY_COUNT_HEADER = "X-Query-Count"

bp = Blueprint("bench", __name__, url_prefix="/_bench", template_folder="templates")


@bp.get("/bare")
@public
def bare() -> str:
    return "ok"


@bp.get("/select")
@public
def one_select() -> str:
    household = db.session.get(Household, request.args.get("id", 1, type=int))
    if household is None:
        abort(404)
    return render_template("bench/select.html", household=household)


def bench_config(database_url: str, secret_key: str) -> type[ProductionConfig]:
    """Production settings (no debug, argon2 default profile) on the bench database."""

    class BenchConfig(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SECRET_KEY = secret_key

    return BenchConfig


def create_bench_app(database_url: str | None = None, secret_key: str | None = None) -> Flask:
    database_url = database_url or os.environ[DATABASE_ENV]
    secret_key = secret_key or os.environ.get(SECRET_ENV) or secrets.token_urlsafe(48)
    app = create_app(bench_config(database_url, secret_key))
    app.register_blueprint(bp)
    with app.app_context():
        install_query_counter(app)
    return app


def install_query_counter(app: Flask) -> None:
    """Count statements per request; the header is set after every other after_request."""

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany) -> None:
        if has_request_context():
            g.bench_queries = g.get("bench_queries", 0) + 1

    def _header(response: Response) -> Response:
        response.headers[QUERY_COUNT_HEADER] = str(g.get("bench_queries", 0))
        return response

    # after_request functions run last-registered first: put ours first so it runs last.
    app.after_request_funcs.setdefault(None, []).insert(0, _header)
