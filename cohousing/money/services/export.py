"""A household's expenses and payments as CSV (for a spreadsheet) or JSON (for a program).

CSV speaks the reader's language: Italian gets `;` between columns and a decimal comma
(what an Italian spreadsheet opens), English `,` and a decimal point; dates in the
reader's short format with a four-digit year; the header row translated. JSON is for
programs: cents as integers, ISO dates, codes next to translated labels. Only what counts
in the balances is exported (deleted records stay visible on the money page). Every
export is kept in the access register.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
return) as a formula, so a description such as `=HYPERLINK(...)` typed on the tablet
could act on the coordinator's computer. Every TEXT cell starting so gets a single quote
in front (OWASP, "CSV Injection"); numbers and dates the app writes itself are left as
numbers, so a spreadsheet can still add them up, even when negative.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal, get_decimal_symbol
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.money.models import Expense, Payment
from cohousing.money.services.amounts import as_decimal
from cohousing.money.services.common import CATEGORY_LABELS, people_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: a formula-like start gets a quote."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


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
        """A number cell: "1234,50" or "-12.50", exact (Decimal, never a float)."""
        return format_decimal(as_decimal(cents), format="0.00", locale=self.locale)

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
    header = [
        _("Type"),
        _("Date"),
        _("Description"),
        _("Category"),
        _("Amount"),
        _("Paid by"),
        _("For whom"),
    ]
    writer.writerow([text_cell(word) for word in header])
    for e in live_expenses(household):
        writer.writerow(
            [
                text_cell(_("Expense")),
                style.day(e.spent_on),
                text_cell(e.description),
                text_cell(str(CATEGORY_LABELS[e.category])),
                style.amount(e.amount_cents),
                text_cell(_parts(people, e.payers, style)),
                text_cell(_parts(people, e.shares, style)),
            ]
        )
    for p in live_payments(household):
        writer.writerow(
            [
                text_cell(_("Payment")),
                style.day(p.paid_on),
                text_cell(p.note),
                "",
                style.amount(p.cents),
                text_cell(_name(people, p.from_person_id)),
                text_cell(_name(people, p.to_person_id)),
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


def export_name(household: Household, kind: str) -> str:
    """The download's file name: money-<household>-<today>.<kind>."""
    return f"money-{household.id}-{household.today().isoformat()}.{kind}"


def csv_export(household: Household) -> str:
    """The CSV file's text, with a byte order mark (spreadsheets then read UTF-8 accents);
    the register keeps who exported."""
    record("money.exported", household_id=household.id, detail="csv")
    return "\ufeff" + csv_text(household)


def json_export(household: Household) -> str:
    record("money.exported", household_id=household.id, detail="json")
    return json.dumps(json_data(household), ensure_ascii=False, indent=2)
