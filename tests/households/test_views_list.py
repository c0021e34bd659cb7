"""The households list over HTTP: what each row shows, who sees which, pages of 25, a
search by name, a fixed query count."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cohousing.database import clock as app_clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import PER_PAGE, household_page
from cohousing.staff.models import Role
from cohousing.tablet.models import Tablet
from tests.fixtures.households import text
from tests.fixtures.people import default_organisation_id


@pytest.fixture
def many():
    """60 households named Casa 00 .. Casa 59 (two full pages and a short one)."""

    def add(count: int, prefix: str = "Casa") -> list[Household]:
        rows = [
            Household(
                name=f"{prefix} {i:02d}",
                kind=HouseholdKind.FAMILY,
                organisation_id=default_organisation_id(),
            )
            for i in range(count)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return rows

    return add


def names(page: str) -> list[str]:
    return re.findall(r'class="household-name"[^>]*>([^<]+)<', page)


def test_the_list_shows_25_a_page_with_links_that_keep_the_filters(as_coordinator, many):
    many(60)
    first = text(as_coordinator.get("/households/"))
    assert names(first) == [f"Casa {i:02d}" for i in range(25)]
    assert "60 households" in first and "Page 1 of 3" in first
    assert 'href="/households/?page=2"' in first and "Previous page" not in first

    last = text(as_coordinator.get("/households/?page=3"))
    assert names(last) == [f"Casa {i:02d}" for i in range(50, 60)]
    assert "Next page" not in last and 'href="/households/?page=2"' in last

    searched = text(as_coordinator.get("/households/?q=casa&archived=1&page=2"))
    assert "Page 2 of 3" in searched
    assert 'href="/households/?page=3&amp;q=casa&amp;archived=1"' in searched
    assert 'href="/households/?page=1&amp;q=casa&amp;archived=1"' in searched


def test_a_page_past_the_end_shows_the_last_one_and_nonsense_the_first(as_coordinator, many):
    many(30)
    assert names(text(as_coordinator.get("/households/?page=99")))[0] == "Casa 25"
    assert names(text(as_coordinator.get("/households/?page=abc")))[0] == "Casa 00"
    assert names(text(as_coordinator.get("/households/?page=-4")))[0] == "Casa 00"


def test_search_by_name_ignores_case_and_takes_wildcards_literally(as_coordinator, many):
    many(3)
    many(2, prefix="Villa Rosa")
    db.session.add(
        Household(
            name="Casa 100%_sicura",
            kind=HouseholdKind.ELDERLY,
            organisation_id=default_organisation_id(),
        )
    )
    db.session.commit()
    found = text(as_coordinator.get("/households/?q=ROSA"))
    assert names(found) == ["Villa Rosa 00", "Villa Rosa 01"]
    assert "2 households" in found
    assert 'value="ROSA"' in found  # what was typed stays in the box
    assert names(text(as_coordinator.get("/households/?q=%25_"))) == ["Casa 100%_sicura"]
    none = text(as_coordinator.get("/households/?q=zzz"))
    assert names(none) == [] and "No household matches" in none
    assert "No households yet" not in none


def test_search_with_htmx_answers_only_the_list(as_coordinator, many):
    many(2, prefix="Villa Rosa")
    many(2)
    response = as_coordinator.get("/households/?q=villa", headers={"HX-Request": "true"})
    page = text(response)
    assert page.lstrip().startswith('<div id="household-list">')
    assert names(page) == ["Villa Rosa 00", "Villa Rosa 01"]
    assert "HX-Request" in response.headers["Vary"]


def test_a_worker_searches_only_the_households_linked_to_them(
    client, login, worker, household, other_household
):
    login(worker)
    assert names(text(client.get("/households/?q=casa"))) == ["Casa Serena"]
    assert names(text(client.get("/households/?q=altrove"))) == []


def test_archived_households_are_counted_only_when_asked_for(as_coordinator, many):
    rows = many(3)
    rows[0].archived_at = app_clock.now()
    db.session.commit()
    assert "2 households" in text(as_coordinator.get("/households/"))
    assert "3 households" in text(as_coordinator.get("/households/?archived=1"))


def test_the_page_costs_the_same_queries_for_30_or_300_households(
    as_coordinator, many, make_household, make_staff, count_queries
):
    helper = make_staff(Role.WORKER)
    for i in range(3):
        make_household(f"Casa A{i}", workers=(helper,), residents=(("Anna", "1234"),))

    def queries(url: str) -> int:
        db.session.expire_all()  # as in a new request: the signed-in account is read again
        with count_queries() as statements:
            response = as_coordinator.get(url)
        assert response.status_code == 200
        return len(statements)

    few = queries("/households/")
    many(300)
    assert queries("/households/") == few
    assert queries("/households/?page=7&q=casa") == few
    assert few <= 8


def test_household_page_reports_its_place(make_household):
    for i in range(PER_PAGE + 1):
        db.session.add(
            Household(
                name=f"Casa {i:02d}",
                kind=HouseholdKind.FAMILY,
                organisation_id=default_organisation_id(),
            )
        )
    db.session.commit()
    page = household_page(select(Household), on=app_clock.today_in("Europe/Rome"))
    assert (page.total, page.pages, page.number) == (PER_PAGE + 1, 2, 1)
    assert page.has_next and not page.has_previous
    assert len(page.summaries) == PER_PAGE


# --- the list -------------------------------------------------------------------------


def test_list_shows_each_household_with_residents_workers_and_tablets(
    as_coordinator, household, other_household
):
    db.session.add(
        Tablet(
            household_id=household.id,
            name="Cucina",
            secret_hash="x" * 64,
            last_seen_at=app_clock.now(),
        )
    )
    db.session.commit()
    page = text(as_coordinator.get("/households/"))
    assert "Casa Serena" in page and "Casa Altrove" in page
    assert "Families and single parents" in page and "Elderly people" in page
    assert "2 residents" in page and "1 resident" in page
    assert "Walter Operatore" in page and "Olga Operatrice" in page
    assert "1 active" in page and "No tablet" in page
    assert "New household" in page


def test_archived_households_are_hidden_unless_asked_for(as_coordinator, household):
    household.archived_at = app_clock.now()
    db.session.commit()
    assert "Casa Serena" not in text(as_coordinator.get("/households/"))
    shown = text(as_coordinator.get("/households/?archived=1"))
    assert "Casa Serena" in shown and "Archived" in shown


def test_worker_sees_only_linked_households_without_manage_buttons(
    client, login, worker, household, other_household
):
    login(worker)
    page = text(client.get("/households/"))
    assert "Casa Serena" in page
    assert "Casa Altrove" not in page
    assert "New household" not in page


def test_empty_list_invites_a_coordinator_to_create_one(as_coordinator):
    page = text(as_coordinator.get("/households/"))
    assert "No households yet" in page
    assert 'href="/households/new"' in page


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_households(
    as_coordinator, make_household, make_staff, count_queries
):
    helper = make_staff(Role.WORKER)

    def add(n: int) -> None:
        for i in range(n):
            household = make_household(
                f"Casa {i:02d}", workers=(helper,), residents=(("Anna", "1234"), ("Bruno", "5678"))
            )
            db.session.add(Tablet(household_id=household.id, name="T", secret_hash="x" * 64))
        db.session.commit()

    def queries() -> int:
        with count_queries() as statements:
            response = as_coordinator.get("/households/")
        assert response.status_code == 200
        return len(statements), text(response).count('class="household-name"')

    add(3)
    few, shown_few = queries()
    add(27)
    many, shown_many = queries()
    assert (shown_few, shown_many) == (3, 25)  # 25 a page: see test_households_list_pages
    assert few == many


def test_the_list_reads_faces_and_names_as_columns_not_people(as_coordinator, household):
    """A page of households hydrates no Person and no staff account per row; the faces
    still show initials, or the photo once there is one."""
    from cohousing.people.models import Person
    from cohousing.staff.models import StaffAccount

    anna = next(m.person for m in household.memberships if m.person.display_name == "Anna Bianchi")
    anna.photo_version = 3
    db.session.commit()
    household_id, anna_id = household.id, anna.id
    db.session.expunge_all()
    page = household_page(select(Household), on=app_clock.today_in("Europe/Rome"))
    kept = {type(obj) for obj in db.session.identity_map.values()}
    assert Person not in kept and StaffAccount not in kept
    (summary,) = [s for s in page.summaries if s.household.id == household_id]
    faces = {face.display_name: (face.initials, face.has_photo) for face in summary.residents}
    assert faces == {"Anna Bianchi": ("AB", True), "Bruno Rossi": ("BR", False)}
    listing = text(as_coordinator.get("/households/"))
    assert f"/people/{anna_id}/photo/3.jpg" in listing and ">BR</span>" in listing
