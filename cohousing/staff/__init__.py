"""Staff area."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from cohousing.staff import views  # noqa: E402, F401
