"""Shared money of a household: expenses, exact splits, balances, settling up, contributions.

The pure rules live in `amounts` (reading and writing euros), `splits` (sharing a cost to
the cent) and `settle` (who pays whom). `services` and `schedules` apply them to the
database. Screens: `views` and `payment_views` (staff, under /households/<id>/money),
`tablet_views` (residents, under /tablet/money) and `export` (CSV and JSON).
"""

from flask import Blueprint

bp = Blueprint("money", __name__)
