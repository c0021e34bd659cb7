"""Household screens: the list, creating a household in one page, its page, editing it.

Every URL with a household id goes through `security.get_household_or_404` once, in
`_load_household`, after the access rule of the view has been applied (so a wrong role
is 403 and another household is 404). Actions on residents and workers are in
member_views.py.
"""

from __future__ import annotations

from flask import current_app, flash, g, render_template, request, url_for
from flask_babel import gettext as _

from cohousing.database import clock, idempotency
from cohousing.extensions import db
from cohousing.households import bp
from cohousing.households.forms import (
    ConfirmForm,
    DwellingForm,
    HouseholdCreateForm,
    HouseholdEditForm,
)
from cohousing.households.kinds import (
    FUNCTION_LABELS,
    KIND_HINTS,
    SHARE_LABELS,
    TEMPLATES,
    describe_recurrence,
)
from cohousing.households.models import HouseholdKind, LinkFunction
from cohousing.households.overview import household_page, note_household_viewed
from cohousing.households.services import (
    DwellingData,
    HouseholdRuleError,
    NewResident,
    archive_household,
    create_household,
    unarchive_household,
    update_household,
)
from cohousing.security import (
    MANAGERS,
    can_manage_households,
    get_household_or_404,
    households_visible_to_staff,
    staff_required,
)
from cohousing.staff.services import active_workers
from cohousing.web.htmx import htmx_redirect, render_page_or_fragment

MAX_ROWS = 20


@bp.url_value_preprocessor
def _pull_household_id(endpoint: str | None, values: dict | None) -> None:
    g.household_id = values.pop("household_id", None) if values else None


@bp.before_request
def _load_household() -> None:
    """Runs after the app's access check: the role is right, now the household's scope."""
    household_id = g.get("household_id")
    g.household = get_household_or_404(household_id) if household_id is not None else None


@bp.url_defaults
def _add_household_id(endpoint: str, values: dict) -> None:
    household = g.get("household")
    if household is None or "household_id" in values:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "household_id"):
        values["household_id"] = household.id


def show_rule_error(form, error: HouseholdRuleError) -> None:
    """Put a service's message by the field it names, or at the top of the form."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def template_context() -> dict:
    return {
        "FUNCTION_LABELS": FUNCTION_LABELS,
        "KIND_HINTS": KIND_HINTS,
        "SHARE_LABELS": SHARE_LABELS,
        "describe_recurrence": describe_recurrence,
        "manage": can_manage_households(),
    }


def dwelling_data(form: DwellingForm) -> DwellingData:
    return DwellingData(
        address=(form.address.data or "").strip(),
        landlord_name=(form.landlord_name.data or "").strip(),
        landlord_contact=(form.landlord_contact.data or "").strip(),
        monthly_rent_cents=form.monthly_rent.cents,
        lease_start=form.lease_start.data,
        lease_end=form.lease_end.data,
    )


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
        number=request.args.get("page", 1, type=int),
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


def _kind(value: str | None) -> HouseholdKind:
    try:
        return HouseholdKind(value or "")
    except ValueError:
        return HouseholdKind.FAMILY


def _row_count() -> int:
    try:
        return max(1, min(MAX_ROWS, int(request.args.get("rows", 3))))
    except ValueError:
        return 3


def _typed_functions() -> dict[int, str]:
    """Each worker row has a function select named function-<worker id>; as sent."""
    prefix = "function-"
    return {
        int(key.removeprefix(prefix)): value
        for key, value in request.form.items()
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit()
    }


def _worker_functions(form: HouseholdCreateForm) -> dict[int, LinkFunction]:
    """The function of each ticked worker; social worker when none (or an unknown) is sent."""
    typed, known = _typed_functions(), {f.value for f in LinkFunction}
    return {
        worker_id: LinkFunction(typed[worker_id])
        if typed.get(worker_id) in known
        else LinkFunction.SOCIAL_WORKER
        for worker_id in form.workers.data or []
    }


def _render_new(form: HouseholdCreateForm, workers, status: int = 200):
    kind = _kind(form.kind.data)
    return (
        render_template(
            "households/new.html",
            form=form,
            workers=workers,
            kind=kind,
            template=TEMPLATES[kind],
            chosen_functions=_typed_functions(),
            max_rows=MAX_ROWS,
            **template_context(),
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new():
    workers = active_workers()
    form = HouseholdCreateForm()
    form.set_worker_choices(workers)
    if request.method == "GET":
        form.submission_id.data = idempotency.new_token()
        while len(form.residents) < _row_count():
            form.residents.append_entry()
        return _render_new(form, workers)
    if "add_row" in request.form:  # "Add another resident" without JavaScript
        if len(form.residents) < MAX_ROWS:
            form.residents.append_entry()
        return _render_new(form, workers)
    if form.validate_on_submit():
        try:
            household = create_household(
                name=form.name.data,
                kind=HouseholdKind(form.kind.data),
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
                submission_id=form.submission_id.data,
            )
        except idempotency.AlreadySubmitted as done:
            flash(_("This household was already saved."), "info")
            if done.result.isdigit():
                return htmx_redirect(url_for(".detail", household_id=int(done.result)))
            return htmx_redirect(url_for(".index"))
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(_("The household %(name)s is ready.", name=household.name), "success")
            return htmx_redirect(url_for(".detail", household_id=household.id))
    return _render_new(form, workers, 422)


@bp.get("/new/resident-row")
@staff_required(*MANAGERS)
def resident_row():
    """htmx: one more empty resident row (and the button, moved on to the next index)."""
    try:
        index = max(0, min(MAX_ROWS - 1, int(request.args.get("index", 0))))
    except ValueError:
        index = 0
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
        "households/_kind_preview.html", kind=kind, template=TEMPLATES[kind], **template_context()
    )


# --- one household -------------------------------------------------------------------


@bp.get("/<int:household_id>")
@staff_required()
def detail():
    from cohousing.households.views.members import residents_context, workers_context

    household = g.household
    note_household_viewed(household)
    context = residents_context(household) | workers_context(household) | template_context()
    page = render_template("households/detail.html", **context)
    # One commit, after rendering: committing first expired the household and the signed-in
    # account, and the page read both again (2 queries on every view).
    db.session.commit()
    return page


@bp.route("/<int:household_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit():
    household = g.household
    if request.method == "GET":
        dwelling = household.dwelling
        data = {
            "name": household.name,
            "kind": household.kind.value,
            "locale": household.locale,
            "tablet_idle_seconds": household.tablet_idle_seconds,
        }
        if dwelling is not None:
            data |= {
                "address": dwelling.address,
                "landlord_name": dwelling.landlord_name,
                "landlord_contact": dwelling.landlord_contact,
                "monthly_rent": dwelling.monthly_rent_cents,
                "lease_start": dwelling.lease_start,
                "lease_end": dwelling.lease_end,
            }
        form = HouseholdEditForm(formdata=None, data=data)
        return render_template(
            "households/edit.html", form=form, household=household, **template_context()
        )
    form = HouseholdEditForm()
    if form.validate_on_submit():
        try:
            update_household(
                household,
                name=form.name.data,
                kind=HouseholdKind(form.kind.data),
                locale=form.locale.data,
                tablet_idle_seconds=form.tablet_idle_seconds.data,
                dwelling=dwelling_data(form),
            )
        except HouseholdRuleError as error:
            db.session.rollback()
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return htmx_redirect(url_for(".detail"))
    return render_template(
        "households/edit.html", form=form, household=household, **template_context()
    ), 422


@bp.route("/<int:household_id>/archive", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def archive():
    """GET asks for confirmation; POST archives."""
    household = g.household
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        archive_household(household)
        db.session.commit()
        flash(_("The household is archived. You can restore it at any time."), "success")
        return htmx_redirect(url_for(".detail"))
    return render_template("households/archive.html", form=form, household=household)


@bp.post("/<int:household_id>/unarchive")
@staff_required(*MANAGERS)
def unarchive():
    unarchive_household(g.household)
    db.session.commit()
    flash(_("The household is active again."), "success")
    return htmx_redirect(url_for(".detail"))
