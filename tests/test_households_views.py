"""Household screens over HTTP: roles, scope, htmx and plain requests, bad input."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from cohousing.database import clock as app_clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, LinkFunction, Membership
from cohousing.households.services import current_residents, current_worker_links
from cohousing.people.models import Person
from cohousing.staff.models import Role
from cohousing.tablet.models import Tablet
from tests.fixtures.households import image_bytes, post_multipart, resident, tag, text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


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


# --- creating a household in one page ----------------------------------------------------


def test_new_household_page_has_three_rows_a_token_and_focus_on_the_name(as_coordinator, worker):
    page = text(as_coordinator.get("/households/new"))
    assert page.count('class="resident-row"') == 3
    assert 'name="submission_id"' in page
    assert "autofocus" in tag(page, "name")
    assert "Walter Operatore" in page and "Housing First team" in page
    assert "Take out the rubbish" in page  # the default kind's chores, previewed


def test_more_rows_without_javascript(as_coordinator, create_data):
    page = text(as_coordinator.get("/households/new?rows=5"))
    assert page.count('class="resident-row"') == 5
    response = as_coordinator.post("/households/new", data=create_data(add_row="1"))
    assert response.status_code == 200
    page = text(response)
    assert page.count('class="resident-row"') == 4
    assert 'value="Casa Nuova"' in page and 'value="Maria Neri"' in page
    assert count(Household) == 0


def test_one_more_row_with_htmx(as_coordinator):
    response = as_coordinator.htmx("get", "/households/new/resident-row?index=3")
    page = text(response)
    assert 'name="residents-3-display_name"' in page
    assert 'hx-swap-oob="true"' in page and "index=4" in page
    assert "<html" not in page


def test_kind_preview_shows_what_the_kind_brings(as_coordinator):
    page = text(as_coordinator.htmx("get", "/households/kind-preview?kind=elderly"))
    assert "Water the plants" in page and "Set the table" in page
    assert "Clean the bathroom" not in page


def test_create_household_with_residents_and_workers(manager, worker, create_data):
    response = manager.post(
        "/households/new",
        data=create_data(workers=[str(worker.id)], **{f"function-{worker.id}": "mediator"}),
    )
    household = db.session.scalar(select(Household).where(Household.name == "Casa Nuova"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/households/{household.id}")
    assert household.kind is HouseholdKind.ELDERLY
    assert household.dwelling.monthly_rent_cents == 123450
    assert [p.display_name for p in current_residents(household)] == [
        "Luigi Gialli",
        "Maria Neri",
    ]  # the blank third row was skipped
    links = current_worker_links(household)
    assert [(link.worker_id, link.function) for link in links] == [
        (worker.id, LinkFunction.MEDIATOR)
    ]
    page = text(manager.get(response.headers["Location"]))
    assert "Casa Nuova is ready" in page
    assert "1.234,50" in page  # the money filter, in Italian


def test_two_taps_on_create_make_one_household(as_coordinator, create_data):
    first = as_coordinator.post("/households/new", data=create_data())
    second = as_coordinator.post("/households/new", data=create_data())
    assert count(Household) == 1
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]


def test_create_with_a_photo(as_coordinator, create_data):
    data = create_data(**{"residents-0-photo": (io.BytesIO(image_bytes()), "me.jpg")})
    response = as_coordinator.post("/households/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    maria = db.session.scalar(select(Person).where(Person.display_name == "Maria Neri"))
    assert maria.photo_version == 1
    photo = as_coordinator.get(f"/people/{maria.id}/photo/1.jpg")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


BAD_CREATE_INPUT = [
    ({"name": ""}, "Write a name."),
    ({"residents-0-pin": "abcd"}, "The PIN must be 4 to 6 digits."),
    ({"residents-0-pin": "123"}, "The PIN must be 4 to 6 digits."),
    ({"residents-0-pin": "1234567"}, "The PIN must be 4 to 6 digits."),
    ({"residents-2-display_name": "Half Filled"}, "The PIN must be 4 to 6 digits."),
    ({"residents-2-pin": "9999"}, "Write a name."),
    ({"lease_end": "2026-11-30"}, "The lease must end after it starts."),
    ({"lease_end": "2026-12-01"}, "The lease must end after it starts."),
    ({"monthly_rent": "-100"}, "Enter an amount above zero."),
    ({"monthly_rent": "1.000.000,01"}, "This rent is too high."),
    ({"monthly_rent": "nine hundred"}, "Write the amount like 1,234.50."),
]


@pytest.mark.parametrize(("override", "message"), BAD_CREATE_INPUT)
def test_bad_input_on_create_keeps_what_was_typed_and_saves_nothing(
    as_coordinator, create_data, override, message
):
    before = (count(Household), count(Person), count(Membership))
    data = create_data(**override)
    response = as_coordinator.post("/households/new", data=data)
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert (count(Household), count(Person), count(Membership)) == before
    for key in ("address", "landlord_name", "residents-1-display_name"):
        assert f'value="{data[key]}"' in page
    if data["monthly_rent"]:
        assert f'value="{data["monthly_rent"]}"' in page


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"%PDF-1.4 not a picture", "scan.jpg", "not a picture"),
        (b"just text", "notes.txt", "Choose a JPEG, PNG, WebP or GIF picture."),
        (b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "big.jpg", "larger than 5 MB"),
    ],
    ids=["not-an-image", "wrong-extension", "over-5-mb"],
)
def test_a_bad_photo_on_create_is_a_message_by_the_field(
    as_coordinator, create_data, content, filename, message
):
    data = create_data(**{"residents-0-photo": FileStorage(io.BytesIO(content), filename)})
    response = post_multipart(as_coordinator, "/households/new", data)
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert page.count(message) == 1  # one message, not one per validator
    assert 'value="Maria Neri"' in page
    assert count(Household) == 0 and count(Person) == 0


# --- one household: roles and scope ----------------------------------------------------


def test_coordinator_sees_the_dwelling_residents_workers_and_actions(as_coordinator, household):
    household.dwelling.lease_start = app_clock.today_in("Europe/Rome")
    db.session.commit()
    page = text(as_coordinator.get(f"/households/{household.id}"))
    assert "Via Fillungo 1, Lucca" in page
    assert "€900.00" in page  # rent with the money filter
    assert "November 25, 2026" in page  # the lease start with format_date
    assert "Anna Bianchi" in page and "Bruno Rossi" in page
    assert "Walter Operatore" in page and "Social worker" in page
    assert "Reset PIN" in page and "Move out" in page and "Edit the household" in page


def test_opening_a_household_is_recorded_in_the_access_register(as_coordinator, household):
    from cohousing.audit.models import AuditEvent

    as_coordinator.get(f"/households/{household.id}")
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "household.viewed", AuditEvent.household_id == household.id)
        )
        == 1
    )


def test_worker_sees_a_linked_household_read_only(client, login, worker, household):
    login(worker)
    response = client.get(f"/households/{household.id}")
    page = text(response)
    assert response.status_code == 200
    assert "Anna Bianchi" in page and "Via Fillungo 1, Lucca" in page
    for manage_word in (
        "Reset PIN",
        "Move out",
        "Edit the household",
        "Archive",
        "Link another worker",
        "Unlink",
        "Add a resident",
        "household-tablets",
    ):
        assert manage_word not in page


def test_worker_gets_404_for_a_household_not_linked_today(client, login, worker, other_household):
    login(worker)
    assert client.get(f"/households/{other_household.id}").status_code == 404


def test_unknown_household_is_404_for_a_coordinator(as_coordinator):
    assert as_coordinator.get("/households/9999").status_code == 404
    assert as_coordinator.get("/households/9999/edit").status_code == 404
    assert as_coordinator.post("/households/9999/archive").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, household):
    response = client.get(f"/households/{household.id}")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


MANAGE_ACTIONS = [
    ("get", "/households/new"),
    ("post", "/households/new"),
    ("get", "/households/{h}/edit"),
    ("post", "/households/{h}/edit"),
    ("get", "/households/{h}/archive"),
    ("post", "/households/{h}/archive"),
    ("post", "/households/{h}/unarchive"),
    ("get", "/households/{h}/residents/new"),
    ("post", "/households/{h}/residents/new"),
    ("get", "/households/{h}/residents/{p}/edit"),
    ("post", "/households/{h}/residents/{p}/edit"),
    ("post", "/households/{h}/residents/{p}/pin"),
    ("post", "/households/{h}/residents/{p}/move-out"),
    ("post", "/households/{h}/residents/{p}/move-to"),
    ("post", "/households/{h}/workers"),
    ("post", "/households/{h}/workers/{l}/unlink"),
]


@pytest.mark.parametrize(("method", "url"), MANAGE_ACTIONS)
def test_worker_gets_403_on_every_manage_action(client, login, worker, household, method, url):
    login(worker)
    anna = resident(household, "Anna Bianchi")
    link = current_worker_links(household)[0]
    url = url.format(h=household.id, p=anna.id, l=link.id)
    response = client.open(url, method=method.upper(), data={"pin1-pin": "1111"})
    assert response.status_code == 403
    assert count(Household) == 1 and len(current_residents(household)) == 2
    assert current_worker_links(household)[0].ended_on is None


@pytest.mark.parametrize("action", ["edit", "move-out", "pin"])
def test_a_resident_of_another_household_is_404(as_coordinator, household, other_household, action):
    zeno = resident(other_household, "Zeno Verdi")
    method = "get" if action == "edit" else "post"
    url = f"/households/{household.id}/residents/{zeno.id}/{action}"
    assert as_coordinator.open(url, method=method.upper()).status_code == 404


# --- editing and archiving -----------------------------------------------------------


def test_managers_edit_the_household(manager, household):
    client = manager
    form = text(client.get(f"/households/{household.id}/edit"))
    assert 'value="Casa Serena"' in form and 'value="900,00"' in form
    response = client.post(
        f"/households/{household.id}/edit",
        data={
            "name": "Casa Serena 2",
            "kind": "supported_living",
            "locale": "en",
            "tablet_idle_seconds": "90",
            "address": "Via Nuova 2",
            "monthly_rent": "950,5",
            "lease_start": "2026-01-01",
            "lease_end": "2028-12-31",
        },
    )
    assert response.status_code == 303
    db.session.refresh(household)
    assert (household.name, household.kind, household.locale, household.tablet_idle_seconds) == (
        "Casa Serena 2",
        HouseholdKind.SUPPORTED_LIVING,
        "en",
        90,
    )
    assert household.dwelling.monthly_rent_cents == 95050


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"tablet_idle_seconds": "5"}, "Choose between 20 and 600 seconds."),
        ({"tablet_idle_seconds": "601"}, "Choose between 20 and 600 seconds."),
        ({"lease_end": "2025-12-31"}, "The lease must end after it starts."),
        ({"name": "  "}, "Write a name."),
        ({"monthly_rent": "-1"}, "Enter an amount above zero."),
    ],
)
def test_bad_edit_keeps_what_was_typed_and_changes_nothing(
    as_coordinator, household, override, message
):
    data = {
        "name": "Casa Typed",
        "kind": "family",
        "locale": "it",
        "tablet_idle_seconds": "60",
        "address": "Via Typed 9",
        "lease_start": "2026-01-01",
        "monthly_rent": "10",
    }
    data.update(override)
    response = as_coordinator.post(f"/households/{household.id}/edit", data=data)
    assert response.status_code == 422
    page = text(response)
    assert message in page and 'value="Via Typed 9"' in page
    db.session.refresh(household)
    assert household.name == "Casa Serena"
    assert household.dwelling.address == "Via Fillungo 1, Lucca"


def test_archive_asks_first_then_hides_the_household(manager, household):
    as_coordinator = manager
    confirm = as_coordinator.get(f"/households/{household.id}/archive")
    assert "Archive Casa Serena?" in text(confirm)
    assert household.archived_at is None
    response = as_coordinator.post(f"/households/{household.id}/archive")
    assert response.status_code == 303
    db.session.refresh(household)
    assert household.archived_at is not None
    assert "Casa Serena" not in text(as_coordinator.get("/households/"))
    as_coordinator.post(f"/households/{household.id}/unarchive")
    db.session.refresh(household)
    assert household.archived_at is None
