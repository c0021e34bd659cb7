"""The access register for admins (filter, page, CSV) and "who looked" on the tablet."""

from __future__ import annotations

from flask import Response, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from cohousing.audit import bp
from cohousing.audit.forms import AuditFilterForm
from cohousing.audit.services import (
    AuditFilter,
    action_words,
    csv_text,
    detail_words,
    filter_choices,
    looks_at,
    page_of,
    record,
    role_words,
)
from cohousing.database import clock
from cohousing.security import ADMINS, resident_required, staff_required
from cohousing.web.htmx import render_page_or_fragment
from cohousing.web.parsing import MAX_ID, query_int


def _options(anyone: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", anyone)] + [SelectChoice(str(i), name) for i, name in pairs]


def _offered(chosen: int | None, pairs) -> int | None:
    return chosen if chosen in {i for i, _name in pairs} else None


def _filter_form() -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.args)
    choices = filter_choices(form.household.data, current_user.organisation_id)
    form.staff.choices = _options(_("Anyone"), choices.staff)
    form.household.choices = _options(_("Any household"), choices.households)
    form.person.choices = _options(_("Anyone"), choices.people)
    named = sorted(((action_words(a), a) for a in choices.actions), key=lambda pair: pair[0])
    form.action.choices = [SelectChoice("", _("Anything"))] + [
        SelectChoice(a, words) for words, a in named
    ]
    form.validate()  # fills the errors of unreadable dates; they are then ignored
    # An id no choice offers (a deleted account, a made-up number) filters nothing: the
    # export's own register row must not name a record that does not exist.
    staff_id = _offered(form.staff.data, choices.staff)
    household_id = _offered(form.household.data, choices.households)
    audit_filter = AuditFilter(
        staff_id=staff_id,
        household_id=household_id,
        person_id=_offered(form.person.data, choices.people) if household_id else None,
        action=form.action.data or None,
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
        timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        organisation_id=current_user.organisation_id,
    )
    return form, audit_filter


@bp.get("/audit/")
@staff_required(*ADMINS)
def register():
    form, audit_filter = _filter_form()
    page = request.args.get("page", 1, type=query_int(1, MAX_ID))
    rows, pages = page_of(audit_filter, page)
    return render_page_or_fragment(
        "audit/register.html",
        "audit/_rows.html",
        form=form,
        rows=rows,
        page_number=min(page, pages),
        pages=pages,
        args=audit_filter.as_args(),
        action_words=action_words,
        role_words=role_words,
        detail_words=detail_words,
    )


@bp.get("/audit/export.csv")
@staff_required(*ADMINS)
def export():
    _form, audit_filter = _filter_form()
    body = csv_text(audit_filter)
    record(
        "audit.exported",
        household_id=audit_filter.household_id,
        subject_person_id=audit_filter.person_id,
    )
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
