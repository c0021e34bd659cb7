"""Actions on a household's residents and workers, from the household page.

Each action is a POST that answers htmx with the updated fragment (_residents.html or
_workers.html) and a plain browser with a 303 redirect and a flash. An invalid form comes
back with status 422: inside the fragment for htmx, on a small page of its own otherwise.
"""

from __future__ import annotations

from flask import abort, flash, g, render_template, request, url_for
from flask_babel import gettext as _

from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households import bp
from cohousing.households.forms import (
    LinkWorkerForm,
    MoveOutForm,
    MoveToForm,
    PinForm,
    ResidentEditForm,
    ResidentForm,
    household_choices,
    worker_choices,
)
from cohousing.households.models import Household, LinkFunction, Membership, WorkerLink
from cohousing.households.overview import linkable_workers, move_targets
from cohousing.households.services import (
    HouseholdRuleError,
    NewResident,
    add_resident,
    current_membership,
    current_stays,
    current_worker_links,
    link_worker,
    move_out,
    move_to,
    past_memberships,
    reset_pin,
    unlink_worker,
    update_resident,
)
from cohousing.households.views.households import show_rule_error, template_context
from cohousing.security import MANAGERS, can_manage_households, staff_required
from cohousing.tablet.services import is_locked
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx

RESIDENTS = "households/_residents.html"
WORKERS = "households/_workers.html"


def _target_choices(household: Household) -> list:
    return household_choices(move_targets(household))


def resident_forms(household: Household, person_id: int, targets: list) -> dict:
    """Fresh, empty forms for one resident's actions; prefixes keep ids unique on the page."""
    today = household.today()
    to = MoveToForm(formdata=None, prefix=f"to{person_id}", data={"ended_on": today})
    to.target.choices = targets
    return {
        "pin": PinForm(formdata=None, prefix=f"pin{person_id}"),
        "out": MoveOutForm(formdata=None, prefix=f"out{person_id}", data={"ended_on": today}),
        "to": to,
    }


def residents_context(household: Household, *, failed: dict | None = None, message=None):
    """What _residents.html needs; `failed` puts a form with its errors back in place."""
    stays = current_stays(household)
    context = {
        "household": household,
        "stays": stays,
        "past": past_memberships(household),
        "locked": {m.person_id for m in stays if is_locked(m.person)},
        "message": message,
        "forms": {},
    }
    if can_manage_households():
        targets = _target_choices(household)
        for stay in stays:
            context["forms"][stay.person_id] = resident_forms(household, stay.person_id, targets)
        context["add_form"] = ResidentForm(
            formdata=None, data={"submission_id": idempotency.new_token()}
        )
        for (person_id, name), form in (failed or {}).items():
            if person_id is None:
                context["add_form"] = form
            else:
                context["forms"].setdefault(person_id, {})[name] = form
    return context


def workers_context(household: Household, *, link_form=None, message=None) -> dict:
    links = current_worker_links(household)
    context = {"household": household, "links": links, "workers_message": message}
    if can_manage_households():
        form = link_form or LinkWorkerForm(formdata=None)
        form.worker_id.choices = worker_choices(linkable_workers(household), _("Choose a worker"))
        context["link_form"] = form
    return context


def _stay_or_404(person_id: int) -> Membership:
    """A resident of this household today; anyone else's id is 404."""
    household = g.household
    stay = current_membership(person_id, household.id, household.today())
    if stay is None:
        abort(404)
    return stay


def _residents_done(message: str):
    if not is_htmx():
        flash(message, "success")
        return fragment_or_redirect(RESIDENTS, url_for(".detail"))
    context = residents_context(g.household, message=message)
    return fragment_or_redirect(RESIDENTS, url_for(".detail"), **context, **template_context())


def _residents_failed(form, key: tuple[int | None, str], title: str, multipart=False):
    """422: the fragment with the form in place for htmx, the form on its own otherwise."""
    if is_htmx():
        context = residents_context(g.household, failed={key: form})
        return render_template(RESIDENTS, **context, **template_context()), 422
    return (
        render_template(
            "households/form_page.html",
            form=form,
            title=title,
            household=g.household,
            action=request.path,
            multipart=multipart,
        ),
        422,
    )


# --- residents ------------------------------------------------------------------------


@bp.route("/<int:household_id>/residents/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def add_resident_view():
    household = g.household
    form = ResidentForm()
    title = _("Add a resident")
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        return render_template(
            "households/form_page.html",
            form=form,
            title=title,
            household=household,
            action=request.path,
            multipart=True,
        )
    if form.validate_on_submit():
        try:
            person = add_resident(
                household,
                NewResident(
                    display_name=form.display_name.data,
                    pin=form.pin.data,
                    photo=getattr(form.photo, "processed", None),
                    preferred_language=form.preferred_language.data or None,
                ),
                started_on=household.today(),
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted:
            return _residents_done(_("This resident was already added."))
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            return _residents_done(_("%(name)s now lives here.", name=person.display_name))
    return _residents_failed(form, (None, "add"), title, multipart=True)


@bp.route("/<int:household_id>/residents/<int:person_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit_resident(person_id: int):
    household = g.household
    person = _stay_or_404(person_id).person
    if request.method == "GET":
        form = ResidentEditForm(
            formdata=None,
            data={
                "display_name": person.display_name,
                "preferred_language": person.preferred_language or "",
                "avatar_colour": person.avatar_colour,
            },
        )
    else:
        form = ResidentEditForm()
        if form.validate_on_submit():
            try:
                update_resident(
                    household,
                    person,
                    display_name=form.display_name.data,
                    preferred_language=form.preferred_language.data or None,
                    avatar_colour=form.avatar_colour.data,
                    photo=getattr(form.photo, "processed", None),
                    remove_photo=form.remove_photo.data,
                )
            except HouseholdRuleError as error:
                db.session.rollback()
                show_rule_error(form, error)
            else:
                db.session.commit()
                flash(_("The changes are saved."), "success")
                return htmx_redirect(url_for(".detail"))
    status = 200 if request.method == "GET" else 422
    return render_template(
        "households/resident_edit.html",
        form=form,
        person=person,
        household=household,
    ), status


@bp.post("/<int:household_id>/residents/<int:person_id>/pin")
@staff_required(*MANAGERS)
def reset_pin_view(person_id: int):
    person = _stay_or_404(person_id).person
    form = PinForm(prefix=f"pin{person_id}")
    if form.validate_on_submit():
        try:
            reset_pin(g.household, person, form.pin.data)
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            return _residents_done(_("New PIN saved for %(name)s.", name=person.display_name))
    title = _("New PIN for %(name)s", name=person.display_name)
    return _residents_failed(form, (person_id, "pin"), title)


@bp.post("/<int:household_id>/residents/<int:person_id>/move-out")
@staff_required(*MANAGERS)
def move_out_view(person_id: int):
    person = _stay_or_404(person_id).person
    form = MoveOutForm(prefix=f"out{person_id}")
    if form.validate_on_submit():
        try:
            move_out(g.household, person_id, form.ended_on.data)
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            return _residents_done(_("%(name)s has moved out.", name=person.display_name))
    title = _("%(name)s moves out", name=person.display_name)
    return _residents_failed(form, (person_id, "out"), title)


@bp.post("/<int:household_id>/residents/<int:person_id>/move-to")
@staff_required(*MANAGERS)
def move_to_view(person_id: int):
    household = g.household
    person = _stay_or_404(person_id).person
    form = MoveToForm(prefix=f"to{person_id}")
    form.target.choices = _target_choices(household)
    if form.validate_on_submit():
        target = db.session.get(Household, form.target.data)
        try:
            move_to(household, person_id, target, form.ended_on.data)
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            return _residents_done(
                _("%(name)s moves to %(place)s.", name=person.display_name, place=target.name)
            )
    title = _("%(name)s moves to another household", name=person.display_name)
    return _residents_failed(form, (person_id, "to"), title)


# --- workers --------------------------------------------------------------------------


def _workers_done(message: str):
    if not is_htmx():
        flash(message, "success")
        return fragment_or_redirect(WORKERS, url_for(".detail"))
    context = workers_context(g.household, message=message)
    return fragment_or_redirect(WORKERS, url_for(".detail"), **context, **template_context())


@bp.post("/<int:household_id>/workers")
@staff_required(*MANAGERS)
def link_worker_view():
    household = g.household
    form = LinkWorkerForm()
    form.worker_id.choices = worker_choices(linkable_workers(household), _("Choose a worker"))
    if form.validate_on_submit():
        try:
            link = link_worker(
                household,
                form.worker_id.data,
                started_on=household.today(),
                function=LinkFunction(form.function.data),
            )
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            return _workers_done(
                _("%(name)s now follows the household.", name=link.worker.display_name)
            )
    if is_htmx():
        context = workers_context(household, link_form=form)
        return render_template(WORKERS, **context, **template_context()), 422
    return render_template(
        "households/form_page.html",
        form=form,
        title=_("Link a worker"),
        household=household,
        action=request.path,
        multipart=False,
    ), 422


@bp.post("/<int:household_id>/workers/<int:link_id>/unlink")
@staff_required(*MANAGERS)
def unlink_worker_view(link_id: int):
    household = g.household
    link = db.session.get(WorkerLink, link_id)
    if link is None or link.household_id != household.id or not link.is_current(household.today()):
        abort(404)
    unlink_worker(household, link_id, household.today())
    db.session.commit()
    return _workers_done(
        _("%(name)s no longer follows the household.", name=link.worker.display_name)
    )
