"""Privacy: a resident's own data (export), erasure on request, and retention limits."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
