"""House life: notices, house meetings and agreements, polls, mutual help, mediation.

Residents use it on the house tablet (under /tablet/house); staff follow it under
/households/<id>/house-life. The rules live in `services` (notices, meetings, polls,
helping, today); the views parse, call them and answer; the request commits once.
"""

from flask import Blueprint

bp = Blueprint("community", __name__)
