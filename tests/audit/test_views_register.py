"""The access register for admins: filter, pages and CSV export; values from the address
bar parsed the one way; cells a spreadsheet would run as formulas quoted."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import record
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.staff.models import Role
from tests.fixtures.households import text
from tests.fixtures.wellbeing import MALFORMED_NUMBERS

HUGE = "9223372036854775808"  # 2^63: one more than PostgreSQL's bigint holds


@pytest.fixture
def visit_seen(app, login, worker, hf_flat, add_visit):
    """Walter read the notes of a visit about Elena."""
    elena = current_residents(hf_flat)[0]
    visit = add_visit(hf_flat, person_id=elena.id, ratings={"safety": 2}, staff=worker)
    login(worker, c=app.test_client()).get(f"/households/{hf_flat.id}/visits/{visit.id}")
    return elena, visit


@pytest.fixture
def admin_client(app, login, admin):
    return login(admin, c=app.test_client())


def csv_rows(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(text(response))))


def test_only_admins_open_the_register(app, login, worker, coordinator):
    for account in (worker, coordinator):
        client = login(account, c=app.test_client())
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/export.csv").status_code == 403
    assert not db.session.scalars(select(AuditEvent).filter_by(action="audit.exported")).all()


def test_the_register_needs_a_signed_in_admin(client):
    response = client.get("/audit/")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


def test_admins_filter_page_and_export_the_register(
    admin_client, admin, worker, hf_flat, visit_seen
):
    elena, _visit = visit_seen
    page = admin_client.get(f"/audit/?staff={worker.id}&action=visit.viewed")
    html = text(page)
    assert page.status_code == 200
    assert (
        "<td>Read the notes of a visit</td>" in html
        and "<td>Created the household</td>" not in html
    )
    filtered = text(
        admin_client.get(
            f"/audit/?household={hf_flat.id}&person={elena.id}&since=2026-11-25&until=2026-11-25"
        )
    )
    assert "Elena Neri" in filtered
    assert "No records match." in text(admin_client.get("/audit/?since=2030-01-01"))
    assert admin_client.get("/audit/?since=not-a-date&page=999").status_code == 200
    rows = csv_rows(
        admin_client.get(f"/audit/export.csv?action=visit.viewed&household={hf_flat.id}")
    )
    assert rows[0][:3] == ["at_utc", "action", "staff"]
    assert {r[1] for r in rows[1:]} == {"visit.viewed"}
    assert all(r[2] == "Walter Operatore" and r[3] == "worker" for r in rows[1:])
    exported = db.session.scalar(select(AuditEvent).filter_by(action="audit.exported"))
    assert (exported.staff_id, exported.household_id) == (admin.id, hf_flat.id)


def test_the_htmx_filter_answers_the_rows_only(admin_client, visit_seen):
    response = admin_client.htmx("get", "/audit/?action=visit.viewed")
    html = text(response)
    assert html.lstrip().startswith('<section class="panel" id="audit-rows"')
    assert "<td>Read the notes of a visit</td>" in html and "HX-Request" in response.headers["Vary"]


def test_the_register_paginates(app, admin_client):
    with app.test_request_context():
        for n in range(120):
            record("test.action", detail=f"row {n}")
        db.session.commit()
    first = text(admin_client.get("/audit/?action=test.action"))
    assert "Page 1 of 3" in first and "row 119" in first and "row 0<" not in first
    assert "/audit/?page=2&amp;action=test.action" in first
    last = text(admin_client.get("/audit/?action=test.action&page=3"))
    assert "row 0<" in last


@pytest.mark.parametrize(
    "name", ["index", "staff", "household", "person", "page", "since", "until", "action"]
)
@pytest.mark.parametrize(
    "value", [HUGE, *MALFORMED_NUMBERS, "9999-12-31", "-1", "0", "2026-02-30", "\x00"]
)
def test_malformed_address_values_give_the_normal_page(admin_client, visit_seen, name, value):
    """The fuzzer's /audit/?index=9223372036854775808 and its kin: no filter, no 500."""
    query = {name: value, "household": value} if name == "person" else {name: value}
    response = admin_client.get("/audit/", query_string=query)
    assert response.status_code == 200
    assert "Access register" in text(response)
    assert admin_client.get("/audit/export.csv", query_string=query).status_code == 200


@pytest.mark.parametrize("name", ["endpoint", "_external", "_scheme", "_anchor", "_method"])
def test_unknown_address_values_do_not_reach_the_links(admin_client, visit_seen, name):
    response = admin_client.get("/audit/", query_string={name: "https", "action": "visit.viewed"})
    assert response.status_code == 200
    html = text(response)
    assert "<td>Read the notes of a visit</td>" in html
    assert 'href="/audit/export.csv?action=visit.viewed"' in html  # and nothing else


def test_a_filter_naming_nothing_that_exists_is_no_filter(admin_client, admin, visit_seen):
    response = admin_client.get("/audit/export.csv?household=999999&person=999998&staff=999997")
    assert len(csv_rows(response)) > 2  # every row: nothing was filtered
    exported = db.session.scalar(select(AuditEvent).filter_by(action="audit.exported"))
    assert (exported.household_id, exported.subject_person_id) == (None, None)


def test_the_csv_quotes_cells_a_spreadsheet_would_run(
    app, admin_client, make_staff, make_household
):
    """OWASP: a cell starting with = + - @, a tab or a carriage return is prefixed with '."""
    sly = make_staff(Role.WORKER, name='=HYPERLINK("http://x")')
    house = make_household("+Casa", residents=(("@Nino", "2468"), ("-Dora", "1357")))
    nino, dora = current_residents(house)
    with app.test_request_context():
        for n, detail in enumerate(("=1+1", "+39 0583", "-2", "@SUM(A1)", "\tx", "\rx", "a=b")):
            db.session.add(
                AuditEvent(
                    action="test.csv",
                    staff_id=sly.id,
                    actor_role="worker",
                    household_id=house.id,
                    subject_person_id=(nino, dora)[n % 2].id,
                    detail=detail,
                )
            )
        db.session.commit()
    rows = csv_rows(admin_client.get("/audit/export.csv?action=test.csv"))[1:]
    assert sorted(r[7] for r in rows) == sorted(
        ["'=1+1", "'+39 0583", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "a=b"]
    )
    assert {r[2] for r in rows} == {'\'=HYPERLINK("http://x")'}
    assert {r[4] for r in rows} == {"'+Casa"}
    assert {r[5] for r in rows} == {"'@Nino", "'-Dora"}


def test_the_register_cannot_be_changed_from_the_app(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_opening_the_register_writes_nothing_and_the_export_one_row(admin_client, visit_seen):
    count = db.session.scalar(select(func.count(AuditEvent.id)))
    admin_client.get("/audit/")
    assert db.session.scalar(select(func.count(AuditEvent.id))) == count
    admin_client.get("/audit/export.csv")
    assert db.session.scalar(select(func.count(AuditEvent.id))) == count + 1
