"""Household screens."""

from flask import render_template

from cohousing.extensions import db
from cohousing.households import bp
from cohousing.security import households_visible_to_staff, staff_required


@bp.get("/")
@staff_required()
def index():
    households = db.session.scalars(households_visible_to_staff()).all()
    return render_template("households/index.html", households=households)
