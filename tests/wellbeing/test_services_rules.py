"""The scan's rules and the life of a concern, without HTTP: with a settable clock, at the
exact boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import (
    Concern,
    ConcernEvent,
    ConcernKind,
    ConcernStatus,
    ShareLevel,
    Urgency,
)
from cohousing.wellbeing.services import (
    acknowledge,
    get_settings,
    raise_concern,
    record_checkin,
    report_worry,
    request_help,
    resolve,
    scan,
    set_share,
)

# Rome is UTC+1 in November: local midnight of day D is 23:00 UTC of D-1.
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=1)


@pytest.fixture
def old_flat(clock, make_household, worker):
    """A supported-living flat whose residents moved in on 1 November."""
    clock.set_now(START)
    household = make_household(
        "Via Elisa",
        HouseholdKind.SUPPORTED_LIVING,
        workers=(worker,),
        residents=(("Marco Del Carlo", "3608"),),
    )
    return household


def checkin_on(clock, household, person, day: date, mood: int = 4, **extra):
    clock.set_now(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))
    checkin = record_checkin(household, person.id, mood, **extra)
    db.session.commit()
    return checkin


def concerns(kind: ConcernKind | None = None) -> list[Concern]:
    query = select(Concern).order_by(Concern.id)
    if kind is not None:
        query = query.where(Concern.kind == kind)
    return list(db.session.scalars(query))


# --- missed check-ins ----------------------------------------------------------------------


def test_missed_checkins_fire_after_two_whole_days_not_before(clock, old_flat):
    marco = current_residents(old_flat)[0]
    checkin_on(clock, old_flat, marco, date(2026, 11, 20))
    # 21 and 22 missed; the rule sees 22 only once it is over (midnight of the 23rd, Rome).
    clock.set_now(local_midnight(date(2026, 11, 23)) - timedelta(minutes=1))
    assert scan().raised == []
    clock.set_now(local_midnight(date(2026, 11, 23)))
    raised = scan().raised
    assert [(c.kind, c.person_id, c.dedupe_key) for c in raised] == [
        (ConcernKind.MISSED_CHECKINS, marco.id, f"missed:{marco.id}:2026-11-21")
    ]


def test_repeated_scans_do_not_duplicate(clock, old_flat):
    marco = current_residents(old_flat)[0]
    checkin_on(clock, old_flat, marco, date(2026, 11, 20))
    clock.set_now(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    scan()
    db.session.commit()
    for days in range(0, 5):  # the next minutes and days of the same run
        clock.set_now(datetime(2026, 11, 23 + days, 8, 0, tzinfo=UTC))
        assert scan().raised == []
    assert len(concerns(ConcernKind.MISSED_CHECKINS)) == 1


def test_a_new_run_after_a_checkin_raises_again(clock, old_flat):
    marco = current_residents(old_flat)[0]
    checkin_on(clock, old_flat, marco, date(2026, 11, 20))
    clock.set_now(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    scan()
    checkin_on(clock, old_flat, marco, date(2026, 11, 23))
    clock.set_now(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    assert len(scan().raised) == 1
    assert len(concerns(ConcernKind.MISSED_CHECKINS)) == 2


def test_days_before_moving_in_do_not_count(clock, make_household, worker):
    clock.set_now(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    make_household("New flat", HouseholdKind.SUPPORTED_LIVING, workers=(worker,))
    clock.set_now(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert scan().raised == []  # only the 24th is over
    clock.set_now(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert len(scan().raised) == 2  # 24 and 25, for each of the two residents


def test_the_missed_rule_is_off_for_families_unless_turned_on(clock, make_household):
    clock.set_now(START)
    family = make_household("Family", HouseholdKind.FAMILY)
    clock.set_now(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert scan().raised == []
    get_settings(family).missed_days_alert = 3
    assert len(scan().raised) == 2


def test_absence_days_end_the_run(clock, old_flat):
    from cohousing.chores.models import Absence

    marco = current_residents(old_flat)[0]
    checkin_on(clock, old_flat, marco, date(2026, 11, 20))
    db.session.add(
        Absence(
            person_id=marco.id,
            household_id=old_flat.id,
            starts_on=date(2026, 11, 21),
            ends_on=date(2026, 11, 23),
        )
    )
    clock.set_now(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    assert scan().raised == []  # only the 24th missed since the absence
    clock.set_now(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert [c.dedupe_key for c in scan().raised] == [f"missed:{marco.id}:2026-11-24"]


# --- low mood ------------------------------------------------------------------------------


def test_low_mood_three_of_the_last_five(clock, old_flat):
    marco = current_residents(old_flat)[0]
    get_settings(old_flat).missed_days_alert = None
    for day, mood in ((20, 3), (21, 2), (22, 3), (23, 2)):
        checkin_on(clock, old_flat, marco, date(2026, 11, day), mood)
    assert scan().raised == []  # two low of four
    checkin_on(clock, old_flat, marco, date(2026, 11, 24), 2)
    assert [c.kind for c in scan().raised] == [ConcernKind.LOW_MOOD]
    checkin_on(clock, old_flat, marco, date(2026, 11, 25), 1)
    assert scan().raised == []  # still the same episode: not raised twice


def test_low_mood_drop_of_two_against_the_own_average(clock, old_flat):
    marco = current_residents(old_flat)[0]
    get_settings(old_flat).missed_days_alert = None
    for day in (18, 19, 20, 21):
        checkin_on(clock, old_flat, marco, date(2026, 11, day), 5)
    checkin_on(clock, old_flat, marco, date(2026, 11, 22), 4)  # a drop of 1
    assert scan().raised == []
    checkin_on(clock, old_flat, marco, date(2026, 11, 23), 3)  # average 4.8, drop 1.8
    assert scan().raised == []
    checkin_on(clock, old_flat, marco, date(2026, 11, 24), 2)  # average 4.4, drop 2.4
    assert [c.kind for c in scan().raised] == [ConcernKind.LOW_MOOD]


def test_low_mood_off_raises_nothing(clock, old_flat):
    marco = current_residents(old_flat)[0]
    settings = get_settings(old_flat)
    settings.missed_days_alert, settings.low_mood_enabled = None, False
    for day in (20, 21, 22):
        checkin_on(clock, old_flat, marco, date(2026, 11, day), 1)
    assert scan().raised == []


# --- concerns and escalation ---------------------------------------------------------------


def help_request(household):
    anna = current_residents(household)[0]
    return raise_concern(
        household,
        ConcernKind.HELP_REQUEST,
        urgency=Urgency.URGENT,
        person_id=anna.id,
        raised_by_person_id=anna.id,
    )


def test_escalation_at_31_minutes_not_at_29(clock, household, coordinator):
    concern = help_request(household)
    db.session.commit()
    clock.advance(timedelta(minutes=29))
    assert scan().escalated == []
    clock.advance(timedelta(minutes=2))
    assert scan().escalated == [concern]
    assert concern.escalated_at is not None
    clock.advance(timedelta(minutes=5))
    assert scan().escalated == []  # once


def test_an_acknowledged_concern_does_not_escalate(clock, household, worker, coordinator):
    concern = help_request(household)
    clock.advance(timedelta(minutes=10))
    acknowledge(concern, worker)
    clock.advance(timedelta(minutes=40))
    assert scan().escalated == []


def test_resolving_needs_a_note_and_keeps_every_change(household, worker):
    concern = help_request(household)
    with pytest.raises(RuleError):
        resolve(concern, worker, "  ")
    assert concern.status is ConcernStatus.OPEN
    resolve(concern, worker, "Called her; all fine.")
    db.session.commit()
    actions = [
        e.action
        for e in db.session.scalars(
            select(ConcernEvent)
            .where(ConcernEvent.concern_id == concern.id)
            .order_by(ConcernEvent.id)
        )
    ]
    assert actions == ["raised", "acknowledged", "resolved"]
    assert concern.status is ConcernStatus.RESOLVED
    assert concern.resolution_note == "Called her; all fine."
    with pytest.raises(RuleError):
        resolve(concern, worker, "again")


def test_the_same_dedupe_key_raises_once(household):
    first = raise_concern(household, ConcernKind.ARREARS, dedupe_key="arrears:1:2026-11")
    second = raise_concern(household, ConcernKind.ARREARS, dedupe_key="arrears:1:2026-11")
    assert first is not None and second is None
    assert len(concerns(ConcernKind.ARREARS)) == 1


def test_a_note_with_control_characters_is_kept_clean(household):
    concern = raise_concern(household, ConcernKind.OTHER, note="he\x00lp\x1b")
    assert concern.note == "help"


# --- what residents raise from the tablet --------------------------------------------------


def test_a_help_request_sent_twice_is_raised_once(household):
    from cohousing.database.idempotency import AlreadySubmitted

    anna = current_residents(household)[0]
    first = request_help(household, anna, submission_id="tap-1")
    assert (first.kind, first.urgency, first.person_id) == (
        ConcernKind.HELP_REQUEST,
        Urgency.URGENT,
        anna.id,
    )
    with pytest.raises(AlreadySubmitted):
        request_help(household, anna, submission_id="tap-1")
    assert concerns() == [first]


def test_a_worry_is_only_about_a_current_housemate(household, other_household):
    anna, bruno = current_residents(household)
    zeno = current_residents(other_household)[0]
    for person_id in (zeno.id, anna.id, None, 2**63):
        with pytest.raises(RuleError) as error:
            report_worry(household, anna, person_id, "note", submission_id=f"w-{person_id}")
        assert error.value.field == "person_id"
    assert concerns() == []
    worry = report_worry(household, anna, bruno.id, "He did not eat", submission_id="w")
    assert (worry.kind, worry.person_id, worry.raised_by_person_id, worry.note) == (
        ConcernKind.WORRIED_ABOUT,
        bruno.id,
        anna.id,
        "He did not eat",
    )


def test_low_mood_raises_nothing_for_who_shares_only_that_they_checked_in(clock, old_flat):
    marco = current_residents(old_flat)[0]
    get_settings(old_flat).missed_days_alert = None
    set_share(marco, old_flat, ShareLevel.NOTHING, by_person=marco)
    for day in (20, 21, 22):
        checkin_on(clock, old_flat, marco, date(2026, 11, day), 1)
    assert scan().raised == []
    set_share(marco, old_flat, ShareLevel.MOOD, by_person=marco)  # shares the mood again
    db.session.commit()
    assert [c.kind for c in scan().raised] == [ConcernKind.LOW_MOOD]


def test_missed_checkins_still_count_for_who_shares_nothing(clock, old_flat):
    marco = current_residents(old_flat)[0]
    get_settings(old_flat).missed_days_alert = 2
    set_share(marco, old_flat, ShareLevel.NOTHING, by_person=marco)
    checkin_on(clock, old_flat, marco, date(2026, 11, 20), 1)
    clock.set_now(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert [c.kind for c in scan().raised] == [ConcernKind.MISSED_CHECKINS]
