"""The create form's choices: no kind preselected, what each kind changes, language and
idle time, and the warning for a household that already exists."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind
from cohousing.households.services import (
    DwellingData,
    create_household,
    find_same_household,
    kind_effect,
)
from cohousing.rules import RuleError
from tests.fixtures.households import text


def households() -> int:
    return db.session.scalar(select(func.count()).select_from(Household))


def test_kind_effect_comes_from_the_rules_that_are_applied(app):
    with app.test_request_context():
        assert kind_effect(HouseholdKind.FAMILY) == "Missed check-ins raise no concern."
        assert kind_effect(HouseholdKind.SUPPORTED_LIVING) == (
            "A concern is raised after 2 days without a check-in."
        )
        assert kind_effect(HouseholdKind.HOUSING_FIRST) == (
            "A concern is raised after 3 days without a check-in. A visit every 7 days."
        )


def test_no_kind_is_ticked_and_each_says_what_it_changes(as_coordinator):
    page = text(as_coordinator.get("/households/new"))
    kinds = page.partition('class="kind-grid"')[2].partition("</fieldset>")[0]
    assert kinds.count('type="radio"') == 4 and "checked" not in kinds
    assert "Missed check-ins raise no concern." in page
    assert "A concern is raised after 2 days without a check-in." in page
    assert 'name="locale"' in page and 'name="tablet_idle_minutes"' in page


def test_no_kind_is_a_clear_message_keeping_what_was_typed(as_coordinator, create_data):
    response = as_coordinator.post("/households/new", data=create_data(kind=None))
    page = text(response)
    assert response.status_code == 422
    assert "Choose the kind of household." in page and "Not a valid choice" not in page
    assert 'value="Casa Nuova"' in page
    assert households() == 0


def test_language_and_idle_minutes_are_set_at_creation(as_coordinator, create_data):
    data = create_data(locale="en", tablet_idle_minutes="5")
    assert as_coordinator.post("/households/new", data=data).status_code == 303
    household = db.session.scalar(select(Household))
    assert (household.locale, household.tablet_idle_seconds) == ("en", 300)


@pytest.mark.parametrize("minutes", ["0", "11", "1,5", ""])
def test_bad_idle_minutes_on_create(as_coordinator, create_data, minutes):
    response = as_coordinator.post("/households/new", data=create_data(tablet_idle_minutes=minutes))
    assert response.status_code == 422
    assert "Choose between 1 and 10 minutes." in text(response)
    assert households() == 0


def test_the_italian_page_says_it_in_italian(app, monkeypatch, as_coordinator, create_data):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "it")
    page = text(as_coordinator.post("/households/new", data=create_data(kind=None)))
    assert "Se manca la risposta a “Come stai oggi?” non parte nessuna segnalazione." in page
    assert "Tra quanti minuti il tablet torna ai volti" in page


def test_same_name_and_address_asks_to_confirm(as_coordinator, household, create_data):
    data = create_data(
        name=" casa serena ", address=household.dwelling.address.upper(), submission_id="s-2"
    )
    response = as_coordinator.post("/households/new", data=data)
    page = text(response)
    assert response.status_code == 422
    assert "A household with this name and address already exists." in page
    assert 'name="confirm_duplicate"' in page
    assert households() == 1
    data["confirm_duplicate"] = "y"
    assert as_coordinator.post("/households/new", data=data).status_code == 303
    assert households() == 2


def test_same_name_elsewhere_is_no_duplicate(app, household):
    assert find_same_household("Casa Serena", "Via Altrove 1") is None
    assert find_same_household("CASA SERENA", household.dwelling.address) == household
    with pytest.raises(RuleError) as error:
        create_household(
            name="Casa Serena",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(address=household.dwelling.address),
            residents=[],
            worker_ids=[],
            organisation_id=household.organisation_id,
            allow_duplicate=False,
        )
    assert error.value.field == "confirm_duplicate"


def test_edit_form_shows_idle_time_in_minutes(as_coordinator, household):
    household.tablet_idle_seconds = 90
    db.session.commit()  # a flush would leave the kept summary's refresh to the GET
    page = text(as_coordinator.get(f"/households/{household.id}/edit"))
    assert 'name="tablet_idle_minutes"' in page and 'value="2"' in page
