"""Creating a household in one page over HTTP: rows, kinds, workers, photos, bad input."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, LinkFunction, Membership
from cohousing.households.services import current_residents, current_worker_links
from cohousing.people.models import Person
from tests.fixtures.households import image_bytes, post_multipart, tag, text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- creating a household in one page ----------------------------------------------------


def test_new_household_page_has_three_rows_a_token_and_focus_on_the_name(as_coordinator, worker):
    page = text(as_coordinator.get("/households/new"))
    assert page.count('class="resident-row"') == 3
    assert 'name="submission_id"' in page
    assert "autofocus" in tag(page, "name")
    assert "Walter Operatore" in page and "Housing First team" in page
    assert "Choose a kind of household to see" in page  # no kind is chosen for them


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
    assert "“Casa Nuova” is ready" in page
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
