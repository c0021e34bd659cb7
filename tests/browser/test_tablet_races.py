"""Concurrent PIN guesses against a real database (the live server's): none is lost."""

from __future__ import annotations

import threading

import pytest

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import DwellingData, NewResident, create_household
from cohousing.people.models import Person
from cohousing.tablet.services import check_pin
from tests.fixtures.people import default_organisation_id

pytestmark = pytest.mark.no_db_transaction


def make_resident(live_app) -> int:
    with live_app.test_request_context():
        household = create_household(
            name="Casa Concorrenza",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(),
            residents=[NewResident(display_name="Rita Gialli", pin="1357")],
            worker_ids=[],
            organisation_id=default_organisation_id(),
        )
        db.session.commit()
        return household.memberships[0].person_id


def guess_at_once(live_app, person_id: int, guesses: int) -> None:
    """Each guess in its own thread and session, all loaded before any of them writes."""
    barrier = threading.Barrier(guesses)
    errors: list[BaseException] = []

    def guess() -> None:
        try:
            with live_app.test_request_context():
                person = db.session.get(Person, person_id)
                barrier.wait(timeout=10)
                check_pin(person, "0000")
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def read(live_app, person_id: int) -> Person:
    with live_app.app_context():
        person = db.session.get(Person, person_id)
        db.session.expunge(person)
        return person


def test_concurrent_wrong_guesses_are_all_counted(live_app):
    person_id = make_resident(live_app)
    guess_at_once(live_app, person_id, 4)
    person = read(live_app, person_id)
    assert person.pin_failures == 4 and person.pin_locks == 0


def test_a_burst_of_guesses_locks_once(live_app):
    person_id = make_resident(live_app)
    guess_at_once(live_app, person_id, 9)
    person = read(live_app, person_id)
    assert person.pin_locks == 1 and person.pin_locked_until is not None
