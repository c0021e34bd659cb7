"""Tablet area."""

from flask import Blueprint

bp = Blueprint("tablet", __name__, url_prefix="/tablet")

from cohousing.tablet import views  # noqa: E402, F401
