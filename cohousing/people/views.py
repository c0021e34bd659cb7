"""Where each visitor starts, the language switch, and residents' photos."""

from flask import abort, g, make_response, redirect, session, url_for
from flask_login import current_user

from cohousing.people import bp
from cohousing.people.forms import LanguageForm
from cohousing.people.models import Person
from cohousing.people.services import choose_language
from cohousing.security import device_required, public, staff_required
from cohousing.web.urls import safe_next


@bp.get("/")
@public
def home():
    """Send each kind of visitor where they work."""
    if current_user.is_authenticated:
        if current_user.is_admin:  # the installation's: organisations, not residents
            return redirect(url_for("organisations.index"))
        if current_user.can_manage_households:
            return redirect(url_for("households.index"))
        return redirect(url_for("dashboard.index"))  # workers start from their households
    if g.get("tablet") is not None:
        return redirect(url_for("tablet.today" if g.get("resident") else "tablet.picker"))
    return redirect(url_for("staff.login"))


@bp.post("/language")
@public
def set_language():
    """The visible language switch: kept on the person's record, or for this browser.

    A resident's choice is theirs only, so it is not left in the shared tablet's session.
    """
    form = LanguageForm(meta={"csrf": False})  # the app's CSRF check has already run
    lang = form.language()
    if lang is not None:
        resident = g.get("resident")
        if resident is None:
            session["lang"] = lang
        staff = current_user if current_user.is_authenticated else None
        choose_language(lang, resident=resident, staff=staff)
    return redirect(safe_next(form.next.data) or url_for("people.home"), code=303)


@bp.get("/people/<int:person_id>/photo/<int:version>.jpg")
@staff_required()
def staff_photo(person: Person, version: int):
    return _photo(person)


@bp.get("/tablet/people/<int:person_id>/photo/<int:version>.jpg")
@device_required
def tablet_photo(person: Person, version: int):
    """Faces on the picker: only for an enrolled tablet, only its own household."""
    return _photo(person)


def _photo(person: Person):
    if not person.has_photo:
        abort(404)
    response = make_response(person.photo)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
