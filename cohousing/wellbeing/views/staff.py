"""Staff screens: the concerns list, one concern, a household's wellbeing and settings.

Every concern goes through `concerns.get_concern_or_404`, every household through
`security.get_household_or_404`: another household's records answer 404.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from cohousing.extensions import db
from cohousing.households.kinds import SHARE_LABELS as WORKERS_SEE
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.security import MANAGERS, get_household_or_404, staff_required
from cohousing.web.htmx import fragment_or_redirect, is_htmx, render_page_or_fragment
from cohousing.wellbeing import bp
from cohousing.wellbeing.alerts import deliver_pending, pending_for
from cohousing.wellbeing.checkins import (
    MOODS,
    SHARE_LABELS,
    TAGS,
    WellbeingError,
    checkins_since,
    current_share,
    get_settings,
    set_share,
    update_settings,
    visible_fields,
)
from cohousing.wellbeing.concerns import (
    EVENT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    acknowledge,
    count_open_visible,
    get_concern_or_404,
    resolve,
    visible_concerns,
)
from cohousing.wellbeing.forms import ActionForm, ResolveForm, SettingsForm, ShareForm
from cohousing.wellbeing.models import Concern, ConcernStatus, ShareLevel
from cohousing.wellbeing.seen import note_viewed


@bp.app_template_global()
def open_concern_count() -> int:
    """For the badge in the staff bar: open concerns the signed-in user may see."""
    if not current_user.is_authenticated:
        return 0
    return count_open_visible()


def _labels() -> dict:
    return {
        "KIND_LABELS": KIND_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
        "MOODS": MOODS,
        "TAGS": TAGS,
        "SHARE_LABELS": SHARE_LABELS,
        "WORKERS_SEE": WORKERS_SEE,
    }


# --- the list and one concern -----------------------------------------------------------


@bp.get("/concerns/")
@staff_required()
def concern_list():
    status_arg = request.args.get("status", "open")
    status = ConcernStatus(status_arg) if status_arg in set(ConcernStatus) else None
    query = visible_concerns(status)
    household_id = request.args.get("household", type=int)
    household = get_household_or_404(household_id) if household_id else None
    if household is not None:
        query = query.where(Concern.household_id == household.id)
    # What each card shows, loaded with the list: lazily it was two queries per household
    # and person on the page (37 for a coordinator at city scale).
    query = query.options(
        joinedload(Concern.household),
        joinedload(Concern.person),
        joinedload(Concern.acknowledged_by),
        joinedload(Concern.resolved_by),
    )
    concerns = list(db.session.scalars(query.limit(200)).unique())
    return render_page_or_fragment(
        "wellbeing/concerns.html",
        "wellbeing/_concern_list.html",
        concerns=concerns,
        status=status,
        household=household,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
        **_labels(),
    )


def _card(concern: Concern, resolve_form: ResolveForm | None = None, status: int = 200) -> Response:
    context = {
        "concern": concern,
        "action_form": ActionForm(),
        "resolve_form": resolve_form or ResolveForm(formdata=None),
        **_labels(),
    }
    if is_htmx():
        return make_response(render_template("wellbeing/_concern_card.html", **context), status)
    return make_response(
        render_template("wellbeing/concern.html", **context, **_detail_extras(concern)), status
    )


def _detail_extras(concern: Concern) -> dict:
    return {"events": concern.events, "EVENT_LABELS": EVENT_LABELS}


@bp.get("/concerns/<int:concern_id>")
@staff_required()
def concern_detail(concern_id: int):
    concern = get_concern_or_404(concern_id)
    if concern.person_id is not None:
        note_viewed(concern.household_id, concern.person_id)
        db.session.commit()
    return render_template(
        "wellbeing/concern.html",
        concern=concern,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
        **_detail_extras(concern),
        **_labels(),
    )


@bp.post("/concerns/<int:concern_id>/acknowledge")
@staff_required()
def concern_acknowledge(concern_id: int):
    concern = get_concern_or_404(concern_id)
    form = ActionForm()
    if form.validate_on_submit() and acknowledge(concern, current_user):
        db.session.commit()
    return fragment_or_redirect(
        "wellbeing/_concern_card.html",
        _back(concern),
        concern=concern,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
        trigger="concerns-changed",
        **_labels(),
    )


@bp.post("/concerns/<int:concern_id>/resolve")
@staff_required()
def concern_resolve(concern_id: int):
    concern = get_concern_or_404(concern_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        return _card(concern, form, 422)
    try:
        resolve(concern, current_user, form.note.data)
    except WellbeingError as error:
        form.note.errors = [error.message]
        return _card(concern, form, 422)
    ids = pending_for(concern)
    db.session.commit()
    deliver_pending(ids)
    return fragment_or_redirect(
        "wellbeing/_concern_card.html",
        _back(concern),
        concern=concern,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
        trigger="concerns-changed",
        **_labels(),
    )


def _back(concern: Concern) -> str:
    target = request.form.get("next", "")
    if target == "list":
        return url_for("wellbeing.concern_list")
    return url_for("wellbeing.concern_detail", concern_id=concern.id)


# --- a household's wellbeing (what residents chose to share) ---------------------------


def _resident_rows(household: Household) -> list[dict]:
    today = household.today()
    rows = []
    for person in current_residents(household):
        share = current_share(person, household)
        shows_tags, shows_note = visible_fields(share)
        rows.append(
            {
                "person": person,
                "share": share,
                "shows_tags": shows_tags,
                "shows_note": shows_note,
                "checkins": list(reversed(checkins_since(person.id, today - timedelta(days=13)))),
            }
        )
        note_viewed(household.id, person.id)
    return rows


@bp.get("/households/<int:household_id>/wellbeing")
@staff_required()
def household_wellbeing(household_id: int):
    household = get_household_or_404(household_id)
    rows = _resident_rows(household)
    db.session.commit()
    return render_template(
        "wellbeing/household.html",
        household=household,
        rows=rows,
        share_form=ShareForm(),
        manage=current_user.role in MANAGERS,
        **_labels(),
    )


@bp.post("/households/<int:household_id>/wellbeing/sharing/<int:person_id>")
@staff_required()
def household_sharing(household_id: int, person_id: int):
    """A worker changes a sharing choice with the resident present (it may widen it)."""
    household = get_household_or_404(household_id)
    person = next((p for p in current_residents(household) if p.id == person_id), None)
    if person is None:
        abort(404)
    form = ShareForm()
    if form.validate_on_submit():
        set_share(person, household, ShareLevel(form.share.data), by_staff_id=current_user.id)
        db.session.commit()
        flash(_("Saved what %(name)s shares.", name=person.display_name), "success")
    else:
        flash(_("Choose what the workers can see."), "error")
    return redirect(url_for("wellbeing.household_wellbeing", household_id=household.id), 303)


@bp.route("/households/<int:household_id>/wellbeing/settings", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def household_settings(household_id: int):
    household = get_household_or_404(household_id)
    settings = get_settings(household)
    form = SettingsForm()
    if request.method == "GET":
        form.missed_enabled.data = settings.missed_days_alert is not None
        form.missed_days.data = settings.missed_days_alert or 2
        form.low_mood_enabled.data = settings.low_mood_enabled
        form.help_numbers.data = settings.help_numbers
        db.session.commit()  # settings made on first sight are kept
        return render_template("wellbeing/settings.html", household=household, form=form)
    if not form.validate_on_submit():
        return render_template("wellbeing/settings.html", household=household, form=form), 422
    if form.missed_enabled.data and not form.missed_days.data:
        form.missed_days.errors = [_("Write after how many days.")]
        return render_template("wellbeing/settings.html", household=household, form=form), 422
    try:
        update_settings_from(household, form)
    except WellbeingError as error:
        getattr(form, error.field).errors = [error.message]
        return render_template("wellbeing/settings.html", household=household, form=form), 422
    db.session.commit()
    flash(_("Wellbeing settings saved."), "success")
    return redirect(url_for("wellbeing.household_settings", household_id=household.id), 303)


def update_settings_from(household: Household, form: SettingsForm) -> None:
    update_settings(
        household,
        missed_days_alert=form.missed_days.data if form.missed_enabled.data else None,
        low_mood_enabled=form.low_mood_enabled.data,
        help_numbers=form.help_numbers.data or "",
    )
