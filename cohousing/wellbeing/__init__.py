"""Wellbeing area: daily check-ins, "I need help", concerns and their alerts.

The rules are in `services` (other areas import only from there, `models` and `forms`);
the routes in `views`, by screen: `staff` (concerns, a household's wellbeing and
settings) and `tablet` (the resident's screens). The app imports the views (see AREAS).
"""

from flask import Blueprint

bp = Blueprint("wellbeing", __name__)
