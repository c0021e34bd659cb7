"""Values an attacker makes up, on every household form, field name and query string:
the field's message (422) or a harmless default, never a 500, and nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household, LinkFunction, Membership
from cohousing.households.services import current_residents, current_worker_links
from cohousing.people.models import Person
from tests.fixtures.households import resident, text

MADE_UP_NUMBERS = ["²", "①", "¹²³⁴", "9" * 400, str(2**63), "-0x1", "1e3", "\x00"]
TODAY = "2026-11-25"
BAD_DATE = "Enter a date as the calendar shows it."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def edit_data(**overrides) -> dict:
    data = {
        "name": "Casa Serena",
        "kind": "family",
        "locale": "it",
        "tablet_idle_minutes": "1",
        "address": "Via Fillungo 1, Lucca",
        "monthly_rent": "900",
    }
    data.update(overrides)
    return data


# --- query strings ----------------------------------------------------------------------


@pytest.mark.parametrize("value", MADE_UP_NUMBERS)
def test_made_up_numbers_in_query_strings_give_the_defaults(as_coordinator, household, value):
    listing = as_coordinator.get("/households/", query_string={"page": value})
    assert listing.status_code == 200 and "Casa Serena" in text(listing)
    new = as_coordinator.get("/households/new", query_string={"rows": value})
    assert new.status_code == 200 and text(new).count('class="resident-row"') == 3
    row = as_coordinator.htmx("get", "/households/new/resident-row", query_string={"index": value})
    assert row.status_code == 200 and 'name="residents-0-display_name"' in text(row)


def test_numbers_out_of_range_are_brought_within_it(as_coordinator):
    assert text(as_coordinator.get("/households/new?rows=99")).count('class="resident-row"') == 20
    row = text(as_coordinator.htmx("get", "/households/new/resident-row?index=-5"))
    assert 'name="residents-0-display_name"' in row


# --- the create form: field names and values ----------------------------------------------


@pytest.mark.parametrize("suffix", ["²", "①", "¹²³⁴", "9" * 400, str(2**63), ""])
def test_made_up_function_field_names_are_ignored(as_coordinator, worker, create_data, suffix):
    data = create_data(workers=[str(worker.id)], **{f"function-{suffix}": "mediator"})
    response = as_coordinator.post("/households/new", data=data)
    assert response.status_code == 303
    household = db.session.scalar(select(Household).where(Household.name == "Casa Nuova"))
    links = current_worker_links(household)
    assert [(link.worker_id, link.function) for link in links] == [
        (worker.id, LinkFunction.SOCIAL_WORKER)
    ]


@pytest.mark.parametrize("value", MADE_UP_NUMBERS)
def test_made_up_worker_ids_on_create_are_a_message(as_coordinator, worker, create_data, value):
    response = as_coordinator.post("/households/new", data=create_data(workers=[value]))
    assert response.status_code == 422 and "Invalid choice" in text(response)
    assert count(Household) == 0 and count(Person) == 0


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"lease_end": "9999-12-31"}, "Enter a date as the calendar shows it."),
        ({"lease_start": "0001-01-01"}, "Enter a date as the calendar shows it."),
        (
            {"lease_start": "\uff12\uff10\uff12\uff16-01-01"},
            "Enter a date as the calendar shows it.",
        ),
        ({"monthly_rent": "9" * 400}, "This amount is too long."),
        ({"monthly_rent": "²"}, "Use only digits"),
        ({"residents-0-pin": "²³⁴⁵"}, "The PIN must be 4 to 6 digits."),
        ({"residents-0-pin": "\u0661\u0662\u0663\u0664"}, "The PIN must be 4 to 6 digits."),
    ],
)
def test_made_up_values_on_create_are_a_message(as_coordinator, create_data, override, message):
    response = as_coordinator.post("/households/new", data=create_data(**override))
    assert response.status_code == 422 and message in text(response)
    assert count(Household) == 0 and count(Person) == 0


def test_control_characters_are_dropped_on_create(as_coordinator, create_data):
    data = create_data(
        name="Casa\x00 Nuova",
        address="Via del\x00 Fosso 3",
        **{"residents-0-display_name": "Maria\x00 Neri"},
    )
    assert as_coordinator.post("/households/new", data=data).status_code == 303
    household = db.session.scalar(select(Household))
    assert household.name == "Casa Nuova" and household.dwelling.address == "Via del Fosso 3"
    assert "Maria Neri" in [p.display_name for p in current_residents(household)]


# --- the edit form ------------------------------------------------------------------------


@pytest.mark.parametrize("value", MADE_UP_NUMBERS)
def test_made_up_idle_times_are_a_message(as_coordinator, household, value):
    response = as_coordinator.post(
        f"/households/{household.id}/edit", data=edit_data(tablet_idle_minutes=value)
    )
    assert response.status_code == 422
    assert "Choose between 1 and 10 minutes." in text(response)
    db.session.refresh(household)
    assert household.tablet_idle_seconds == 60


def test_nul_characters_in_the_edit_form_are_dropped_not_a_500(as_coordinator, household):
    response = as_coordinator.post(
        f"/households/{household.id}/edit",
        data=edit_data(
            name="Casa\x00 Serena",
            address="Via\x00 Nuova 2",
            landlord_name="E.R.P.\x00",
            landlord_contact="\x000583 000000",
        ),
    )
    assert response.status_code == 303
    db.session.refresh(household)
    dwelling = household.dwelling
    assert household.name == "Casa Serena" and dwelling.address == "Via Nuova 2"
    assert (dwelling.landlord_name, dwelling.landlord_contact) == ("E.R.P.", "0583 000000")


# --- residents and workers ------------------------------------------------------------------


@pytest.mark.parametrize("value", [*MADE_UP_NUMBERS, "0"])
def test_made_up_move_targets_and_workers_are_a_message(
    as_coordinator, household, other_household, value
):
    anna = resident(household, "Anna Bianchi")
    moved = as_coordinator.htmx(
        "post",
        f"/households/{household.id}/residents/{anna.id}/move-to",
        data={f"to{anna.id}-target": value, f"to{anna.id}-ended_on": TODAY},
    )
    assert moved.status_code == 422
    assert "Choose a household." in text(moved) or "Not a valid choice" in text(moved)
    linked = as_coordinator.htmx(
        "post", f"/households/{household.id}/workers", data={"worker_id": value}
    )
    assert linked.status_code == 422
    assert "Choose a worker." in text(linked) or "Not a valid choice" in text(linked)
    assert "Anna Bianchi" in [p.display_name for p in current_residents(household)]
    assert len(current_worker_links(household)) == 1


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2026-02-30", "²⁰²⁶-01-01", "\x00"])
def test_made_up_days_of_moving_out_are_a_message(as_coordinator, household, day):
    anna = resident(household, "Anna Bianchi")
    response = as_coordinator.htmx(
        "post",
        f"/households/{household.id}/residents/{anna.id}/move-out",
        data={f"out{anna.id}-ended_on": day},
    )
    assert response.status_code == 422
    assert BAD_DATE in text(response) or ("Choose a date." in text(response))
    stay = db.session.scalar(select(Membership).where(Membership.person_id == anna.id))
    assert stay.ended_on is None


def test_a_nul_in_a_new_residents_name_is_dropped(as_coordinator, household):
    response = as_coordinator.post(
        f"/households/{household.id}/residents/new",
        data={"display_name": "Carla\x00 Blu", "pin": "8642"},
    )
    assert response.status_code == 303
    assert "Carla Blu" in [p.display_name for p in current_residents(household)]


@pytest.mark.parametrize("path", ["residents/²/edit", "workers/①/unlink", "residents/0/pin"])
def test_made_up_ids_in_urls_are_404(as_coordinator, household, path):
    method = "GET" if path.endswith("edit") else "POST"
    response = as_coordinator.open(f"/households/{household.id}/{path}", method=method)
    assert response.status_code == 404
