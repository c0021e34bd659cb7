"""Malformed values, as a fuzzer sends them, in every chore form, field name and query
string: the field's message (422) or a 404, never a 500, and nothing saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.chores.models import (
    Absence,
    CalendarFeed,
    CapacityShare,
    Chore,
    ChoreAssignment,
    ChoreCompletion,
    ChoreSwap,
)
from cohousing.extensions import db
from tests.fixtures.chores import chore_form, chores_url, count, people_form
from tests.fixtures.households import text

NUMBERS = ["²", "①", "¹²³⁴", "٣", "9" * 400, str(2**63), "-" + str(2**63), "1e3", "3\x00"]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "²⁰²⁶-11-25", "2026-11-25\x00", "x" * 300]


def field_error(page: str, field: str) -> str:
    """The message shown under a field (macros/forms.html: id="<field>-error")."""
    marker = f'id="{field}-error"'
    assert marker in page, page[:3000]
    return page[page.index(marker) :][:300]


# --- the chore form ---------------------------------------------------------------------


@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "minutes", "Choose between 1 and 600 minutes."),
        (
            {"recurrence_kind": "every_n_days"},
            "every_days",
            "Choose a number of days of 1 or more.",
        ),
        ({"recurrence_kind": "monthly"}, "month_day", "Choose a day of the month from 1 to 31."),
    ],
    ids=["minutes", "every_days", "month_day"],
)
def test_a_malformed_number_in_the_chore_form_is_the_field_s_message(
    chores_coordinator, chore_house, value, changes, field, message
):
    before = count(Chore)
    data = chore_form(**changes, **{field: value})
    response = chores_coordinator.post(chores_url(chore_house, "/new"), data=data)
    assert response.status_code == 422
    assert message in field_error(text(response), field)
    assert count(Chore) == before


@pytest.mark.parametrize("value", DATES)
def test_a_malformed_first_day_is_the_field_s_message(chores_coordinator, chore_house, value):
    before = count(Chore)
    data = chore_form(recurrence_kind="every_n_days", every_days="3", anchor_on=value)
    response = chores_coordinator.post(chores_url(chore_house, "/new"), data=data)
    assert response.status_code == 422
    assert "Enter a date as the calendar shows it." in field_error(text(response), "anchor_on")
    assert count(Chore) == before


@pytest.mark.parametrize(("field", "value"), [("effort_points", "²"), ("weekdays", ["²", "0"])])
def test_a_choice_outside_the_list_is_refused(chores_coordinator, chore_house, field, value):
    before = count(Chore)
    response = chores_coordinator.post(
        chores_url(chore_house, "/new"), data=chore_form(**{field: value})
    )
    assert response.status_code == 422 and 'id="chore-form"' in text(response)
    assert count(Chore) == before


def test_the_name_loses_control_characters_before_it_is_saved(chores_coordinator, chore_house):
    data = chore_form(name="Mop\x00 the\x07 hall")
    response = chores_coordinator.post(chores_url(chore_house, "/new"), data=data)
    assert response.status_code == 303
    assert count(Chore, name="Mop the hall") == 1


# --- who takes part, absences, calendar links --------------------------------------------


@pytest.mark.parametrize("value", NUMBERS)
def test_a_malformed_share_is_refused_and_saves_nothing(
    chores_coordinator, chore_house, residents, value
):
    anna = residents[0]
    data = people_form(residents, **{f"capacity-{anna.id}": value})
    response = chores_coordinator.post(chores_url(chore_house, "/people"), data=data)
    assert response.status_code == 422
    assert "Choose one of the shares in the list." in field_error(
        text(response), f"capacity-{anna.id}"
    )
    assert count(CapacityShare) == 0


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
@pytest.mark.parametrize("value", DATES)
def test_a_malformed_absence_day_is_refused(
    chores_coordinator, chore_house, residents, field, value
):
    data = {"person_id": residents[0].id, "kind": "holiday"}
    data.update({"starts_on": "2026-12-01", "ends_on": "2026-12-03", field: value})
    response = chores_coordinator.post(chores_url(chore_house, "/absences"), data=data)
    assert response.status_code == 422
    assert "Choose a day." in field_error(text(response), field)
    assert count(Absence) == 0


@pytest.mark.parametrize("value", NUMBERS)
def test_a_malformed_person_in_an_absence_is_refused(chores_coordinator, chore_house, value):
    data = {"person_id": value, "kind": "holiday", "starts_on": "2026-12-01"}
    data["ends_on"] = "2026-12-03"
    response = chores_coordinator.post(chores_url(chore_house, "/absences"), data=data)
    assert response.status_code == 422
    assert field_error(text(response), "person_id")
    assert count(Absence) == 0


@pytest.mark.parametrize("value", DATES)
def test_a_malformed_day_away_on_the_tablet_is_refused(anna_chores_tablet, value):
    data = {"kind": "holiday", "starts_on": "2026-12-01", "ends_on": value}
    response = anna_chores_tablet.post("/tablet/chores/away", data=data)
    assert response.status_code == 422
    assert "Choose a day." in field_error(text(response), "ends_on")
    assert count(Absence) == 0


@pytest.mark.parametrize("value", [*NUMBERS, "0"])
def test_a_calendar_link_for_a_malformed_person_is_404(chores_coordinator, chore_house, value):
    response = chores_coordinator.post(
        chores_url(chore_house, "/calendar"), data={"person_id": value}
    )
    assert response.status_code == 404
    assert count(CalendarFeed) == 0


# --- the tablet's actions -----------------------------------------------------------------


@pytest.mark.parametrize("value", NUMBERS)
def test_a_malformed_helper_is_refused_and_nothing_is_marked(
    anna_chores_tablet, residents, turn, value
):
    mine = turn(residents[0])
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"helpers": [value]}
    )
    assert response.status_code == 422 and "Choose people who live here." in text(response)
    assert count(ChoreCompletion) == 0


@pytest.mark.parametrize("value", NUMBERS)
def test_a_malformed_swap_partner_is_refused(anna_chores_tablet, residents, turn, value):
    mine = turn(residents[0])
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/swap", data={"to_person_id": value}
    )
    assert response.status_code == 422 and "Choose who you ask." in text(response)
    assert count(ChoreSwap) == 0


def test_a_skip_note_loses_control_characters(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    data = {"reason": "other", "note": "no\x00 hot\x1b water"}
    response = anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/skip", data=data)
    assert response.status_code == 200
    db.session.expire_all()
    skipped = db.session.scalar(select(ChoreAssignment).filter_by(id=mine.id))
    assert skipped.skip_reason == "other: no hot water"


# --- the week in the query string ---------------------------------------------------------


@pytest.mark.parametrize(
    "week", ["9999-W52", "0001-W01", "1899-W52", "2026-W99", "²⁰²⁶-W48", "2026-W4\uff18", "x" * 500]
)
def test_a_malformed_week_shows_the_current_one(
    chores_coordinator, anna_chores_tablet, chore_house, week
):
    for response in (
        chores_coordinator.get(chores_url(chore_house, f"?week={week}")),
        chores_coordinator.get(chores_url(chore_house, f"/print?week={week}")),
        anna_chores_tablet.get(f"/tablet/chores/week?week={week}"),
    ):
        assert response.status_code == 200
        assert "23 November 2026" in text(response)


@pytest.mark.parametrize("big", [str(2**31), str(2**63), "9" * 30])
def test_an_id_too_big_for_the_database_in_the_url_is_404(
    chores_coordinator, anna_chores_tablet, chore_house, big
):
    assert chores_coordinator.get(chores_url(chore_house, f"/{big}/edit")).status_code == 404
    deleted = chores_coordinator.post(chores_url(chore_house, f"/absences/{big}/delete"))
    assert deleted.status_code == 404
    for path in (f"/tablet/chores/{big}/why", f"/tablet/chores/{big}/done"):
        method = "GET" if path.endswith("why") else "POST"
        assert anna_chores_tablet.open(path, method=method).status_code == 404, path
    assert count(ChoreCompletion) == 0
