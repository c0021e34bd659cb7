"""Wellbeing area: daily check-ins, "I need help", concerns and their alerts.

Routes live in staff_views.py (concerns, a household's wellbeing and settings) and
tablet_views.py (the resident's screens); the app imports them (see AREAS).
"""

from flask import Blueprint

bp = Blueprint("wellbeing", __name__)
