"""Household screens: the list, creating a household in one page, its page, editing it.

The household of a URL comes loaded and checked from the scope (`cohousing.security.scope`):
another group's household is 404 before any view here runs. Actions on residents and
workers are in members.py.
"""

from __future__ import annotations

from flask import current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cohousing.database import clock
from cohousing.households import bp
from cohousing.households.forms import (
    ConfirmForm,
    DwellingForm,
    HouseholdCreateForm,
    HouseholdEditForm,
)
from cohousing.households.models import Household, HouseholdKind, LinkFunction
from cohousing.households.services import (
    KIND_LABELS,
    TEMPLATES,
    DwellingData,
    NewResident,
    archive_household,
    create_household,
    household_page,
    household_page_parts,
    note_household_viewed,
    unarchive_household,
    update_household,
)
from cohousing.households.views.context import (
    residents_context,
    template_context,
    workers_context,
)
from cohousing.security import MANAGERS, households_visible_to_staff, staff_required
from cohousing.staff.services import active_workers
from cohousing.web.actions import perform
from cohousing.web.htmx import htmx_redirect, render_page_or_fragment
from cohousing.web.parsing import parse_id, parse_int, query_int, suffix_id

MAX_ROWS = 20
MAX_PAGES = 10_000

# Every area's pages name the kind of a household (labels only: no query).
bp.add_app_template_global(KIND_LABELS, "KIND_LABELS")


def dwelling_data(form: DwellingForm) -> DwellingData:
    return DwellingData(
        address=(form.address.data or "").strip(),
        landlord_name=(form.landlord_name.data or "").strip(),
        landlord_contact=(form.landlord_contact.data or "").strip(),
        monthly_rent_cents=form.monthly_rent.cents,
        lease_start=form.lease_start.data,
        lease_end=form.lease_end.data,
    )


def _detail_url(household: Household) -> str:
    return url_for("households.detail", household_id=household.id)


# --- the list ------------------------------------------------------------------------


@bp.get("/")
@staff_required()
def index():
    """A page of the households the user may open, searched by name; filters kept in links."""
    show_archived = request.args.get("archived") == "1"
    search = request.args.get("q", "").strip()[:100]
    page = household_page(
        households_visible_to_staff(),
        on=clock.today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
        include_archived=show_archived,
        search=search,
        number=request.args.get("page", 1, type=query_int(1, MAX_PAGES)),
    )
    return render_page_or_fragment(
        "households/index.html",
        "households/_list.html",
        summaries=page.summaries,
        listing=page,
        search=search,
        show_archived=show_archived,
        **template_context(),
    )


# --- create in one page --------------------------------------------------------------


def _kind(value: str | None) -> HouseholdKind | None:
    """The kind ticked, or None: nothing is chosen for the coordinator."""
    try:
        return HouseholdKind(value or "")
    except ValueError:
        return None


def _clamped_arg(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string, brought within [low, high]; else `default`."""
    value = parse_int(request.args.get(name), low=-(10**9), high=10**9)
    return default if value is None else max(low, min(high, value))


def _typed_functions() -> dict[int, str]:
    """Each worker row has a function select named function-<worker id>; as sent."""
    typed = {}
    for key, value in request.form.items():
        worker_id = suffix_id(key, "function-")
        if worker_id is not None:
            typed[worker_id] = value
    return typed


def _worker_functions(form: HouseholdCreateForm) -> dict[int, LinkFunction]:
    """The function of each ticked worker; social worker when none (or an unknown) is sent."""
    typed, known = _typed_functions(), {f.value for f in LinkFunction}
    return {
        worker_id: LinkFunction(typed[worker_id])
        if typed.get(worker_id) in known
        else LinkFunction.SOCIAL_WORKER
        for worker_id in form.workers.data or []
    }


def _render_new(form: HouseholdCreateForm, workers):
    kind = _kind(form.kind.data)
    return render_template(
        "households/new.html",
        form=form,
        workers=workers,
        kind=kind,
        template=TEMPLATES.get(kind),
        chosen_functions=_typed_functions(),
        max_rows=MAX_ROWS,
        **template_context(),
    )


def _created(household: Household):
    flash(_("“%(name)s” is ready.", name=household.name), "success")
    return htmx_redirect(_detail_url(household))


def _created_before(result: str):
    flash(_("This household was already saved."), "info")
    household_id = parse_id(result)
    if household_id is None:
        return htmx_redirect(url_for(".index"))
    return htmx_redirect(url_for(".detail", household_id=household_id))


@bp.route("/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new():
    workers = active_workers()
    form = HouseholdCreateForm()
    form.set_worker_choices(workers)
    if not form.is_submitted():
        while len(form.residents) < _clamped_arg("rows", 3, 1, MAX_ROWS):
            form.residents.append_entry()
        return _render_new(form, workers)
    if "add_row" in request.form:  # "Add another resident" without JavaScript
        if len(form.residents) < MAX_ROWS:
            form.residents.append_entry()
        return _render_new(form, workers)
    return perform(
        form,
        lambda: create_household(
            name=form.name.data,
            kind=HouseholdKind(form.kind.data),
            locale=form.locale.data,
            tablet_idle_minutes=form.tablet_idle_minutes.data,
            allow_duplicate=bool(form.confirm_duplicate.data),
            dwelling=dwelling_data(form),
            residents=[
                NewResident(
                    display_name=row.display_name.data,
                    pin=row.pin.data,
                    photo=getattr(row.photo, "processed", None),
                )
                for row in form.filled_residents()
            ],
            worker_ids=list(form.workers.data or []),
            worker_functions=_worker_functions(form),
            organisation_id=current_user.organisation_id,
            submission_id=form.submission_id.data,
        ),
        done=_created,
        refused=lambda: _render_new(form, workers),
        repeated=_created_before,
    )


@bp.get("/new/resident-row")
@staff_required(*MANAGERS)
def resident_row():
    """htmx: one more empty resident row (and the button, moved on to the next index)."""
    index = _clamped_arg("index", 0, 0, MAX_ROWS - 1)
    form = HouseholdCreateForm(formdata=None)
    while len(form.residents) <= index:
        form.residents.append_entry()
    return render_template(
        "households/_resident_row.html",
        row=form.residents[index],
        index=index,
        max_rows=MAX_ROWS,
        oob=True,
    )


@bp.get("/kind-preview")
@staff_required(*MANAGERS)
def kind_preview():
    """htmx: what the chosen kind brings (chores, check-in settings), read-only."""
    kind = _kind(request.args.get("kind"))
    return render_template(
        "households/_kind_preview.html",
        kind=kind,
        template=TEMPLATES.get(kind),
        **template_context(),
    )


# --- one household -------------------------------------------------------------------


@bp.get("/<int:household_id>")
@staff_required()
def detail(household: Household):
    note_household_viewed(household)
    context = residents_context(household) | workers_context(household) | template_context()
    context |= household_page_parts(household)  # what other areas add: the tablets
    return render_template("households/detail.html", **context)


def _edit_data(household: Household) -> dict:
    data = {
        "name": household.name,
        "kind": household.kind.value,
        "locale": household.locale,
        "tablet_idle_minutes": -(-household.tablet_idle_seconds // 60),  # whole minutes, up
    }
    dwelling = household.dwelling
    if dwelling is not None:
        data |= {
            "address": dwelling.address,
            "landlord_name": dwelling.landlord_name,
            "landlord_contact": dwelling.landlord_contact,
            "monthly_rent": dwelling.monthly_rent_cents,
            "lease_start": dwelling.lease_start,
            "lease_end": dwelling.lease_end,
        }
    return data


def _edited(household: Household):
    flash(_("The changes are saved."), "success")
    return htmx_redirect(_detail_url(household))


@bp.route("/<int:household_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit(household: Household):
    if request.method == "GET":
        form = HouseholdEditForm(formdata=None, data=_edit_data(household))
    else:
        form = HouseholdEditForm()

    def page():
        return render_template(
            "households/edit.html", form=form, household=household, **template_context()
        )

    if request.method == "GET":
        return page()
    return perform(
        form,
        lambda: update_household(
            household,
            name=form.name.data,
            kind=HouseholdKind(form.kind.data),
            locale=form.locale.data,
            tablet_idle_minutes=form.tablet_idle_minutes.data,
            dwelling=dwelling_data(form),
        ),
        done=lambda _none: _edited(household),
        refused=page,
    )


@bp.route("/<int:household_id>/archive", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def archive(household: Household):
    """GET asks for confirmation; POST archives."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        archive_household(household)
        flash(_("The household is archived. You can restore it at any time."), "success")
        return htmx_redirect(_detail_url(household))
    return render_template("households/archive.html", form=form, household=household)


@bp.post("/<int:household_id>/unarchive")
@staff_required(*MANAGERS)
def unarchive(household: Household):
    unarchive_household(household)
    flash(_("The household is active again."), "success")
    return htmx_redirect(_detail_url(household))
