"""Tablet screens."""

from flask import render_template

from cohousing.security import device_required, public, resident_required
from cohousing.tablet import bp


@bp.route("/enrol", methods=["GET", "POST"])
@public
def enrol():
    return render_template("tablet/enrol.html")


@bp.get("/")
@device_required
def picker():
    return render_template("tablet/picker.html")


@bp.get("/today")
@resident_required
def today():
    return render_template("tablet/today.html")
