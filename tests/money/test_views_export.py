"""Export of a household's expenses and payments: CSV in the reader's format, JSON, audit."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import force_locale, gettext
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.money.models import ExpenseCategory
from cohousing.money.services import Actor, delete_expense, record_payment
from cohousing.staff.models import Role
from tests.fixtures.money import url

HEADER = ["Type", "Date", "Description", "Category", "Amount", "Paid by", "For whom"]


def rows(response, delimiter: str) -> list[list[str]]:
    body = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=delimiter))


def fill(money_house, pair, book):
    anna, bruno = pair
    book(
        money_house,
        anna,
        123450,
        [anna, bruno],
        description="Lavatrice, nuova",
        on=date(2026, 11, 3),
    )
    gone = book(money_house, bruno, 999, [anna, bruno], description="Errore")
    delete_expense(gone, by=Actor(person_id=bruno.id))
    record_payment(
        money_house,
        payer=bruno.id,
        payee=anna.id,
        cents=61725,
        paid_on=date(2026, 11, 20),
        note="contanti",
        by=Actor(person_id=bruno.id),
    )
    db.session.commit()


def test_csv_in_italian_uses_semicolons_decimal_comma_and_italian_words(
    app, client, login, make_staff, money_house, pair, book
):
    fill(money_house, pair, book)
    login(make_staff(Role.COORDINATOR, language="it"))
    response = client.get(f"/households/{money_house.id}/money/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, expense, payment = rows(response, ";")
    with app.test_request_context(), force_locale("it"):
        assert header == [gettext(word) for word in HEADER]  # as the Italian catalogue says
    assert expense[1] == "03/11/2026" and expense[2] == "Lavatrice, nuova"
    assert expense[4] == "1234,50"
    assert expense[5] == "Anna Bianchi: 1234,50"
    assert expense[6] == "Anna Bianchi: 617,25 | Bruno Rossi: 617,25"
    assert payment[1] == "20/11/2026" and payment[4] == "617,25"
    assert payment[5:] == ["Bruno Rossi", "Anna Bianchi"]


def test_csv_in_english_uses_commas_and_a_decimal_point(
    client, login, make_staff, money_house, pair, book
):
    fill(money_house, pair, book)
    login(make_staff(Role.COORDINATOR, language="en"))
    response = client.get(f"/households/{money_house.id}/money/export.csv")
    header, expense, payment = rows(response, ",")
    assert header == HEADER
    assert expense[:5] == [
        "Expense",
        "11/3/2026",
        "Lavatrice, nuova",
        "Food and groceries",
        "1234.50",
    ]
    assert payment[:5] == ["Payment", "11/20/2026", "contanti", "", "617.25"]
    assert "Errore" not in response.get_data(as_text=True)  # deleted: not in the balances


def test_json_has_cents_as_integers_and_iso_dates(client, login, worker, money_house, pair, book):
    anna, bruno = pair
    fill(money_house, pair, book)
    login(worker)  # a linked worker may export
    response = client.get(f"/households/{money_house.id}/money/export.json")
    assert response.mimetype == "application/json"
    data = response.get_json()
    (expense,) = data["expenses"]
    assert expense["amount_cents"] == 123450 and expense["date"] == "2026-11-03"
    assert expense["payers"] == [{"id": anna.id, "name": "Anna Bianchi", "cents": 123450}]
    assert [s["cents"] for s in expense["shares"]] == [61725, 61725]
    (payment,) = data["payments"]
    assert payment == {
        "id": payment["id"],
        "date": "2026-11-20",
        "cents": 61725,
        "note": "contanti",
        "from": {"id": bruno.id, "name": "Bruno Rossi"},
        "to": {"id": anna.id, "name": "Anna Bianchi"},
    }


def test_every_export_is_audited_and_other_households_are_404(
    client, login, worker, money_house, other_household
):
    login(worker)
    client.get(f"/households/{money_house.id}/money/export.csv")
    client.get(f"/households/{money_house.id}/money/export.json")
    details = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "money.exported")
    ).all()
    assert sorted(details) == ["csv", "json"]
    assert client.get(f"/households/{other_household.id}/money/export.json").status_code == 404


def test_formula_like_text_is_quoted_and_numbers_stay_numbers(
    client, login, make_staff, money_house, pair
):
    """OWASP CSV injection: a text cell starting with = + - @ tab or CR gets a quote."""
    from cohousing.money.services import ExpenseData, Split, add_expense

    anna, bruno = pair
    anna.display_name = "@Anna"
    for description in ('=HYPERLINK("http://x.example","click")', "+39 pane", "-5 sconto"):
        add_expense(
            money_house,
            ExpenseData(
                description=description,
                amount_cents=1000,
                spent_on=date(2026, 11, 3),
                category=ExpenseCategory.GROCERIES,
                payers={anna.id: 1000},
                split=Split.equal([anna.id, bruno.id]),
            ),
            by=Actor(person_id=anna.id),
        )
    record_payment(
        money_house,
        payer=bruno.id,
        payee=anna.id,
        cents=500,
        paid_on=date(2026, 11, 20),
        note="=1+1",
        by=Actor(person_id=bruno.id),
    )
    db.session.commit()
    login(make_staff(Role.COORDINATOR, language="en"))
    _header, *expenses, payment = rows(client.get(url(money_house, "/export.csv")), ",")
    assert [e[2] for e in expenses] == [
        '\'=HYPERLINK("http://x.example","click")',
        "'+39 pane",
        "'-5 sconto",
    ]
    assert {e[4] for e in expenses} == {"10.00"}  # the amounts are numbers, unquoted
    assert (
        expenses[0][5] == "'@Anna: 10.00" and expenses[0][6] == "'@Anna: 5.00 | Bruno Rossi: 5.00"
    )
    assert payment[2] == "'=1+1" and payment[4] == "5.00" and payment[6] == "'@Anna"
    json_note = client.get(url(money_house, "/export.json")).get_json()["payments"][0]["note"]
    assert json_note == "=1+1"  # JSON is for programs: left as typed
