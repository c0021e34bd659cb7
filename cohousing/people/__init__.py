"""People: residents (faces, names, PINs), and the pages every visitor shares: where they
start, the language switch, residents' photos."""

from flask import Blueprint

bp = Blueprint("people", __name__)
