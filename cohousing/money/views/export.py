"""A household's expenses and payments as CSV (for a spreadsheet) or JSON (for a program).

CSV speaks the reader's language: Italian gets `;` between columns and a decimal comma
(what an Italian spreadsheet opens), English `,` and a decimal point; dates in the
reader's short format with a four-digit year; the header row translated. JSON is for
programs: cents as integers, ISO dates, codes next to translated labels. Only what counts
in the balances is exported (deleted records stay visible on the money page). Every
export is audited.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, get_decimal_symbol
from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money import bp
from cohousing.money.models import Expense, Payment
from cohousing.money.overview import people_of
from cohousing.money.services import CATEGORY_LABELS
from cohousing.money.views.expenses import load_household
from cohousing.security import staff_required


def live_expenses(household: Household) -> list[Expense]:
    return list(
        db.session.scalars(
            select(Expense)
            .where(Expense.household_id == household.id, Expense.deleted_at.is_(None))
            .options(selectinload(Expense.payers), selectinload(Expense.shares))
            .order_by(Expense.spent_on, Expense.id)
        )
    )


def live_payments(household: Household) -> list[Payment]:
    return list(
        db.session.scalars(
            select(Payment)
            .where(Payment.household_id == household.id, Payment.deleted_at.is_(None))
            .order_by(Payment.paid_on, Payment.id)
        )
    )


class Style:
    """How the reader writes numbers and dates, and separates CSV columns."""

    def __init__(self, locale) -> None:
        self.locale = locale
        self.delimiter = ";" if get_decimal_symbol(locale) == "," else ","
        pattern = get_date_format("short", locale=locale).pattern
        self.date_pattern = pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")

    def amount(self, cents: int) -> str:
        return format_decimal(cents / 100, format="0.00", locale=self.locale)

    def day(self, value: date) -> str:
        return format_date(value, self.date_pattern, locale=self.locale)


def _name(people: dict, person_id: int | None) -> str:
    if person_id is None:
        return _("The house pot")
    person = people.get(person_id)
    return person.display_name if person else "?"


def _parts(people: dict, parts, style: Style) -> str:
    return " | ".join(f"{_name(people, p.person_id)}: {style.amount(p.cents)}" for p in parts)


def csv_text(household: Household) -> str:
    style = Style(get_locale())
    people = people_of(household)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            _("Type"),
            _("Date"),
            _("Description"),
            _("Category"),
            _("Amount"),
            _("Paid by"),
            _("For whom"),
        ]
    )
    for e in live_expenses(household):
        writer.writerow(
            [
                _("Expense"),
                style.day(e.spent_on),
                e.description,
                str(CATEGORY_LABELS[e.category]),
                style.amount(e.amount_cents),
                _parts(people, e.payers, style),
                _parts(people, e.shares, style),
            ]
        )
    for p in live_payments(household):
        writer.writerow(
            [
                _("Payment"),
                style.day(p.paid_on),
                p.note,
                "",
                style.amount(p.cents),
                _name(people, p.from_person_id),
                _name(people, p.to_person_id),
            ]
        )
    return out.getvalue()


def json_data(household: Household) -> dict:
    people = people_of(household)

    def person(person_id: int | None) -> dict | None:
        return None if person_id is None else {"id": person_id, "name": _name(people, person_id)}

    return {
        "household": {"id": household.id, "name": household.name},
        "currency": "EUR",
        "expenses": [
            {
                "id": e.id,
                "date": e.spent_on.isoformat(),
                "description": e.description,
                "category": e.category.value,
                "category_label": str(CATEGORY_LABELS[e.category]),
                "amount_cents": e.amount_cents,
                "split": e.split_kind.value,
                "payers": [{**person(p.person_id), "cents": p.cents} for p in e.payers],
                "shares": [{**person(s.person_id), "cents": s.cents} for s in e.shares],
            }
            for e in live_expenses(household)
        ],
        "payments": [
            {
                "id": p.id,
                "date": p.paid_on.isoformat(),
                "from": person(p.from_person_id),
                "to": person(p.to_person_id),
                "cents": p.cents,
                "note": p.note,
            }
            for p in live_payments(household)
        ],
    }


def _download(household: Household, body: str, kind: str, mimetype: str) -> Response:
    record("money.exported", household_id=household.id, detail=kind)
    db.session.commit()
    name = f"money-{household.id}-{household.today().isoformat()}.{kind}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/households/<int:household_id>/money/export.csv")
@staff_required()
def export_csv(household_id: int):
    household = load_household(household_id)
    # The byte order mark tells spreadsheets the file is UTF-8 (accents in names).
    return _download(household, "\ufeff" + csv_text(household), "csv", "text/csv")


@bp.get("/households/<int:household_id>/money/export.json")
@staff_required()
def export_json(household_id: int):
    household = load_household(household_id)
    body = json.dumps(json_data(household), ensure_ascii=False, indent=2)
    return _download(household, body, "json", "application/json")
