"""Error pages in the user's language; a failed request leaves nothing half-saved."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from cohousing.extensions import db

API_PATH = "/api/"  # the JSON API (cohousing.api), whose routes answer errors in JSON


def register(app: Flask) -> None:
    def page(code: int):
        def handler(error):
            db.session.rollback()
            # 405 says which methods the URL takes (RFC 9110): keep the error's Allow.
            allow = getattr(error, "valid_methods", None)
            headers = {"Allow": ", ".join(sorted(allow))} if allow else {}
            if request.path.startswith(API_PATH):  # no API route matched: still JSON
                body = {"code": code, "status": error.name, "message": error.description}
                return body, code, headers
            return render_template(f"errors/{code}.html", error=error), code, headers

        return handler

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, page(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_template("errors/400.html", error=error, csrf=True), 400
