"""Visits and personal goals: what the team saw at each visit, and what residents aim for."""

from flask import Blueprint

bp = Blueprint("visits", __name__)
