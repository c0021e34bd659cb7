"""Error pages in the user's language; a failed request leaves nothing half-saved."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from cohousing.extensions import db


def register(app: Flask) -> None:
    def page(code: int):
        def handler(error):
            db.session.rollback()
            return render_template(f"errors/{code}.html", error=error), code

        return handler

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, page(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_template("errors/400.html", error=error, csrf=True), 400
