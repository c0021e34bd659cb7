"""The ladder when nobody checked in, run by the scan at chosen times (no HTTP): the
housemate who agreed, then the linked workers, then the coordinators; nothing in the quiet
hours; nothing for a resident away (the pause) or who checked in with their PIN; each step
once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from cohousing.chores.models import AbsenceKind
from cohousing.chores.services import add_absence
from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import (
    AlertReason,
    Concern,
    ConcernAlert,
    ConcernKind,
    LadderRung,
    LadderStep,
)
from cohousing.wellbeing.services import (
    acknowledge,
    get_settings,
    look_in_requests,
    record_checkin,
    record_queued_checkin,
    scan,
    set_buddy,
    update_ladder,
    update_reminders,
)


def rome(hour: int, minute: int = 0, day: int = 25) -> datetime:
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)  # Rome is UTC+1


@pytest.fixture
def ladder(household, coordinator):
    """Reminder at 09:00; the housemate at +60 min, the workers +120, the coordinators +180;
    quiet from 21:00 to 08:00; Bruno agreed to be asked about Anna."""
    anna, bruno = current_residents(household)[:2]
    update_reminders(household, reminder_at=time(9), quiet_from=time(21), quiet_until=time(8))
    update_ladder(household, housemate_after=60, worker_after=120, coordinators_after=180)
    set_buddy(household, anna.id, bruno.id)
    db.session.commit()
    return household, anna, bruno


def steps() -> list[tuple[int, LadderStep]]:
    return [(r.person_id, r.step) for r in db.session.scalars(select(LadderRung).order_by("id"))]


def alerts(reason: AlertReason) -> list[int]:
    return list(db.session.scalars(select(ConcernAlert.staff_id).filter_by(reason=reason)))


def test_the_ladder_climbs_at_its_times_once(clock, ladder, worker, coordinator):
    household, anna, bruno = ladder
    clock.set_now(rome(9, 30))
    record_checkin(household, bruno.id, 4)  # Bruno answered: not on the ladder
    assert scan(rome(9, 59)).ladder == []
    assert [r.step for r in scan(rome(10)).ladder] == [LadderStep.HOUSEMATE]
    clock.set_now(rome(10, 5))
    assert {b: [p.id for p in people] for b, people in look_in_requests(household).items()} == {
        bruno.id: [anna.id]
    }
    assert scan(rome(10, 30)).ladder == []  # once
    worker_step = scan(rome(11)).ladder
    assert [r.step for r in worker_step] == [LadderStep.WORKER]
    concern = worker_step[0].concern_id
    assert alerts(AlertReason.URGENT) == [worker.id] and alerts(AlertReason.ESCALATED) == []
    result = scan(rome(12))
    assert [r.step for r in result.ladder] == [LadderStep.COORDINATORS]
    assert result.ladder[0].concern_id == concern
    assert alerts(AlertReason.ESCALATED) == [coordinator.id]
    assert scan(rome(15)).ladder == []
    assert steps() == [
        (anna.id, LadderStep.HOUSEMATE),
        (anna.id, LadderStep.WORKER),
        (anna.id, LadderStep.COORDINATORS),
    ]
    assert db.session.get(Concern, concern).kind is ConcernKind.MISSED_CHECKINS


def test_an_acknowledged_concern_does_not_go_to_the_coordinators(
    clock, ladder, worker, coordinator
):
    household, _anna, bruno = ladder
    record_checkin(household, bruno.id, 4)
    rung = scan(rome(11)).ladder[-1]
    clock.set_now(rome(11, 10))
    acknowledge(db.session.get(Concern, rung.concern_id), worker)
    assert [r.step for r in scan(rome(12)).ladder] == [LadderStep.COORDINATORS]
    assert alerts(AlertReason.ESCALATED) == []  # the step is taken, nobody more is told


def test_in_the_quiet_hours_a_step_waits_for_their_end(clock, household, worker):
    update_reminders(household, reminder_at=time(7), quiet_from=time(21), quiet_until=time(8))
    update_ladder(household, housemate_after=None, worker_after=30, coordinators_after=None)
    assert scan(rome(7, 45)).ladder == []
    assert len(scan(rome(8)).ladder) == 2  # both residents, at the end of the quiet hours


def test_a_resident_away_is_not_on_the_ladder(clock, ladder, worker):
    household, anna, bruno = ladder
    add_absence(household, anna.id, AbsenceKind.OTHER, date(2026, 11, 25), date(2026, 11, 28))
    record_checkin(household, bruno.id, 4)
    assert scan(rome(13)).ladder == []


def test_a_checkin_without_pin_does_not_stop_the_ladder(clock, ladder, worker):
    household, anna, bruno = ladder
    record_checkin(household, bruno.id, 4)
    clock.set_now(rome(9, 30))
    record_queued_checkin(household, anna.id, 4, age_seconds=0, submission_id="tap")
    assert [r.step for r in scan(rome(11)).ladder] == [LadderStep.HOUSEMATE, LadderStep.WORKER]
    record_checkin(household, anna.id, 4)  # with her PIN: the ladder stops
    assert scan(rome(12)).ladder == []


def test_no_reminder_time_no_ladder(clock, household):
    with pytest.raises(RuleError) as refused:
        update_ladder(household, housemate_after=None, worker_after=60, coordinators_after=None)
    assert "ladder_worker_after" in refused.value.errors
    assert scan(rome(18)).ladder == []


def test_a_later_step_cannot_come_first(household):
    update_reminders(household, reminder_at=time(9), quiet_from=None, quiet_until=None)
    with pytest.raises(RuleError) as refused:
        update_ladder(household, housemate_after=120, worker_after=60, coordinators_after=None)
    assert "ladder_worker_after" in refused.value.errors


def test_the_housemate_must_live_here(household, other_household):
    anna = current_residents(household)[0]
    stranger = current_residents(other_household)[0]
    for buddy in (stranger.id, anna.id):
        with pytest.raises(RuleError):
            set_buddy(household, anna.id, buddy)


def test_each_kind_starts_with_its_ladder_which_waits_for_a_reminder_time(
    clock, make_household, worker
):
    elderly = make_household("Casa Anziani", HouseholdKind.ELDERLY, workers=(worker,))
    settings = get_settings(elderly)
    minutes = (
        settings.ladder_housemate_after,
        settings.ladder_worker_after,
        settings.ladder_coordinators_after,
    )
    assert minutes == (60, 120, 240)
    assert scan(rome(20)).ladder == []  # no reminder time yet
    update_reminders(elderly, reminder_at=time(9), quiet_from=None, quiet_until=None)
    assert {r.step for r in scan(rome(20)).ladder} == {LadderStep.WORKER, LadderStep.COORDINATORS}
