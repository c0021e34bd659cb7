"""Staff screens: the concerns list and its badge, one concern, a household's wellbeing
and settings.

The scope hands every view its checked records (`concern`, `household`, `person`):
another household's records answer 404 before any of this runs.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.households.models import Household
from cohousing.households.services import SHARE_LABELS as WORKERS_SEE
from cohousing.households.services import current_residents, is_current_resident
from cohousing.people.models import Person
from cohousing.security import MANAGERS, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import fragment_or_redirect, is_htmx, render_page_or_fragment
from cohousing.web.parsing import query_id
from cohousing.wellbeing import bp
from cohousing.wellbeing.forms import ActionForm, BuddyForm, ResolveForm, SettingsForm, ShareForm
from cohousing.wellbeing.models import Concern, ConcernStatus, ShareLevel
from cohousing.wellbeing.services import (
    EVENT_LABELS,
    KIND_LABELS,
    MOODS,
    SHARE_LABELS,
    STATUS_LABELS,
    TAGS,
    acknowledge,
    buddies_of,
    concern_page,
    count_open_visible,
    get_settings,
    propose_share,
    residents_wellbeing,
    resolve,
    set_buddy,
    update_ladder,
    update_reminders,
    update_settings,
    visible_household,
)
from cohousing.wellbeing.views.sending import send_alerts_after_commit


def _labels() -> dict:
    return {
        "KIND_LABELS": KIND_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
        "MOODS": MOODS,
        "TAGS": TAGS,
        "SHARE_LABELS": SHARE_LABELS,
        "WORKERS_SEE": WORKERS_SEE,
    }


# --- the list, its badge and one concern -----------------------------------------------


@bp.get("/concerns/")
@staff_required()
def concern_list():
    status_arg = request.args.get("status", "open")
    status = ConcernStatus(status_arg) if status_arg in set(ConcernStatus) else None
    household = None
    household_id = request.args.get("household", type=query_id)
    if household_id is not None:
        household = visible_household(household_id)
        if household is None:
            abort(404)  # another group's household: as if it did not exist
    return render_page_or_fragment(
        "wellbeing/concerns.html",
        "wellbeing/_concern_list.html",
        concerns=concern_page(status, household),
        status=status,
        household=household,
        action_form=ActionForm(),
        resolve_form=ResolveForm(formdata=None),
        **_labels(),
    )


@bp.get("/concerns/badge")
@staff_required()
def concern_badge():
    """The staff bar's count of open concerns, loaded by htmx: no page runs it itself."""
    return render_template("wellbeing/_badge.html", open_concerns=count_open_visible())


def _card_context(concern: Concern, resolve_form: ResolveForm | None = None) -> dict:
    return {
        "concern": concern,
        "action_form": ActionForm(),
        "resolve_form": resolve_form or ResolveForm(formdata=None),
        **_labels(),
    }


def _detail_extras(concern: Concern) -> dict:
    return {"events": concern.events, "EVENT_LABELS": EVENT_LABELS}


def _card(concern: Concern, resolve_form: ResolveForm | None = None) -> Response:
    """The concern again, with the form's messages: the card for htmx, else the page."""
    context = _card_context(concern, resolve_form)
    if is_htmx():
        return make_response(render_template("wellbeing/_concern_card.html", **context))
    return make_response(
        render_template("wellbeing/concern.html", **context, **_detail_extras(concern))
    )


def _changed(concern: Concern) -> Response:
    """After a change: the updated card for htmx (the badge hears `concerns-changed`),
    with the history for the concern's own page, swapped out of band."""
    return fragment_or_redirect(
        "wellbeing/_concern_card.html",
        _back(concern),
        trigger="concerns-changed",
        **_card_context(concern),
        **_detail_extras(concern),
        timeline_oob=_on_its_page(concern),
    )


def _on_its_page(concern: Concern) -> bool:
    """Sent from the concern's own page (htmx says where it is): only there is a history."""
    current = urlsplit(request.headers.get("HX-Current-URL", "")).path
    return current == url_for("wellbeing.concern_detail", concern_id=concern.id)


@bp.get("/concerns/<int:concern_id>")
@staff_required()
def concern_detail(concern: Concern):
    return render_template(
        "wellbeing/concern.html", **_card_context(concern), **_detail_extras(concern)
    )


@bp.post("/concerns/<int:concern_id>/acknowledge")
@staff_required()
def concern_acknowledge(concern: Concern):
    form = ActionForm()
    return perform(
        form,
        lambda: acknowledge(concern, current_user),
        done=lambda _acknowledged: _changed(concern),
        refused=lambda: _card(concern),
    )


@bp.post("/concerns/<int:concern_id>/resolve")
@staff_required()
def concern_resolve(concern: Concern):
    form = ResolveForm()

    def done(_resolved) -> Response:
        send_alerts_after_commit(concern)
        return _changed(concern)

    return perform(
        form,
        lambda: resolve(concern, current_user, form.note.data),
        done=done,
        refused=lambda: _card(concern, form),
    )


def _back(concern: Concern) -> str:
    target = request.form.get("next", "")
    if target == "list":
        return url_for("wellbeing.concern_list")
    return url_for("wellbeing.concern_detail", concern_id=concern.id)


# --- a household's wellbeing (what residents chose to share) ---------------------------


def _wellbeing_page(household: Household, errors: dict | None = None) -> str:
    return render_template(
        "wellbeing/household.html",
        household=household,
        rows=residents_wellbeing(household),
        share_form=ShareForm(formdata=None),
        share_errors=errors or {},
        manage=current_user.role in MANAGERS,
        **_labels(),
    )


@bp.get("/households/<int:household_id>/wellbeing")
@staff_required()
def household_wellbeing(household: Household):
    return _wellbeing_page(household)


@bp.post("/households/<int:household_id>/wellbeing/sharing/<int:person_id>")
@staff_required()
def household_sharing(household: Household, person: Person):
    """A worker proposes a change of what a resident shares; the resident decides on the
    tablet. A worker never changes it alone."""
    if not is_current_resident(person.id, household):
        abort(404)  # a former resident: nobody to ask
    form = ShareForm()
    back = redirect(url_for("wellbeing.household_wellbeing", household_id=household.id), 303)

    def done(_proposal) -> Response:
        flash(
            _(
                "Proposed to %(name)s. Nothing changes until they accept it on the house tablet.",
                name=person.display_name,
            ),
            "success",
        )
        return back

    def refused() -> str:
        if form.share.errors:  # "", "everything": one plain message, whatever was sent
            message = _("Choose what the workers can see.")
        else:
            message = next((e for f in form for e in f.errors), None) or form.form_errors[0]
        return _wellbeing_page(household, {person.id: message})

    return perform(
        form,
        lambda: propose_share(person, household, ShareLevel(form.share.data), staff=current_user),
        done=done,
        refused=refused,
    )


@bp.route("/households/<int:household_id>/wellbeing/settings", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def household_settings(household: Household):
    form = SettingsForm()

    def page():
        return _settings_page(household, form)

    if not form.is_submitted():
        return _settings_page(household, _filled_settings(household))

    def done(_settings) -> Response:
        flash(_("Wellbeing settings saved."), "success")
        return redirect(url_for("wellbeing.household_settings", household_id=household.id), 303)

    def save():
        update_settings(
            household,
            missed_enabled=form.missed_enabled.data,
            missed_days=form.missed_days.data,
            low_mood_enabled=form.low_mood_enabled.data,
            help_numbers=form.help_numbers.data or "",
        )
        update_reminders(
            household,
            reminder_at=form.reminder_at.data,
            quiet_from=form.quiet_from.data,
            quiet_until=form.quiet_until.data,
            all_fine_at=form.all_fine_at.data,
        )
        return update_ladder(
            household,
            housemate_after=form.ladder_housemate_after.data,
            worker_after=form.ladder_worker_after.data,
            coordinators_after=form.ladder_coordinators_after.data,
        )

    return perform(
        form,
        save,
        done=done,
        refused=page,
    )


LADDER_FIELDS = ("ladder_housemate_after", "ladder_worker_after", "ladder_coordinators_after")


def _settings_page(household: Household, form: SettingsForm, buddy_errors: dict | None = None):
    return render_template(
        "wellbeing/settings.html",
        household=household,
        form=form,
        residents=current_residents(household),
        buddies=buddies_of(household),
        buddy_errors=buddy_errors or {},
    )


@bp.post("/households/<int:household_id>/wellbeing/buddy/<int:person_id>")
@staff_required(*MANAGERS)
def household_buddy(household: Household, person: Person):
    """The housemate who agreed to be asked first when `person` has not checked in."""
    if not is_current_resident(person.id, household):
        abort(404)
    form = BuddyForm()

    def done(_buddy) -> Response:
        flash(_("Wellbeing settings saved."), "success")
        return redirect(url_for("wellbeing.household_settings", household_id=household.id), 303)

    def refused():
        errors = [str(e) for f in form for e in f.errors]
        return _settings_page(household, _filled_settings(household), {person.id: errors[0]})

    return perform(
        form,
        lambda: set_buddy(household, person.id, form.buddy_id.data),
        done=done,
        refused=refused,
    )


def _filled_settings(household: Household) -> SettingsForm:
    settings = get_settings(household)
    form = SettingsForm(formdata=None)
    form.missed_enabled.data = settings.missed_days_alert is not None
    form.missed_days.data = settings.missed_days_alert or 2
    form.low_mood_enabled.data = settings.low_mood_enabled
    form.help_numbers.data = settings.help_numbers
    form.reminder_at.data = settings.reminder_at
    form.quiet_from.data, form.quiet_until.data = settings.quiet_from, settings.quiet_until
    form.all_fine_at.data = settings.all_fine_at
    for name in LADDER_FIELDS:
        form[name].data = getattr(settings, name)
    return form
