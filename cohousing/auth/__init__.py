"""Auth area."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from cohousing.auth import views  # noqa: E402, F401
