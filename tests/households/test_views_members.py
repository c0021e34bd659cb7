"""Residents and workers from the household page: htmx fragments, plain redirects, 422s."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from cohousing.extensions import db
from cohousing.households.models import LinkFunction, Membership
from cohousing.households.services import current_residents, current_worker_links
from cohousing.people.models import AVATAR_COLOURS, Person
from cohousing.tablet.services import check_pin, is_locked
from tests.fixtures.households import image_bytes, post_multipart, resident, text

TODAY = date(2026, 11, 25)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def names(household) -> list[str]:
    return [p.display_name for p in current_residents(household)]


# --- add a resident --------------------------------------------------------------------


def test_add_resident_plain_redirects_with_a_flash(manager, household):
    assert "Add a resident" in text(manager.get(f"/households/{household.id}/residents/new"))
    response = manager.post(
        f"/households/{household.id}/residents/new",
        data={"display_name": "Carla Blu", "pin": "8642"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/households/{household.id}")
    assert "Carla Blu" in names(household)
    assert "Carla Blu now lives here." in text(manager.get(response.headers["Location"]))


def test_add_resident_with_htmx_answers_the_residents_fragment(manager, household):
    response = manager.htmx(
        "post",
        f"/households/{household.id}/residents/new",
        data={"display_name": "Carla Blu", "pin": "8642"},
    )
    page = text(response)
    assert response.status_code == 200
    assert page.lstrip().startswith("<section") and 'id="residents"' in page
    assert "Carla Blu now lives here." in page and "<html" not in page
    assert "Carla Blu" in names(household)


def test_add_resident_with_a_photo(as_coordinator, household):
    response = post_multipart(
        as_coordinator,
        f"/households/{household.id}/residents/new",
        {
            "display_name": "Carla Blu",
            "pin": "8642",
            "photo": FileStorage(io.BytesIO(image_bytes("PNG")), "carla.png"),
        },
    )
    assert response.status_code == 303
    carla = resident(household, "Carla Blu")
    assert carla.photo_version == 1
    assert as_coordinator.get(f"/people/{carla.id}/photo/1.jpg").mimetype == "image/jpeg"


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "Carla Blu", "pin": "12ab"}, "The PIN must be 4 to 6 digits."),
        ({"display_name": "Carla Blu", "pin": "123"}, "The PIN must be 4 to 6 digits."),
        ({"display_name": "Carla Blu", "pin": "1234567"}, "The PIN must be 4 to 6 digits."),
        ({"display_name": "", "pin": "1234"}, "Write a name."),
    ],
)
def test_add_resident_bad_input_is_422_with_typed_values(
    as_coordinator, household, htmx, data, message
):
    before = count(Person)
    url = f"/households/{household.id}/residents/new"
    response = (
        as_coordinator.htmx("post", url, data=data) if htmx else as_coordinator.post(url, data=data)
    )
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert f'value="{data["display_name"]}"' in page
    assert ("<html" in page) is not htmx
    assert count(Person) == before


def test_add_resident_with_a_file_that_is_not_a_picture(as_coordinator, household):
    before = count(Person)
    response = post_multipart(
        as_coordinator,
        f"/households/{household.id}/residents/new",
        {
            "display_name": "Carla Blu",
            "pin": "8642",
            "photo": FileStorage(io.BytesIO(b"GIF89a but broken"), "carla.gif"),
        },
    )
    assert response.status_code == 422
    assert "not a picture" in text(response) and 'value="Carla Blu"' in text(response)
    assert count(Person) == before


# --- edit a resident, reset the PIN ---------------------------------------------------


def test_edit_resident_name_language_colour_and_photo(manager, household):
    anna = resident(household, "Anna Bianchi")
    url = f"/households/{household.id}/residents/{anna.id}/edit"
    assert 'value="Anna Bianchi"' in text(manager.get(url))
    response = post_multipart(
        manager,
        url,
        {
            "display_name": "Anna B.",
            "preferred_language": "en",
            "avatar_colour": AVATAR_COLOURS[4],
            "photo": FileStorage(io.BytesIO(image_bytes("WEBP")), "anna.webp"),
        },
    )
    assert response.status_code == 303
    db.session.refresh(anna)
    assert (anna.display_name, anna.preferred_language, anna.avatar_colour) == (
        "Anna B.",
        "en",
        AVATAR_COLOURS[4],
    )
    assert anna.photo_version == 1


def test_edit_resident_with_a_bad_photo_changes_nothing(as_coordinator, household):
    anna = resident(household, "Anna Bianchi")
    response = post_multipart(
        as_coordinator,
        f"/households/{household.id}/residents/{anna.id}/edit",
        {
            "display_name": "Anna Typed",
            "preferred_language": "",
            "avatar_colour": anna.avatar_colour,
            "photo": FileStorage(io.BytesIO(b"plain text"), "anna.jpg"),
        },
    )
    assert response.status_code == 422
    assert "not a picture" in text(response) and 'value="Anna Typed"' in text(response)
    db.session.refresh(anna)
    assert anna.display_name == "Anna Bianchi" and anna.photo_version == 0


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_reset_pin_lifts_the_lock(as_coordinator, household, htmx):
    anna = resident(household, "Anna Bianchi")
    for _ in range(5):
        check_pin(anna, "0000")
    db.session.commit()
    page = text(as_coordinator.get(f"/households/{household.id}"))
    assert "PIN locked after wrong tries" in page
    url = f"/households/{household.id}/residents/{anna.id}/pin"
    data = {f"pin{anna.id}-pin": "97531"}
    response = (
        as_coordinator.htmx("post", url, data=data) if htmx else as_coordinator.post(url, data=data)
    )
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "New PIN saved for Anna Bianchi." in text(response)
        assert "PIN locked after wrong tries" not in text(response)
    db.session.refresh(anna)
    assert not is_locked(anna) and check_pin(anna, "97531").ok


@pytest.mark.parametrize("pin", ["abcd", "123", "1234567"])
def test_reset_pin_refuses_a_bad_pin(as_coordinator, household, pin):
    anna = resident(household, "Anna Bianchi")
    old_hash = anna.pin_hash
    url = f"/households/{household.id}/residents/{anna.id}/pin"
    response = as_coordinator.htmx("post", url, data={f"pin{anna.id}-pin": pin})
    assert response.status_code == 422
    assert "The PIN must be 4 to 6 digits." in text(response)
    assert f'value="{pin}"' in text(response)
    db.session.refresh(anna)
    assert anna.pin_hash == old_hash


# --- move out, move to ------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_move_out_keeps_the_stay_in_the_history(manager, household, clock, htmx):
    anna = resident(household, "Anna Bianchi")
    url = f"/households/{household.id}/residents/{anna.id}/move-out"
    data = {f"out{anna.id}-ended_on": TODAY.isoformat()}
    response = manager.htmx("post", url, data=data) if htmx else manager.post(url, data=data)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        page = text(response)
        assert "Anna Bianchi has moved out." in page
        assert "Lived here before" in page
    assert names(household) == ["Bruno Rossi"]
    stay = db.session.scalar(select(Membership).where(Membership.person_id == anna.id))
    assert (stay.started_on, stay.ended_on) == (TODAY, TODAY)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_move_out_before_moving_in_is_refused(as_coordinator, household, htmx):
    anna = resident(household, "Anna Bianchi")
    url = f"/households/{household.id}/residents/{anna.id}/move-out"
    typed = (TODAY - timedelta(days=3)).isoformat()
    data = {f"out{anna.id}-ended_on": typed}
    response = (
        as_coordinator.htmx("post", url, data=data) if htmx else as_coordinator.post(url, data=data)
    )
    assert response.status_code == 422
    assert "The day out cannot be before the day in." in text(response)
    assert f'value="{typed}"' in text(response)
    assert "Anna Bianchi" in names(household)


def test_move_to_another_household(manager, household, other_household):
    anna = resident(household, "Anna Bianchi")
    response = manager.htmx(
        "post",
        f"/households/{household.id}/residents/{anna.id}/move-to",
        data={
            f"to{anna.id}-target": str(other_household.id),
            f"to{anna.id}-ended_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Anna Bianchi moves to Casa Altrove." in text(response)
    assert "Anna Bianchi" not in names(household)
    assert "Anna Bianchi" in names(other_household)


def test_move_to_an_archived_household_is_refused(
    as_coordinator, household, other_household, clock
):
    other_household.archived_at = clock.now()
    db.session.commit()
    anna = resident(household, "Anna Bianchi")
    response = as_coordinator.post(
        f"/households/{household.id}/residents/{anna.id}/move-to",
        data={
            f"to{anna.id}-target": str(other_household.id),
            f"to{anna.id}-ended_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Anna Bianchi" in names(household)
    assert "Casa Altrove" not in text(as_coordinator.get(f"/households/{household.id}"))


# --- workers ------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_link_and_unlink_a_worker(manager, household, other_worker, htmx):
    url = f"/households/{household.id}/workers"
    data = {"worker_id": str(other_worker.id), "function": "health_worker"}
    response = manager.htmx("post", url, data=data) if htmx else manager.post(url, data=data)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "Olga Operatrice now follows the household." in text(response)
        assert 'id="workers"' in text(response) and "<html" not in text(response)
    links = {link.worker_id: link for link in current_worker_links(household)}
    assert links[other_worker.id].function is LinkFunction.HEALTH_WORKER

    unlink = f"/households/{household.id}/workers/{links[other_worker.id].id}/unlink"
    response = manager.htmx("post", unlink) if htmx else manager.post(unlink)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "Olga Operatrice no longer follows the household." in text(response)
    assert other_worker.id not in {link.worker_id for link in current_worker_links(household)}
    assert links[other_worker.id].ended_on == TODAY


def test_linking_an_already_linked_worker_changes_nothing(as_coordinator, household, worker):
    response = as_coordinator.htmx(
        "post",
        f"/households/{household.id}/workers",
        data={"worker_id": str(worker.id), "function": "mediator"},
    )
    assert response.status_code == 422  # not offered: already linked
    assert len(current_worker_links(household)) == 1


def test_unlinking_a_link_of_another_household_is_404(as_coordinator, household, other_household):
    link = current_worker_links(other_household)[0]
    response = as_coordinator.post(f"/households/{household.id}/workers/{link.id}/unlink")
    assert response.status_code == 404
    assert current_worker_links(other_household)[0].ended_on is None


def test_two_taps_on_add_resident_add_one_resident(as_coordinator, household):
    url = f"/households/{household.id}/residents/new"
    token = re.search(r'name="submission_id"[^>]*value="([^"]+)"', text(as_coordinator.get(url)))[1]
    data = {"display_name": "Carla Blu", "pin": "8642", "submission_id": token}
    assert as_coordinator.post(url, data=data).status_code == 303
    again = as_coordinator.htmx("post", url, data=data)
    assert again.status_code == 200 and "This resident was already added." in text(again)
    assert names(household).count("Carla Blu") == 1


def test_moving_needs_a_chosen_household(as_coordinator, household, other_household):
    anna = resident(household, "Anna Bianchi")
    page = text(as_coordinator.get(f"/households/{household.id}"))
    assert "Choose a household" in page  # nobody is moved to the first one by accident
    response = as_coordinator.htmx(
        "post",
        f"/households/{household.id}/residents/{anna.id}/move-to",
        data={f"to{anna.id}-target": "", f"to{anna.id}-ended_on": TODAY.isoformat()},
    )
    assert response.status_code == 422
    assert "Choose a household." in text(response)
    assert "Anna Bianchi" in names(household)


def test_a_past_resident_is_history_not_changed(as_coordinator, household, clock):
    anna = resident(household, "Anna Bianchi")
    as_coordinator.post(
        f"/households/{household.id}/residents/{anna.id}/move-out",
        data={f"out{anna.id}-ended_on": TODAY.isoformat()},
    )
    url = f"/households/{household.id}/residents/{anna.id}"
    pin = as_coordinator.htmx("post", f"{url}/pin", data={f"pin{anna.id}-pin": "97531"})
    assert pin.status_code == 422 and "This person does not live here now." in text(pin)
    edit = as_coordinator.post(
        f"{url}/edit",
        data={"display_name": "Anna B.", "preferred_language": "", "avatar_colour": "#1d5a73"},
    )
    assert edit.status_code == 422
    db.session.refresh(anna)
    assert anna.display_name == "Anna Bianchi" and not check_pin(anna, "97531").ok


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_unlinking_a_link_that_already_ended_is_a_message(as_coordinator, household, htmx):
    link = current_worker_links(household)[0]
    url = f"/households/{household.id}/workers/{link.id}/unlink"
    assert as_coordinator.post(url).status_code == 303
    again = as_coordinator.htmx("post", url) if htmx else as_coordinator.post(url)
    assert again.status_code == 422
    assert "This worker is not linked to the household." in text(again)
    assert db.session.get(type(link), link.id).ended_on == TODAY
