"""One log line per request: request id, route, method, status and time taken, nothing else.

The line names the route by its endpoint (`tablet.today`), never by its path or query
string: paths carry tokens (password links, calendar feeds) and query strings can carry
names. No name, email, note or form value is ever logged here. The request id is also
sent back as `X-Request-ID`; a sane one from the proxy in front is kept, so its log and
ours can be matched. Load-balancer probes (`/healthz`, `/readyz`) log at DEBUG only.

    request_id=5f0c… method=POST route=money.tablet_add status=303 ms=41.2
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from cohousing.web.health import HEALTH_ENDPOINTS

log = logging.getLogger("cohousing.requests")
REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """This request's id: the proxy's when it sent a sane one, else a new random one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def init_request_log(app: Flask) -> None:
    """Register first, so the time covers the whole request (the access check included)."""
    log.setLevel(logging.INFO)
    _ = app.logger  # Flask gives the "cohousing" loggers a handler if nothing else does

    @app.before_request
    def _start() -> None:
        g.request_id = request_id()
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        rid = g.get("request_id") or request_id()
        response.headers[REQUEST_ID_HEADER] = rid
        started = g.get("request_started")
        ms = f"{(time.perf_counter() - started) * 1000:.1f}" if started is not None else "-"
        level = logging.DEBUG if request.endpoint in HEALTH_ENDPOINTS else logging.INFO
        log.log(
            level,
            "request_id=%s method=%s route=%s status=%d ms=%s",
            rid,
            request.method,
            request.endpoint or "-",
            response.status_code,
            ms,
        )
        return response
