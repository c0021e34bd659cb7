"""Staff: accounts of admins, coordinators and workers, signing in, and their admin pages."""

from flask import Blueprint

bp = Blueprint("staff", __name__)
