"""Erasure by a coordinator: the confirmation names what goes; afterwards no page, export,
feed or email shows the person, and the housemates' balances are the same."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.money.services import balances
from cohousing.people.models import Person
from cohousing.visits.models import Goal, Visit
from cohousing.wellbeing.models import CheckIn, Concern
from tests.fixtures.households import text


def _erase_url(household, person):
    return f"/households/{household.id}/residents/{person.id}/erase"


def test_the_confirmation_names_what_goes_and_warns_of_the_balance(
    login, coordinator, household, anna_everything
):
    client = login(coordinator)
    page = client.get(_erase_url(household, anna_everything["anna"]))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body = text(page)
    assert "1 check-in, with its notes" in body
    assert "1 concern about them" in body and "1 visit about them" in body
    assert "1 personal goal" in body
    assert "Their money is not settled" in body  # Bruno owes her 15.00
    assert "still goes ahead" in body


def test_without_the_box_nothing_is_erased(login, coordinator, household, anna_everything):
    anna = anna_everything["anna"]
    client = login(coordinator)
    response = client.post(_erase_url(household, anna), data={})
    assert response.status_code == 422
    assert "Tick the box" in text(response)
    db.session.expire_all()
    assert db.session.get(Person, anna.id).display_name == "Anna Bianchi"


def _everywhere(client, household, anna_id) -> str:
    pages = [
        f"/households/{household.id}",
        f"/households/{household.id}/money",
        f"/households/{household.id}/chores",
        f"/households/{household.id}/wellbeing",
        f"/households/{household.id}/visits",
        f"/households/{household.id}/goals",
        f"/dashboard/households/{household.id}",
        "/dashboard/",
        "/concerns/?status=all",
        f"/households/{household.id}/money/export.csv",
        f"/households/{household.id}/money/export.json",
        f"/households/{household.id}/residents/{anna_id}/information.json",
        f"/audit/export.csv?household={household.id}",
    ]
    return "\n".join(client.get(url).get_data(as_text=True) for url in pages)


def test_after_erasure_nothing_shows_her_and_balances_are_unchanged(
    app, login, make_staff, coordinator, household, anna_everything, mailbox
):
    from cohousing.chores.services import create_feed, extend_plan
    from cohousing.staff.models import Role
    from cohousing.wellbeing.services import send_digests

    anna, bruno = anna_everything["anna"], anna_everything["bruno"]
    before = balances(household)
    assert before[anna.id] == 1500 and before[bruno.id] == -1500
    admin = make_staff(Role.ADMIN)
    _feed, token = create_feed(household)
    extend_plan(household)  # turns for the next 14 days, hers among them
    db.session.commit()
    feed_before = app.test_client().get(f"/calendar/{token}.ics").get_data(as_text=True)
    assert "Anna Bianchi" in feed_before
    client = login(coordinator)
    response = client.post(_erase_url(household, anna), data={"confirm": "y"})
    assert response.status_code == 303
    follow = text(client.get(response.headers["Location"]))
    assert "balance was not settled" in follow
    db.session.expire_all()
    erased = db.session.get(Person, anna.id)
    assert erased.display_name == "Former resident" and erased.erased_at is not None
    assert not erased.has_photo
    for model in (CheckIn, Concern, Visit, Goal):
        assert (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.person_id == anna.id)
            )
            == 0
        )
    assert balances(household) == before  # the same cents, under "former resident"
    # the register keeps its events, without her ids
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                (AuditEvent.subject_person_id == anna.id) | (AuditEvent.actor_person_id == anna.id)
            )
        )
        == 0
    )
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "person.erased"))
    everywhere = _everywhere(login(admin, c=app.test_client()), household, anna.id)
    everywhere += app.test_client().get(f"/calendar/{token}.ics").get_data(as_text=True)
    for words in ("Anna Bianchi", "Anna-slept-badly", "Anna-concern-note", "Anna-visit-note"):
        assert words not in everywhere
    assert "Former resident" in everywhere
    data = json.loads(
        client.get(f"/households/{household.id}/residents/{anna.id}/information.json").data
    )
    assert "checkin" not in data["sections"] and "expense_payer" in data["sections"]
    send_digests()
    assert all("Anna" not in m.as_string() for m in mailbox.messages)


def test_erasure_in_italian_names_her_ex_abitante(login, make_staff, make_household):
    from cohousing.staff.models import Role

    house = make_household("Casa Italiana", locale="it")
    person = house.memberships[0].person
    italian = make_staff(Role.COORDINATOR, language="it")
    client = login(italian)
    page = text(client.get(_erase_url(house, person)))
    assert "Cosa verrà cancellato" in page
    assert client.post(_erase_url(house, person), data={"confirm": "y"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Person, person.id).display_name == "Ex abitante"
