"""Two tablets vote for the same resident at the same moment, on PostgreSQL for real."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from cohousing.audit.models import AuditEvent
from cohousing.audit.services import maintain_register
from cohousing.community.models import Poll, PollKind, PollOption, Vote
from cohousing.community.services import polls
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership
from cohousing.people.models import Person
from tests.fixtures.people import default_organisation_id


def _seed() -> dict:
    household = Household(
        name="Casa Gara", kind=HouseholdKind.FAMILY, organisation_id=default_organisation_id()
    )
    person = Person(display_name="Rita Gara", pin_hash="x")
    db.session.add_all([household, person])
    db.session.flush()
    db.session.add(
        Membership(person_id=person.id, household_id=household.id, started_on=date(2026, 1, 1))
    )
    poll = Poll(
        household_id=household.id,
        question="Yes?",
        kind=PollKind.YES_NO,
        closes_at=clock.now() + timedelta(days=1),
        options=[PollOption(code="yes", position=0), PollOption(code="no", position=1)],
    )
    db.session.add(poll)
    db.session.commit()
    return {"household": household.id, "person": person.id, "poll": poll.id}


def _remove(ids: dict) -> None:
    maintain_register()  # the test's own rows: PostgreSQL's trigger refuses otherwise
    for statement in (
        delete(Vote).where(Vote.poll_id == ids["poll"]),
        delete(PollOption).where(PollOption.poll_id == ids["poll"]),
        delete(Poll).where(Poll.id == ids["poll"]),
        delete(AuditEvent).where(AuditEvent.household_id == ids["household"]),
        delete(Membership).where(Membership.household_id == ids["household"]),
        delete(Person).where(Person.id == ids["person"]),
        delete(Household).where(Household.id == ids["household"]),
    ):
        db.session.execute(statement)
    db.session.commit()


@pytest.mark.no_db_transaction
def test_two_tablets_voting_at_once_leave_one_vote(app, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("one in-memory connection: the race needs PostgreSQL")
        ids = _seed()
    barrier = threading.Barrier(2)
    real = polls._existing_vote
    waited = threading.local()

    looks: list[int] = []

    def look_then_wait(poll, person_id):
        looks.append(person_id)
        found = real(poll, person_id)
        if not getattr(waited, "done", False):  # both look before either votes
            waited.done = True
            barrier.wait(timeout=10)
        return found

    monkeypatch.setattr(polls, "_existing_vote", look_then_wait)
    errors: list[BaseException] = []

    def tablet(position: int) -> None:
        try:
            with app.app_context():
                poll = db.session.get(Poll, ids["poll"])
                polls.vote(poll, ids["person"], poll.options[position].id)
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=tablet, args=(i,)) for i in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        with app.app_context():
            votes = db.session.scalars(select(Vote).where(Vote.poll_id == ids["poll"])).all()
            assert len(votes) == 1
        assert len(looks) == 3  # the loser hit the unique key and looked again
    finally:
        with app.app_context():
            _remove(ids)
            db.session.remove()
