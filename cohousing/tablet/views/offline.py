"""The tablet app that opens without a network: its service worker and a fresh CSRF token.

The service worker needs a stable URL and scope, so it is served here (`/tablet/sw.js`,
scope `/tablet/`) and not from the versioned static URLs. Its first line names what it
keeps (the versioned static files, the picker, the resident's today screen) and the
version: a changed style sheet or script changes the worker, and the browser updates it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Response, current_app, jsonify, url_for
from flask_wtf.csrf import generate_csrf

from cohousing.security import device_required
from cohousing.tablet import bp

SHELL_FILES = (
    "css/app.css",
    "css/tablet.css",
    "css/wellbeing.css",
    "css/chores.css",
    "css/community.css",
    "vendor/htmx-2.0.11.min.js",
    "js/app.js",
    "js/tablet.js",
    "js/offline.js",
    "js/read-aloud.js",
    "icons/house.svg",
    "icons/icon-192.png",
)


def _worker_settings() -> dict:
    shell = [url_for("static", filename=name) for name in SHELL_FILES]
    return {
        "version": hashlib.sha256("".join(shell).encode()).hexdigest()[:10],
        "shell": shell,
        "scope": url_for("tablet.picker"),
        "picker": url_for("tablet.picker"),
        "today": url_for("tablet.today"),
        "lock": url_for("tablet.lock"),
        "token": url_for("tablet.queue_token"),
        "static": current_app.static_url_path + "/",
    }


@bp.get("/sw.js")
@device_required
def service_worker():
    """Only for an enrolled tablet: a revoked one cannot update its worker, and its pages
    unregister it (js/offline.js). It holds no data, only what to keep and where."""
    source = Path(current_app.static_folder, "js", "sw.js").read_text(encoding="utf-8")
    settings = json.dumps(_worker_settings(), separators=(",", ":"))
    response = Response(f"var SETTINGS = {settings};\n{source}", mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new one
    return response


@bp.get("/queue/token")
@device_required
def queue_token():
    """A fresh CSRF token for sending what was queued: the page's may be hours old."""
    return jsonify(csrf_token=generate_csrf())
