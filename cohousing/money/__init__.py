"""Shared money of a household: expenses, exact splits, balances, settling up, contributions.

The rules are in `services` (a package: amounts, splits and settling up are pure; the rest
works on the database); the screens in `views` (staff, under /households/<id>/money, and
residents, under /tablet/money, with the CSV and JSON downloads); `demo` fills the demo
family. Other areas import only `services` and `models`.
"""

from flask import Blueprint

bp = Blueprint("money", __name__)
