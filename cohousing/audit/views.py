"""The access register for admins (filter, page, CSV) and "who looked" on the tablet."""

from __future__ import annotations

from flask import Response, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cohousing.audit import bp
from cohousing.audit.forms import AuditFilterForm
from cohousing.audit.queries import AuditFilter, actions, csv_text, looks_at, page_of
from cohousing.audit.services import record
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, Membership
from cohousing.people.models import Person
from cohousing.security import resident_required, staff_required
from cohousing.staff.models import Role, StaffAccount
from cohousing.web.htmx import render_page_or_fragment


def _filter_form() -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.args)
    staff = db.session.execute(
        select(StaffAccount.id, StaffAccount.display_name).order_by(StaffAccount.display_name)
    ).all()
    households = db.session.execute(
        select(Household.id, Household.name).order_by(Household.name)
    ).all()
    form.staff.choices = [SelectChoice("", _("Anyone"))] + [
        SelectChoice(str(i), n) for i, n in staff
    ]
    form.household.choices = [SelectChoice("", _("Any household"))] + [
        SelectChoice(str(i), n) for i, n in households
    ]
    people = []
    if form.household.data:
        people = db.session.execute(
            select(Person.id, Person.display_name)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.household_id == form.household.data)
            .distinct()
            .order_by(Person.display_name)
        ).all()
    form.person.choices = [SelectChoice("", _("Anyone"))] + [
        SelectChoice(str(i), n) for i, n in people
    ]
    form.action.choices = [SelectChoice("", _("Anything"))] + [
        SelectChoice(a, a) for a in actions()
    ]
    form.validate()  # fills the errors of unreadable dates; they are then ignored
    audit_filter = AuditFilter(
        staff_id=form.staff.data,
        household_id=form.household.data,
        person_id=form.person.data if form.household.data else None,
        action=form.action.data or None,
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
        timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
    )
    return form, audit_filter


@bp.get("/audit/")
@staff_required(Role.ADMIN)
def register():
    form, audit_filter = _filter_form()
    page = request.args.get("page", 1, type=int)
    rows, pages = page_of(audit_filter, page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_page_or_fragment(
        "audit/register.html",
        "audit/_rows.html",
        form=form,
        rows=rows,
        page_number=min(max(page, 1), pages),
        pages=pages,
        args=args,
    )


@bp.get("/audit/export.csv")
@staff_required(Role.ADMIN)
def export():
    _form, audit_filter = _filter_form()
    body = csv_text(audit_filter)
    record(
        "audit.exported",
        household_id=audit_filter.household_id,
        subject_person_id=audit_filter.person_id,
    )
    db.session.commit()
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tablet/who-looked")
@resident_required
def who_looked():
    """The resident's own page: which staff looked at what about them, in plain words."""
    response = make_response(
        render_template("audit/who_looked.html", looks=looks_at(g.resident.id))
    )
    response.headers["Cache-Control"] = "no-store"
    return response
