"""Static files: versioned URLs, long cache lifetimes, compressed with the pages.

Every static URL carries a hash of the file's content (`/static/css/app.css?v=1a2b3c4d5e`),
so a changed file gets a new URL and the old one may be cached for good. `static_url` makes
the URL; `url_for("static", filename=…)`, which the templates use, goes through it too (a
`url_defaults` hook adds `v`), so no template can forget it. A versioned answer is
`Cache-Control: public, max-age=31536000, immutable`; one asked for without the right
version is cached for a day only, and revalidated after.

Compression (Flask-Compress, see the README) also covers static files: they are small, so
they are read whole here (not streamed) and compressed like a page, with a Content-Length.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

YEAR = 365 * 24 * 3600
DAY = 24 * 3600
VERSIONED = f"public, max-age={YEAR}, immutable"
UNVERSIONED = f"public, max-age={DAY}"

_versions: dict[str, tuple[float, str]] = {}


def static_version(filename: str) -> str | None:
    """The first 10 hex digits of the file's SHA-256, or None if there is no such file.

    Computed once per file; in debug mode again whenever the file's modification time
    changes (an edited style sheet gets its new URL on the next page)."""
    folder = current_app.static_folder
    if folder is None:
        return None
    path = Path(folder) / filename
    key = str(path)
    known = _versions.get(key)
    if known is not None and not current_app.debug:
        return known[1]
    try:
        mtime = path.stat().st_mtime
    except (OSError, ValueError):
        return None
    if known is None or known[0] != mtime:
        known = _versions[key] = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:10])
    return known[1]


def static_url(filename: str) -> str:
    """The versioned URL of a static file (the one helper every template goes through)."""
    return url_for("static", filename=filename)


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        version = static_version(values["filename"])
        if version is not None:
            values["v"] = version


def _static_answer(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    versioned = request.args.get("v") is not None and request.args["v"] == static_version(filename)
    response.headers["Cache-Control"] = VERSIONED if versioned else UNVERSIONED
    response.headers.pop("Expires", None)
    if response.direct_passthrough:  # a file: read it whole, so it is compressed once
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response


def init_static(app: Flask) -> None:
    """Register after Flask-Compress: after_request hooks run last-registered first, so the
    file is read whole before it is compressed."""
    app.url_defaults(_add_version)
    app.add_template_global(static_url, "static_url")
    app.after_request(_static_answer)
