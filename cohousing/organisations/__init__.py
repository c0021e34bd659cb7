"""Organisations: the municipality, foundation, health authority or housing company that
runs households and employs staff, with its own settings; the installation admin's home."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)
