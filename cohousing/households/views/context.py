"""What the household page's templates need, shared by the page and by the actions that
answer htmx with one of its fragments (_residents.html, _workers.html)."""

from __future__ import annotations

from flask_babel import gettext as _

from cohousing.database.idempotency import new_token
from cohousing.households.forms import (
    LinkWorkerForm,
    MoveOutForm,
    MoveToForm,
    PinForm,
    ResidentForm,
    household_choices,
    worker_choices,
)
from cohousing.households.models import Household
from cohousing.households.services import (
    FUNCTION_LABELS,
    KIND_HINTS,
    SHARE_LABELS,
    current_stays,
    current_worker_links,
    describe_recurrence,
    is_locked,
    kind_effect,
    linkable_workers,
    move_targets,
    past_memberships,
)
from cohousing.security import can_manage_households


def template_context() -> dict:
    return {
        "FUNCTION_LABELS": FUNCTION_LABELS,
        "KIND_HINTS": KIND_HINTS,
        "SHARE_LABELS": SHARE_LABELS,
        "describe_recurrence": describe_recurrence,
        "kind_effect": kind_effect,
        "manage": can_manage_households(),
    }


def target_choices(household: Household) -> list:
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
        targets = target_choices(household)
        for stay in stays:
            context["forms"][stay.person_id] = resident_forms(household, stay.person_id, targets)
        # A fresh token even when a POST renders the fragment (OnceForm fills it on GET only).
        context["add_form"] = ResidentForm(formdata=None, data={"submission_id": new_token()})
        for (person_id, name), form in (failed or {}).items():
            if person_id is None:
                context["add_form"] = form
            elif person_id in context["forms"]:
                context["forms"][person_id][name] = form
            else:  # no longer lives here: no form to put back, the message on its own
                context["problems"] = list(form.form_errors)
    return context


def workers_context(household: Household, *, link_form=None, message=None, problems=()) -> dict:
    links = current_worker_links(household)
    context = {
        "household": household,
        "links": links,
        "workers_message": message,
        "workers_problems": list(problems),
    }
    if can_manage_households():
        form = link_form or LinkWorkerForm(formdata=None)
        form.worker_id.choices = worker_choices(linkable_workers(household), _("Choose a worker"))
        context["link_form"] = form
    return context
