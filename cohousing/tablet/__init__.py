"""Tablet area: the household's shared tablet, its residents' PINs, and its enrolment."""

from flask import Blueprint

bp = Blueprint("tablet", __name__, url_prefix="/tablet")
