"""The workers' side: dashboard of followed households, household summary, overview."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
