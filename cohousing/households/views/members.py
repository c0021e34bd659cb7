"""Actions on a household's residents and workers, from the household page.

Each action is a POST that answers htmx with the updated fragment (_residents.html or
_workers.html) and a plain browser with a 303 redirect and a flash. An invalid form comes
back with status 422: inside the fragment for htmx, on a small page of its own otherwise.
The scope hands over the household and the person (a resident of it, at any time); the
rules (living here now, the day out after the day in) are the services'.
"""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _

from cohousing.households import bp
from cohousing.households.forms import (
    ConfirmForm,
    LinkWorkerForm,
    MoveOutForm,
    MoveToForm,
    PinForm,
    ResidentEditForm,
    ResidentForm,
    worker_choices,
)
from cohousing.households.models import Household, LinkFunction, WorkerLink
from cohousing.households.services import (
    NewResident,
    add_resident,
    lift_pin_lock,
    link_worker,
    linkable_workers,
    move_out,
    move_to_by_id,
    reset_pin,
    unlink_worker,
    update_resident,
)
from cohousing.households.views.context import (
    residents_context,
    target_choices,
    template_context,
    workers_context,
)
from cohousing.people.models import Person
from cohousing.security import MANAGERS, staff_required
from cohousing.web.actions import perform
from cohousing.web.htmx import fragment_or_redirect, htmx_redirect, is_htmx

RESIDENTS = "households/_residents.html"
WORKERS = "households/_workers.html"


def _detail_url(household: Household) -> str:
    return url_for("households.detail", household_id=household.id)


def _form_page(household: Household, form, title: str, *, multipart: bool = False):
    return render_template(
        "households/form_page.html",
        form=form,
        title=title,
        household=household,
        action=request.path,
        multipart=multipart,
    )


def _residents_done(household: Household, message: str):
    if not is_htmx():
        flash(message, "success")
        return fragment_or_redirect(RESIDENTS, _detail_url(household))
    context = residents_context(household, message=message)
    return fragment_or_redirect(RESIDENTS, _detail_url(household), **context, **template_context())


def _residents_failed(
    household: Household, form, key: tuple[int | None, str], title: str, multipart: bool = False
):
    """The fragment with the form in place for htmx, the form on its own otherwise."""
    if is_htmx():
        context = residents_context(household, failed={key: form})
        return render_template(RESIDENTS, **context, **template_context())
    return _form_page(household, form, title, multipart=multipart)


# --- residents ------------------------------------------------------------------------


@bp.route("/<int:household_id>/residents/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def add_resident_view(household: Household):
    form = ResidentForm()
    title = _("Add a resident")
    if request.method == "GET":
        return _form_page(household, form, title, multipart=True)
    return perform(
        form,
        lambda: add_resident(
            household,
            NewResident(
                display_name=form.display_name.data,
                pin=form.pin.data,
                photo=getattr(form.photo, "processed", None),
                preferred_language=form.preferred_language.data or None,
                shares_expenses=bool(form.shares_expenses.data),
            ),
            started_on=household.today(),
            submission_id=form.submission_id.data,
        ),
        done=lambda person: _residents_done(
            household, _("%(name)s now lives here.", name=person.display_name)
        ),
        refused=lambda: _residents_failed(household, form, (None, "add"), title, multipart=True),
        repeated=lambda _first: _residents_done(household, _("This resident was already added.")),
    )


@bp.route("/<int:household_id>/residents/<int:person_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit_resident(household: Household, person: Person):
    if request.method == "GET":
        form = ResidentEditForm(
            formdata=None,
            data={
                "display_name": person.display_name,
                "preferred_language": person.preferred_language or "",
                "avatar_colour": person.avatar_colour,
                "shares_expenses": person.shares_expenses,
            },
        )
    else:
        form = ResidentEditForm()

    def page():
        return render_template(
            "households/resident_edit.html", form=form, person=person, household=household
        )

    if request.method == "GET":
        return page()
    return perform(
        form,
        lambda: update_resident(
            household,
            person,
            display_name=form.display_name.data,
            preferred_language=form.preferred_language.data or None,
            avatar_colour=form.avatar_colour.data,
            photo=getattr(form.photo, "processed", None),
            remove_photo=form.remove_photo.data,
            shares_expenses=bool(form.shares_expenses.data),
        ),
        done=lambda _none: _saved(household),
        refused=page,
    )


def _saved(household: Household):
    flash(_("The changes are saved."), "success")
    return htmx_redirect(_detail_url(household))


@bp.post("/<int:household_id>/residents/<int:person_id>/pin")
@staff_required(*MANAGERS)
def reset_pin_view(household: Household, person: Person):
    form = PinForm(prefix=f"pin{person.id}")
    title = _("New PIN for %(name)s", name=person.display_name)
    return perform(
        form,
        lambda: reset_pin(household, person, form.pin.data),
        done=lambda _none: _residents_done(
            household, _("New PIN saved for %(name)s.", name=person.display_name)
        ),
        refused=lambda: _residents_failed(household, form, (person.id, "pin"), title),
    )


@bp.post("/<int:household_id>/residents/<int:person_id>/unlock")
@staff_required(*MANAGERS)
def unlock_pin_view(household: Household, person: Person):
    """Lift a lock-out after wrong PINs; the resident keeps the PIN they know."""
    form = ConfirmForm()
    return perform(
        form,
        lambda: lift_pin_lock(household, person),
        done=lambda _none: _residents_done(
            household, _("%(name)s can use the PIN again now.", name=person.display_name)
        ),
        refused=lambda: _residents_done(household, _("Nothing was changed. Try again.")),
    )


@bp.post("/<int:household_id>/residents/<int:person_id>/move-out")
@staff_required(*MANAGERS)
def move_out_view(household: Household, person: Person):
    form = MoveOutForm(prefix=f"out{person.id}")
    title = _("%(name)s moves out", name=person.display_name)
    return perform(
        form,
        lambda: move_out(household, person.id, form.ended_on.data),
        done=lambda _stay: _residents_done(
            household, _("%(name)s has moved out.", name=person.display_name)
        ),
        refused=lambda: _residents_failed(household, form, (person.id, "out"), title),
    )


@bp.post("/<int:household_id>/residents/<int:person_id>/move-to")
@staff_required(*MANAGERS)
def move_to_view(household: Household, person: Person):
    form = MoveToForm(prefix=f"to{person.id}")
    form.target.choices = target_choices(household)
    title = _("%(name)s moves to another household", name=person.display_name)
    return perform(
        form,
        lambda: move_to_by_id(household, person.id, form.target.data, form.ended_on.data),
        done=lambda target: _residents_done(
            household,
            _("%(name)s moves to %(place)s.", name=person.display_name, place=target.name),
        ),
        refused=lambda: _residents_failed(household, form, (person.id, "to"), title),
    )


# --- workers --------------------------------------------------------------------------


def _workers_done(household: Household, message: str):
    if not is_htmx():
        flash(message, "success")
        return fragment_or_redirect(WORKERS, _detail_url(household))
    context = workers_context(household, message=message)
    return fragment_or_redirect(WORKERS, _detail_url(household), **context, **template_context())


def _workers_failed(household: Household, form, title: str):
    if is_htmx():
        context = workers_context(household, link_form=form)
        return render_template(WORKERS, **context, **template_context())
    return _form_page(household, form, title)


@bp.post("/<int:household_id>/workers")
@staff_required(*MANAGERS)
def link_worker_view(household: Household):
    form = LinkWorkerForm()
    form.worker_id.choices = worker_choices(linkable_workers(household), _("Choose a worker"))
    return perform(
        form,
        lambda: link_worker(
            household,
            form.worker_id.data,
            started_on=household.today(),
            function=LinkFunction(form.function.data),
        ),
        done=lambda link: _workers_done(
            household, _("%(name)s now follows the household.", name=link.worker.display_name)
        ),
        refused=lambda: _workers_failed(household, form, _("Link a worker")),
    )


@bp.post("/<int:household_id>/workers/<int:link_id>/unlink")
@staff_required(*MANAGERS)
def unlink_worker_view(household: Household, link: WorkerLink):
    form = ConfirmForm()
    name = link.worker.display_name

    def refused():
        if is_htmx():
            context = workers_context(household, problems=form.form_errors)
            return render_template(WORKERS, **context, **template_context())
        return _form_page(household, form, _("Unlink %(name)s", name=name))

    return perform(
        form,
        lambda: unlink_worker(household, link.id, household.today()),
        done=lambda _link: _workers_done(
            household, _("%(name)s no longer follows the household.", name=name)
        ),
        refused=refused,
    )
