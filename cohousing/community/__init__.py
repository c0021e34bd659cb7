"""House life: notices, house meetings and agreements, polls, mutual help, mediation.

Residents use it on the house tablet (under /tablet/house); staff follow it under
/households/<id>/house-life. The rules live in notices, meetings, polls and helping;
views only parse, call them and commit.
"""

from flask import Blueprint

bp = Blueprint("community", __name__)
