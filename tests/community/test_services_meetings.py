"""House meetings without HTTP: agenda points, minutes, presence, agreements and versions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cohousing.community.services import (
    add_point,
    chosen_agreement,
    create_meeting,
    current_agreements,
    decide,
    decisions_at,
    next_meeting,
    past_meetings,
    set_present,
    write_minutes,
)
from cohousing.extensions import db
from cohousing.rules import RuleError


def test_a_meeting_cannot_be_in_the_past(household, clock):
    with pytest.raises(RuleError) as refused:
        create_meeting(household, clock.now() - timedelta(days=1))
    assert refused.value.field == "day"
    assert next_meeting(household) is None


def test_agenda_point_refused_for_a_past_meeting(household, meeting, clock):
    add_point(meeting, household, "Washing machine")
    clock.advance(timedelta(days=3))
    assert next_meeting(household) is None
    assert past_meetings(household) == [meeting]
    with pytest.raises(RuleError, match="over"):
        add_point(meeting, household, "Too late")
    assert [p.title for p in meeting.points] == ["Washing machine"]


def test_minutes_only_once_started_and_residents_only_on_the_day(household, meeting, clock):
    point = add_point(meeting, household, "Quiet hours")
    with pytest.raises(RuleError):
        write_minutes(point, household, "Too early", by_resident=False)
    clock.set_now(meeting.starts_at + timedelta(minutes=10))
    write_minutes(point, household, "Quiet from 22:00", by_resident=True)
    clock.advance(timedelta(days=2))
    with pytest.raises(RuleError):
        write_minutes(point, household, "Later", by_resident=True)
    write_minutes(point, household, "Quiet from 22:00 to 7:00", by_resident=False)
    assert point.minutes == "Quiet from 22:00 to 7:00"


def test_agreements_keep_their_history(household, meeting, anna_bruno, clock):
    anna, bruno = anna_bruno
    clock.set_now(meeting.starts_at + timedelta(minutes=30))
    set_present(meeting, household, {anna.id, bruno.id, 999999})
    first = decide(meeting, household, title="Quiet hours", text="Quiet from 22:00.")
    agreement = first.agreement
    later = create_meeting(household, clock.now() + timedelta(days=7))
    clock.set_now(later.starts_at + timedelta(minutes=5))
    set_present(later, household, {anna.id})
    decide(later, household, text="Quiet from 23:00.", agreement=agreement)
    db.session.commit()
    db.session.expire_all()
    [current] = current_agreements(household)
    assert [v.text for v in current.versions] == ["Quiet from 22:00.", "Quiet from 23:00."]
    assert current.current.number == 2
    assert [p.display_name for p in current.versions[0].meeting.present] == [
        "Anna Bianchi",
        "Bruno Rossi",
    ]
    assert [p.display_name for p in current.current.meeting.present] == ["Anna Bianchi"]
    assert set(decisions_at(later)) == {None}


def test_an_agreement_needs_a_started_meeting_and_text(household, meeting, clock):
    with pytest.raises(RuleError):
        decide(meeting, household, title="Guests", text="Ask first.")
    clock.set_now(meeting.starts_at)
    with pytest.raises(RuleError):
        decide(meeting, household, title="Guests", text="")
    with pytest.raises(RuleError):
        decide(meeting, household, title="", text="Ask first.")
    assert current_agreements(household) == []


def test_another_households_agreement_cannot_get_a_version_here(
    household, other_household, meeting, clock
):
    theirs_meeting = create_meeting(other_household, clock.now() + timedelta(hours=1))
    clock.set_now(theirs_meeting.starts_at + timedelta(minutes=1))
    theirs = decide(theirs_meeting, other_household, title="Theirs", text="Their rule.").agreement
    assert chosen_agreement(household, 0) is None
    with pytest.raises(RuleError) as refused:
        chosen_agreement(household, theirs.id)
    assert refused.value.field == "agreement_id"
    clock.set_now(meeting.starts_at)
    with pytest.raises(RuleError):
        decide(meeting, household, text="Ours now", agreement=theirs)
    assert [v.text for v in theirs.versions] == ["Their rule."]


def test_decisions_are_listed_by_agenda_point(household, meeting, clock):
    point = add_point(meeting, household, "Bikes")
    clock.set_now(meeting.starts_at)
    version = decide(meeting, household, title="Bikes", text="In the yard.", point=point)
    assert decisions_at(meeting) == {point.id: [version]}
