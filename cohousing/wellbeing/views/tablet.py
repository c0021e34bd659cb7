"""The resident's wellbeing screens on the house tablet: check-in, help, worries, "mine"."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.people.models import Person
from cohousing.security import resident_required
from cohousing.web.htmx import htmx_redirect
from cohousing.wellbeing import bp
from cohousing.wellbeing.alerts import deliver_pending, pending_for
from cohousing.wellbeing.checkins import (
    MOODS,
    SHARE_LABELS,
    TAGS,
    WellbeingError,
    current_share,
    get_settings,
    last_days,
    parse_help_numbers,
    record_checkin,
    set_share,
    share_history,
    todays_checkin,
    visible_fields,
)
from cohousing.wellbeing.concerns import KIND_LABELS, raise_concern, raised_by
from cohousing.wellbeing.forms import FACES, CheckInForm, HelpForm, ShareForm, WorriedForm
from cohousing.wellbeing.models import (
    CheckIn,
    Concern,
    ConcernKind,
    ConcernSource,
    ShareLevel,
    Urgency,
)
from cohousing.wellbeing.seen import views_of

# --- helpers the today screen uses (its fragments are included by the tablet area) ------


@bp.app_template_global()
def todays_checkin_of(resident: Person | None) -> CheckIn | None:
    """Today's check-in of `resident` on this tablet's household, or None."""
    tablet = g.get("tablet")
    if tablet is None or resident is None:
        return None
    return todays_checkin(resident.id, tablet.household.today())


@bp.app_template_global()
def mood_label(mood: int) -> str:
    return str(MOODS.get(mood, ""))


@bp.app_template_global()
def tag_labels(checkin: CheckIn) -> str:
    return ", ".join(str(TAGS[t]) for t in checkin.tag_list if t in TAGS)


@bp.after_request
def never_cache(response: Response) -> Response:
    """Health data on shared screens: Back after the lock must not show it from cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _household() -> Household:
    return g.tablet.household


def _render(template: str, status: int = 200, **context) -> Response:
    response = make_response(render_template(template, MOODS=MOODS, TAGS=TAGS, **context), status)
    return response


def _after_commit_send(concern: Concern | None) -> None:
    """Send the alerts this request queued; a failure never fails the request."""
    ids = pending_for(concern)
    db.session.commit()
    try:
        deliver_pending(ids)
    except Exception:  # the scan retries; the resident must see "sent"
        current_app.logger.exception("sending alerts after a help request failed")
        db.session.rollback()


# --- check-in --------------------------------------------------------------------------


@bp.route("/tablet/wellbeing/checkin", methods=["GET", "POST"])
@resident_required
def checkin():
    form = CheckInForm()
    if request.method == "GET":
        return _render("wellbeing/checkin.html", form=form)
    if not form.validate_on_submit():
        if form.mood.errors:  # "sad", "", 0 or 6: one plain message, whatever was sent
            form.mood.errors = [str(FACES)]
        return _render("wellbeing/checkin.html", 422, form=form)
    try:
        record_checkin(
            _household(),
            g.resident.id,
            form.mood.data,
            form.tags.data,
            form.note.data,
            keep_extras=not form.extras.data,
        )
    except WellbeingError as error:
        getattr(form, error.field or "mood").errors = [error.message]
        return _render("wellbeing/checkin.html", 422, form=form)
    except LookupError:
        abort(404)
    db.session.commit()
    return htmx_redirect(url_for("wellbeing.checkin_done"))


@bp.get("/tablet/wellbeing/checkin/done")
@resident_required
def checkin_done():
    today = todays_checkin(g.resident.id, _household().today())
    if today is None:
        return htmx_redirect(url_for("wellbeing.checkin"))
    form = CheckInForm(
        data={"mood": today.mood, "tags": today.tag_list, "note": today.note, "extras": "1"}
    )
    return _render("wellbeing/checkin_done.html", form=form, checkin=today)


# --- I need help ---------------------------------------------------------------------


@bp.route("/tablet/wellbeing/help", methods=["GET", "POST"])
@resident_required
def help_request():
    form = HelpForm()
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return _render("wellbeing/help_confirm.html", form=form)
    if not form.validate_on_submit():
        return _render("wellbeing/help_confirm.html", 422, form=form)
    try:
        idempotency.claim(form.submission_id.data)
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("wellbeing.help_sent"))
    concern = raise_concern(
        _household(),
        ConcernKind.HELP_REQUEST,
        urgency=Urgency.URGENT,
        source=ConcernSource.PERSON,
        person_id=g.resident.id,
        raised_by_person_id=g.resident.id,
    )
    _after_commit_send(concern)
    return htmx_redirect(url_for("wellbeing.help_sent"))


@bp.get("/tablet/wellbeing/help/sent")
@resident_required
def help_sent():
    return _render("wellbeing/help_sent.html", **help_context())


def help_context() -> dict:
    return {
        "emergency_number": current_app.config["EMERGENCY_NUMBER"],
        "help_numbers": parse_help_numbers(get_settings(_household()).help_numbers),
    }


# --- I'm worried about a housemate ----------------------------------------------------


def _housemates() -> list[Person]:
    return [p for p in current_residents(_household()) if p.id != g.resident.id]


@bp.route("/tablet/wellbeing/worried", methods=["GET", "POST"])
@resident_required
def worried():
    form = WorriedForm()
    housemates = _housemates()
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return _render("wellbeing/worried.html", form=form, housemates=housemates)
    if not form.validate_on_submit():
        return _render("wellbeing/worried.html", 422, form=form, housemates=housemates)
    if form.person_id.data not in {p.id for p in housemates}:
        abort(404)  # not a housemate of this tablet's household
    try:
        idempotency.claim(form.submission_id.data)
    except idempotency.AlreadySubmitted:
        return htmx_redirect(url_for("wellbeing.worried_sent"))
    concern = raise_concern(
        _household(),
        ConcernKind.WORRIED_ABOUT,
        source=ConcernSource.PERSON,
        person_id=form.person_id.data,
        raised_by_person_id=g.resident.id,
        note=form.note.data,
    )
    _after_commit_send(concern)
    return htmx_redirect(url_for("wellbeing.worried_sent"))


@bp.get("/tablet/wellbeing/worried/sent")
@resident_required
def worried_sent():
    return _render("wellbeing/worried_sent.html")


# --- what I said, and what my workers can see ----------------------------------------


@bp.get("/tablet/wellbeing/mine")
@resident_required
def mine():
    return _render("wellbeing/mine.html", **mine_context(ShareForm()))


def mine_context(form: ShareForm) -> dict:
    household, resident = _household(), g.resident
    share = current_share(resident, household)
    today = household.today()
    if form.share.data is None:
        form.share.data = share.value
    shows_tags, shows_note = visible_fields(share)
    return {
        "days": last_days(resident.id, today, 30),
        "share": share,
        "share_label": SHARE_LABELS[share],
        "shows_tags": shows_tags,
        "shows_note": shows_note,
        "recent": todays_checkin(resident.id, today)
        or todays_checkin(resident.id, today - timedelta(days=1)),
        "form": form,
        "history": share_history(resident)[:5],
        "SHARE_LABELS_ALL": SHARE_LABELS,
        "raised": raised_by(resident.id),
        "looked": views_of(resident.id),
        "KIND_LABELS": KIND_LABELS,
    }


@bp.post("/tablet/wellbeing/sharing")
@resident_required
def sharing():
    form = ShareForm()
    if not form.validate_on_submit():
        return _render("wellbeing/mine.html", 422, **mine_context(form))
    try:
        changed = set_share(
            g.resident, _household(), ShareLevel(form.share.data), by_person=g.resident
        )
    except WellbeingError as error:
        form.share.errors = [error.message]
        return _render("wellbeing/mine.html", 422, **mine_context(form))
    db.session.commit()
    if changed is not None:
        flash(_("Saved. Your workers now see less."), "success")
    return htmx_redirect(url_for("wellbeing.mine"))
