"""Admin screens for staff accounts."""

from flask import render_template

from cohousing.people.models import Role
from cohousing.security import staff_required
from cohousing.staff import bp
from cohousing.staff.services import all_staff


@bp.get("/")
@staff_required(Role.ADMIN)
def index():
    return render_template("staff/index.html", staff=all_staff())
