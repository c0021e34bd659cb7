"""The coordinator marks a resident as not sharing expenses (a child, a guest)."""

from __future__ import annotations

import re

import pytest

from cohousing.extensions import db
from cohousing.people.models import AVATAR_COLOURS
from tests.fixtures.households import resident, text


def edit(client, household, person, **changes):
    data = {
        "display_name": person.display_name,
        "preferred_language": "",
        "avatar_colour": AVATAR_COLOURS[0],
        **changes,
    }
    return client.post(f"/households/{household.id}/residents/{person.id}/edit", data=data)


def test_the_flag_is_ticked_by_default_and_unticking_saves_it(manager, household):
    anna = resident(household, "Anna Bianchi")
    page = text(manager.get(f"/households/{household.id}/residents/{anna.id}/edit"))
    box = re.search(r'<input[^>]*name="shares_expenses"[^>]*>', page).group(0)
    assert "checked" in box
    assert edit(manager, household, anna).status_code == 303  # unticked: not sent
    db.session.refresh(anna)
    assert anna.shares_expenses is False
    assert "Does not share expenses" in text(manager.get(f"/households/{household.id}"))
    assert edit(manager, household, anna, shares_expenses="y").status_code == 303
    db.session.refresh(anna)
    assert anna.shares_expenses is True


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_new_resident_can_be_added_as_not_sharing(as_coordinator, household, htmx):
    url = f"/households/{household.id}/residents/new"
    data = {"submission_id": "s-1", "display_name": "Nino", "pin": "2468", "preferred_language": ""}
    response = (
        as_coordinator.htmx("post", url, data=data) if htmx else as_coordinator.post(url, data=data)
    )
    assert response.status_code == (200 if htmx else 303)
    assert resident(household, "Nino").shares_expenses is False


def test_workers_cannot_change_it(client, login, worker, household):
    anna = resident(household, "Anna Bianchi")
    login(worker)
    assert edit(client, household, anna).status_code == 403
    db.session.refresh(anna)
    assert anna.shares_expenses is True


def test_another_households_resident_is_404(as_coordinator, household, other_household):
    zeno = resident(other_household, "Zeno Verdi")
    assert edit(as_coordinator, household, zeno).status_code == 404
    db.session.refresh(zeno)
    assert zeno.shares_expenses is True
