"""The daily "all fine" line on the tablet: the signed-in resident says yes or no (after
the PIN; recorded in the register), sees it in Italian too; workers only see the choice
(another household's worker gets a 404); bad input gets the message next to it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.services import agrees, set_all_fine
from tests.fixtures.households import text
from tests.fixtures.wellbeing import signed_in

URL = "/tablet/wellbeing/all-fine"


def registered(person) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.detail)
            .where(
                AuditEvent.subject_person_id == person.id,
                AuditEvent.action == "wellbeing.all_fine_changed",
            )
            .order_by(AuditEvent.id)
        )
    )


def test_the_resident_agrees_then_withdraws(resident_client, household):
    client, anna = signed_in(resident_client, household)
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "A daily “all fine” line" in page and "Anna Bianchi: all fine today" in page
    response = client.post(URL, data={"agree": "yes"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/mine")
    assert agrees(anna)
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Saved. Your workers get a line each day you check in." in page
    htmx = client.htmx("post", URL, data={"agree": "no"})
    assert htmx.headers.get("HX-Redirect", "").endswith("/tablet/wellbeing/mine")
    assert not agrees(anna)
    assert registered(anna) == ["yes", "no"]
    bruno = current_residents(household)[1]
    assert not agrees(bruno)  # one resident's choice is theirs only


@pytest.mark.parametrize("agree", ["", "maybe", "yes no"])
def test_bad_answers_get_the_message(resident_client, household, agree):
    client, anna = signed_in(resident_client, household)
    response = client.post(URL, data={"agree": agree})
    assert response.status_code == 422 and "Choose yes or no." in text(response)
    assert not agrees(anna) and registered(anna) == []


def test_it_needs_the_resident(enrolled_client, household):
    response = enrolled_client(household).post(URL, data={"agree": "yes"})
    assert response.status_code in (302, 303, 403)
    assert all(not agrees(p) for p in current_residents(household))


def test_in_italian(resident_client, make_household):
    flat = make_household("Casa Lucia", locale="it")
    client, _anna = signed_in(resident_client, flat)
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Una riga quotidiana “tutto bene”" in page and "Sì, avvisateli" in page


def test_workers_only_see_the_choice(app, login, client, household, worker, other_worker):
    anna = current_residents(household)[0]
    set_all_fine(anna, household, True, by_person=anna)
    db.session.commit()
    login(worker)
    page = text(client.get(f"/households/{household.id}/wellbeing"))
    assert "Asked for the daily “all fine” email" in page
    assert URL not in page  # no way to change it from here
    other = login(other_worker, c=app.test_client())
    assert other.get(f"/households/{household.id}/wellbeing").status_code == 404


def test_coordinators_set_the_time(login, client, coordinator, household):
    login(coordinator)
    url = f"/households/{household.id}/wellbeing/settings"
    page = text(client.get(url))
    assert "Daily “all fine” email to the workers at" in page and 'value="18:00"' in page
    data = {"missed_days": "2", "low_mood_enabled": "y", "all_fine_at": "19:30"}
    assert client.post(url, data=data).status_code == 303
    assert 'value="19:30"' in text(client.get(url))
    wrong = client.post(url, data={**data, "all_fine_at": "25:99"})
    assert wrong.status_code == 422 and 'value="25:99"' in text(wrong)
