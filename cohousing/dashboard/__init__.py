"""The workers' side: the dashboard of followed households, a household's summary, and the
coordinators' overview. `services` gathers (and keeps the summaries), `views` renders."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
