"""Wellbeing area: daily check-ins, "I need help", concerns and their alerts."""

from flask import Blueprint

bp = Blueprint("wellbeing", __name__)
