"""Start page, language switch and resident avatars."""

from flask import abort, current_app, g, make_response, redirect, request, session, url_for
from flask_login import current_user

from cohousing.core import bp
from cohousing.core.services import can_see_person, safe_next
from cohousing.extensions import db
from cohousing.people.models import Person, Role
from cohousing.security import public, staff_required


@bp.get("/")
@public
def home():
    """Send each kind of visitor where they work."""
    if current_user.is_authenticated:
        if current_user.role is Role.WORKER:
            return redirect(url_for("dashboard.index"))
        return redirect(url_for("households.index"))
    if g.get("tablet") is not None:
        return redirect(url_for("tablet.today" if g.get("resident") else "tablet.picker"))
    return redirect(url_for("auth.login"))


@bp.post("/language")
@public
def set_language():
    """The visible language switch: kept on the person's record, or for this browser.

    A resident's choice is theirs only, so it is not left in the shared tablet's session.
    """
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        if g.get("resident") is not None:
            g.resident.preferred_language = lang
        else:
            session["lang"] = lang
            if current_user.is_authenticated:
                current_user.preferred_language = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"), code=303)


@bp.get("/people/<int:person_id>/photo/<int:version>.jpg")
@staff_required()
def staff_photo(person_id: int, version: int):
    return _photo(person_id)


@bp.get("/tablet/people/<int:person_id>/photo/<int:version>.jpg")
@public
def tablet_photo(person_id: int, version: int):
    """Faces on the picker: only for an enrolled tablet, only its own household."""
    if g.get("tablet") is None:
        abort(404)
    return _photo(person_id)


def _photo(person_id: int):
    person = db.session.get(Person, person_id)
    if person is None or not person.has_photo or not can_see_person(person):
        abort(404)
    response = make_response(person.photo)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
