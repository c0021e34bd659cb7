"""Audit: the access register, its admin screens and the resident's "who looked"."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
