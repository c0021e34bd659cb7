"""Tablet screens: enrolment, the picker, the PIN keypad, today, and the lock.

The tablet and the resident signed in on it are identified once per request
(`services.identify_device`, from the access check); the person of a keypad URL comes from
the scope, already checked to live now in the tablet's household (else 404).
"""

from __future__ import annotations

import hashlib
import json

from flask import (
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.chores.services import chores_waiting, today_for, today_screen
from cohousing.community.services import house_evening, today_counts
from cohousing.money.services import today_summary
from cohousing.people.models import Person
from cohousing.security import device_required, public, resident_required
from cohousing.tablet import bp
from cohousing.tablet.forms import EnrolForm, PinForm
from cohousing.tablet.models import Tablet
from cohousing.tablet.services import (
    check_pin,
    complete_enrolment,
    device_token,
    group_code,
    is_locked,
    minutes_locked,
    normalise_code,
    revoke,
    sign_in_resident,
    sign_out_resident,
    tablet_residents,
)
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, is_htmx, render_page_or_fragment
from cohousing.wellbeing.services import (
    MOODS,
    checkin_reminder,
    look_in_requests,
    pending_proposal,
    todays_checkin_for,
)


@bp.after_request
def never_cache(response: Response) -> Response:
    """A shared screen: Back after the lock must not show a resident's page from cache."""
    if request.endpoint not in ("tablet.manifest", "tablet.service_worker"):
        response.headers["Cache-Control"] = "no-store"
    return response


# --- enrolment (public: the tablet has no identity yet) ------------------------------


def _enrol(code: str) -> tuple[Tablet, str]:
    tablet, secret = complete_enrolment(code)
    if g.get("tablet") is not None:
        revoke(g.tablet)  # one browser is one tablet: the identity it had before ends here
    return tablet, secret


def _enrolled(tablet: Tablet, secret: str):
    sign_out_resident()
    response = redirect(url_for("tablet.picker"), code=303)
    response.set_cookie(
        current_app.config["DEVICE_COOKIE_NAME"],
        device_token(tablet, secret),
        max_age=current_app.config["DEVICE_COOKIE_MAX_AGE"],
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/enrol", methods=["GET", "POST"])
@public
def enrol():
    form = EnrolForm()
    if request.method == "GET":
        from_link = bool(request.args.get("code"))
        if from_link:  # opened from the QR code: one tap to confirm
            form.code.data = group_code(normalise_code(request.args["code"])[:8])
        return render_template("tablet/enrol.html", form=form, from_link=from_link)
    return perform(
        form,
        lambda: _enrol(form.code.data),
        done=lambda enrolled: _enrolled(*enrolled),
        refused=lambda: render_template("tablet/enrol.html", form=form),
    )


# --- the picker and the keypad (an enrolled tablet, nobody picked yet) ----------------


@bp.get("/")
@device_required
def picker():
    if g.get("resident") is not None:
        return redirect(url_for("tablet.today"))
    residents = tablet_residents(g.tablet)
    return render_template(
        "tablet/picker.html",
        residents=residents,
        locked_ids={p.id for p in residents if is_locked(p)},
        staff_here=current_user.is_authenticated,
        MOODS=MOODS,
        **_what_is_waiting(g.tablet.household, [p.id for p in residents]),
    )


def _what_is_waiting(household, person_ids: list[int]) -> dict:
    """The reminders on the faces and the house's day, each area's from its own service;
    nothing at all in the quiet hours."""
    reminder = checkin_reminder(household, person_ids)
    if reminder.quiet:
        return {"reminder": reminder}
    return {
        "reminder": reminder,
        "chores_waiting": chores_waiting(household),
        "house_chores": today_for(household, None).house_today,
        "evening": house_evening(household, person_ids),
        "look_in": look_in_requests(household),
    }


def _locked_message(person) -> str:
    """How long from now, as people say it ("in 2 minutes"), not a clock time."""
    minutes = minutes_locked(person)
    return ngettext(
        "Locked for safety. Try again in %(num)d minute.",
        "Locked for safety. Try again in %(num)d minutes.",
        minutes,
    )


@bp.route("/pin/<int:person_id>", methods=["GET", "POST"])
@device_required
def keypad(person: Person):
    form = PinForm()
    context = {"person": person, "form": form, "message": None, "locked": is_locked(person)}
    if request.method == "GET":
        if context["locked"]:
            context["message"] = _locked_message(person)
        return render_page_or_fragment("tablet/keypad.html", "tablet/_keypad.html", **context)
    if current_user.is_authenticated:
        context["message"] = _(
            "A staff member is signed in on this browser. Sign out first, then residents "
            "can use the tablet."
        )
        return _keypad_again(context)
    if not form.validate_on_submit():
        return _keypad_again(context)  # a PIN in the wrong shape is not a try
    result = check_pin(person, form.pin.data)
    if result.ok:
        sign_in_resident(person, g.tablet)
        return htmx_redirect(url_for("tablet.today"))
    # A 422 still commits: the failure count and any lock-out are kept.
    if result.locked_until is not None:
        context["locked"] = True
        context["message"] = _locked_message(person)
    else:
        context["message"] = ngettext(
            "That PIN is not right. %(num)d try left.",
            "That PIN is not right. %(num)d tries left.",
            result.tries_left,
        )
    return _keypad_again(context)


def _keypad_again(context: dict) -> tuple[str, int]:
    template = "tablet/_keypad.html" if is_htmx() else "tablet/keypad.html"
    response = make_response(render_template(template, **context), 422)
    response.vary.add("HX-Request")
    return response


@bp.post("/lock")
@device_required
def lock():
    """Not you? Switch, and the auto-lock: sign the resident out, back to the faces.

    The browser drops its HTTP cache of the resident's pages; the service worker drops
    its copy of their today screen on this request too (even offline, see js/sw.js)."""
    sign_out_resident()
    response = htmx_redirect(url_for("tablet.picker"))
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


# --- the resident's screens ----------------------------------------------------------


@bp.get("/today")
@resident_required
def today():
    """The resident's day, each area's part from its own service, in a fixed few queries."""
    household, resident = g.tablet.household, g.resident
    return render_template(
        "tablet/today.html",
        resident=resident,
        today=household.today(),
        checkin_today=todays_checkin_for(household, resident),
        share_proposal=pending_proposal(resident),
        chores_today=today_screen(household, resident),
        money_today=today_summary(household, resident),
        house_life_today=today_counts(household, resident),
    )


@bp.post("/awake")
@resident_required
def awake():
    """The page is still in use: the server keeps the resident's session alive."""
    return "", 204


# --- the web app manifest -------------------------------------------------------------


def _manifest_data() -> dict:
    icons = [
        {
            "src": url_for("static", filename=f"icons/{name}"),
            "sizes": size,
            "type": "image/png",
            "purpose": purpose,
        }
        for name, size, purpose in (
            ("icon-192.png", "192x192", "any"),
            ("icon-512.png", "512x512", "any"),
            ("icon-maskable-512.png", "512x512", "maskable"),
        )
    ]
    return {
        "name": _("Cohousing: house tablet"),
        "short_name": _("Cohousing"),
        "start_url": url_for("tablet.picker"),
        "scope": "/",
        "display": "fullscreen",
        "orientation": "any",
        "background_color": "#f3efe6",
        "theme_color": "#1d5a73",
        "icons": icons,
    }


def manifest_version() -> str:
    """A hash of the manifest in the reader's language: its URL changes with its content,
    so a browser keeps it for a year and a revisit downloads only the page. Made once per
    app and locale (the content changes only with a new release), not on every page."""
    versions = current_app.extensions.setdefault("tablet_manifest_versions", {})
    locale = str(get_locale())
    if locale not in versions:
        body = json.dumps(_manifest_data(), sort_keys=True, ensure_ascii=False)
        versions[locale] = hashlib.sha256(body.encode()).hexdigest()[:10]
    return versions[locale]


bp.add_app_template_global(manifest_version, "manifest_version")


@bp.get("/manifest.webmanifest")
@public
def manifest():
    """Lets the tablet run the app full screen from its home screen, in the house language."""
    data = _manifest_data()
    response = jsonify(**data)
    response.mimetype = "application/manifest+json"
    versioned = request.args.get("v") == manifest_version()
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if versioned else "public, max-age=3600"
    )
    return response
