"""Filters and globals every template can use."""

from urllib.parse import urlsplit

import flask_babel
from flask import Flask, g, request
from flask_babel import get_locale
from flask_login import current_user

from cohousing.web.amounts import format_amount
from cohousing.web.i18n import LANGUAGE_NAMES
from cohousing.web.urls import safe_next


def money(cents: int | None) -> str:
    """Integer cents as the reader writes euros: 1.234,50 € or €1,234.50."""
    if cents is None:
        return ""
    return format_amount(cents)


def _page_to_return_to() -> str:
    """Where the language switch leads back: this page, or for a POST the page it came from.

    A POST-only URL (a one-time link page, a 422 answer) cannot be opened again with GET.
    """
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return "/"
    path = f"{referrer.path}?{referrer.query}" if referrer.query else referrer.path
    return safe_next(path) or "/"


def one_decimal(value: float | None) -> str:
    """A mean such as a mood, with one decimal in the page's language ("3,9" in Italian)."""
    return "" if value is None else flask_babel.format_decimal(value, format="0.0")


def register(app: Flask) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(one_decimal, "one_decimal")

    @app.context_processor
    def globals_for_templates():
        return {
            "LANGUAGE_NAMES": LANGUAGE_NAMES,
            "current_locale": str(get_locale()),
            "current_resident": g.get("resident"),
            "current_tablet": g.get("tablet"),
            "is_staff": current_user.is_authenticated,
            "request_path": _page_to_return_to(),
        }

    @app.after_request
    def forget_a_revoked_device(response):
        # The security headers are set in `web.headers`.
        if g.get("forget_device"):
            response.delete_cookie(app.config["DEVICE_COOKIE_NAME"])
        return response
