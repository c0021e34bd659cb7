"""Households area."""

from flask import Blueprint

bp = Blueprint("households", __name__, url_prefix="/households")
