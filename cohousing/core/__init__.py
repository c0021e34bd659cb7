"""Core pages that belong to no area: the start page, the language switch, avatars."""

from flask import Blueprint

bp = Blueprint("core", __name__)
