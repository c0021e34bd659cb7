"""Polls without HTTP: one vote per resident, changeable until closing; options checked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cohousing.community.models import Poll, PollKind, Vote
from cohousing.community.services import polls
from cohousing.extensions import db
from cohousing.rules import RuleError


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_one_vote_per_resident_a_second_vote_changes_it(household, poll, anna_bruno):
    anna, _ = anna_bruno
    yes, no = poll.options
    polls.vote(poll, anna.id, yes.id)
    polls.vote(poll, anna.id, no.id)
    assert count(Vote) == 1
    assert polls.my_vote(poll, anna.id) == no.id


def test_two_tablets_at_once_still_one_vote(household, poll, anna_bruno, monkeypatch):
    """The race: both tablets saw no vote; the second insert hits the unique key."""
    anna, _ = anna_bruno
    yes, no = poll.options
    polls.vote(poll, anna.id, yes.id)
    real = polls._existing_vote
    calls = iter([None])  # the second tablet's first look finds nothing
    monkeypatch.setattr(polls, "_existing_vote", lambda p, pid: next(calls, real(p, pid)))
    polls.vote(poll, anna.id, no.id)
    assert count(Vote) == 1
    assert polls.my_vote(poll, anna.id) == no.id


def test_a_closed_poll_refuses_votes_and_shows_results(household, poll, anna_bruno, clock):
    anna, bruno = anna_bruno
    yes, no = poll.options
    polls.vote(poll, anna.id, yes.id)
    polls.close_early(poll)
    with pytest.raises(RuleError, match="closed"):
        polls.vote(poll, bruno.id, no.id)
    assert [(r.option.code, r.votes) for r in polls.results(poll)] == [("yes", 1), ("no", 0)]
    late = polls.create_poll(
        household,
        "Date?",
        PollKind.DATE,
        clock.now() + timedelta(hours=1),
        days=[household.today() + timedelta(days=3), household.today() + timedelta(days=4)],
    )
    clock.advance(timedelta(hours=1))
    with pytest.raises(RuleError):
        polls.vote(late, bruno.id, late.options[0].id)


def test_poll_input_is_checked(household, clock):
    soon = clock.now() + timedelta(days=1)
    with pytest.raises(RuleError):
        polls.create_poll(household, "", PollKind.YES_NO, soon)
    with pytest.raises(RuleError):
        polls.create_poll(household, "Which?", PollKind.CHOICE, soon, choices=["Only one"])
    with pytest.raises(RuleError):
        polls.create_poll(household, "Yes?", PollKind.YES_NO, clock.now() - timedelta(hours=1))
    with pytest.raises(RuleError, match="at most 8"):
        polls.create_poll(household, "Many?", PollKind.CHOICE, soon, choices=list("abcdefghi"))
    assert count(Poll) == 0


def test_days_typed_one_per_line_become_the_options(household, clock):
    soon = clock.now() + timedelta(days=1)
    poll = polls.create_poll(
        household, "When?", PollKind.DATE, soon, choices=["2026-12-06", " 2026-12-05 ", ""]
    )
    assert [o.day for o in poll.options] == [date(2026, 12, 5), date(2026, 12, 6)]


@pytest.mark.parametrize("bad", ["soon", "9999-01-01", "1899-12-31", "2026-02-30", "²⁰²⁶-12-05"])
def test_a_day_that_cannot_be_read_names_the_choices(household, clock, bad):
    with pytest.raises(RuleError) as refused:
        polls.create_poll(
            household,
            "When?",
            PollKind.DATE,
            clock.now() + timedelta(days=1),
            choices=["2026-12-05", bad],
        )
    assert refused.value.field == "choices" and "YYYY-MM-DD" in str(refused.value.message)
    assert count(Poll) == 0


def test_an_option_of_another_poll_is_refused(household, poll, anna_bruno, clock):
    other = polls.create_poll(household, "Other?", PollKind.YES_NO, clock.now() + timedelta(1))
    with pytest.raises(RuleError) as refused:
        polls.vote(poll, anna_bruno[0].id, other.options[0].id)
    assert refused.value.field == "option" and count(Vote) == 0
