"""Help without a PIN: urgent, marked as such, about the face tapped or nobody in
particular, once per tap, and at most a few per tablet in ten minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import Concern, ConcernAlert, ConcernKind, Urgency
from cohousing.wellbeing.services import (
    HELP_PER_WINDOW,
    HELP_WINDOW,
    recent_help_without_pin,
    request_help_without_pin,
)


def count_concerns() -> int:
    return db.session.scalar(select(func.count(Concern.id)))


def test_an_urgent_concern_that_says_it_came_without_a_pin(app, household, worker):
    anna = current_residents(household)[0]
    with app.test_request_context():
        concern = request_help_without_pin(household, tablet_id=1, person_id=anna.id)
    assert concern.kind is ConcernKind.HELP_REQUEST and concern.urgency is Urgency.URGENT
    assert concern.without_pin and concern.person_id == anna.id
    assert concern.raised_by_person_id is None  # who pressed is not known for sure
    alerts = db.session.scalars(select(ConcernAlert.staff_id)).all()
    assert alerts == [worker.id]


def test_someone_in_the_house(app, household):
    with app.test_request_context():
        concern = request_help_without_pin(household, tablet_id=1, person_id=None)
    assert concern.person_id is None and concern.without_pin


def test_a_resident_of_another_household_is_refused(app, household, other_household):
    zeno = current_residents(other_household)[0]
    with app.test_request_context(), pytest.raises(RuleError) as caught:
        request_help_without_pin(household, tablet_id=1, person_id=zeno.id)
    assert caught.value.field == "person_id" and count_concerns() == 0


def test_a_double_tap_asks_once(app, household):
    with app.test_request_context():
        request_help_without_pin(household, tablet_id=1, person_id=None, submission_id="s1")
        with pytest.raises(AlreadySubmitted):
            request_help_without_pin(household, tablet_id=1, person_id=None, submission_id="s1")
    assert count_concerns() == 1


def test_at_most_a_few_per_tablet_in_ten_minutes(app, household, clock):
    with app.test_request_context():
        for _ in range(HELP_PER_WINDOW):
            assert request_help_without_pin(household, tablet_id=1, person_id=None)
            clock.advance(timedelta(minutes=1))
        assert request_help_without_pin(household, tablet_id=1, person_id=None) is None
        assert request_help_without_pin(household, tablet_id=2, person_id=None)  # another
        assert recent_help_without_pin(1) == HELP_PER_WINDOW
        clock.advance(HELP_WINDOW)
        assert request_help_without_pin(household, tablet_id=1, person_id=None)
    assert count_concerns() == HELP_PER_WINDOW + 2
