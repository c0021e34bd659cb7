"""A coordinator lifts a PIN lock-out: the resident keeps their PIN, the register says so."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import lift_pin_lock
from cohousing.rules import RuleError
from cohousing.tablet.services import check_pin, is_locked
from tests.fixtures.households import resident, text


def lock(person) -> None:
    for _ in range(5):
        check_pin(person, "0000")
    db.session.commit()


def unlock_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "resident.pin_unlocked"))
    )


def test_lifting_a_lock_keeps_the_pin_and_is_registered(app, household, clock):
    anna = resident(household, "Anna Bianchi")
    lock(anna)
    lift_pin_lock(household, anna)
    assert not is_locked(anna) and check_pin(anna, "1234").ok
    assert [e.subject_person_id for e in unlock_events()] == [anna.id]
    lift_pin_lock(household, anna)  # not locked: nothing more is written
    assert len(unlock_events()) == 1


def test_a_resident_of_another_household_cannot_be_unlocked(app, household, other_household):
    zeno = resident(other_household, "Zeno Verdi")
    with pytest.raises(RuleError):
        lift_pin_lock(household, zeno)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_coordinator_lifts_the_lock_from_the_household_page(as_coordinator, household, htmx):
    anna = resident(household, "Anna Bianchi")
    lock(anna)
    page = text(as_coordinator.get(f"/households/{household.id}"))
    assert "Lift the lock for Anna Bianchi" in page
    url = f"/households/{household.id}/residents/{anna.id}/unlock"
    response = as_coordinator.htmx("post", url) if htmx else as_coordinator.post(url)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        assert "Anna Bianchi can use the PIN again now." in text(response)
        assert "PIN locked after wrong tries" not in text(response)
    db.session.refresh(anna)
    assert not is_locked(anna) and len(unlock_events()) == 1


def test_workers_cannot_lift_a_lock(client, login, worker, household):
    anna = resident(household, "Anna Bianchi")
    lock(anna)
    login(worker)
    page = text(client.get(f"/households/{household.id}"))
    assert "Lift the lock" not in page
    response = client.post(f"/households/{household.id}/residents/{anna.id}/unlock")
    assert response.status_code == 403
    db.session.refresh(anna)
    assert is_locked(anna)


def test_another_households_resident_is_404(as_coordinator, household, other_household):
    zeno = resident(other_household, "Zeno Verdi")
    lock(zeno)
    response = as_coordinator.post(f"/households/{household.id}/residents/{zeno.id}/unlock")
    assert response.status_code == 404
    db.session.refresh(zeno)
    assert is_locked(zeno)
