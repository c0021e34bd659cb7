"""House-life rules without HTTP: notices, meetings and agreements, polls, help, mediation."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from cohousing.community import helping, polls
from cohousing.community.errors import CommunityError
from cohousing.community.meetings import (
    add_point,
    create_meeting,
    current_agreements,
    decide,
    next_meeting,
    past_meetings,
    set_present,
    write_minutes,
)
from cohousing.community.models import HelpKind, Notice, PollKind, Vote
from cohousing.community.notices import (
    current_notices,
    mark_read,
    post_notice,
    remove_notice,
    unread_count,
)
from cohousing.extensions import db
from cohousing.wellbeing.models import Concern, ConcernKind, Urgency


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def png(size=(40, 30)) -> BytesIO:
    out = BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    out.seek(0)
    return out


# --- notices -------------------------------------------------------------------------------


def test_notice_board_pinned_first_expired_and_removed_hidden(household, clock):
    old = post_notice(household, "Old news")
    clock.advance(timedelta(minutes=5))
    pinned = post_notice(household, "Bins out on Monday", pinned=True)
    expiring = post_notice(household, "Plumber today", expires_on=household.today())
    gone = post_notice(household, "Removed")
    remove_notice(gone)
    assert current_notices(household)[0].id == pinned.id
    assert {n.id for n in current_notices(household)} == {old.id, pinned.id, expiring.id}
    clock.advance(timedelta(days=1))
    assert expiring.id not in {n.id for n in current_notices(household)}


def test_unread_counts_per_resident_and_own_notice_is_read(household, anna_bruno):
    anna, bruno = anna_bruno
    notice = post_notice(household, "Party on Saturday", person_id=anna.id)
    assert unread_count(household, anna.id) == 0
    assert unread_count(household, bruno.id) == 1
    mark_read([notice], bruno.id)
    mark_read([notice], bruno.id)  # a second tablet: still one read mark
    assert unread_count(household, bruno.id) == 0


@pytest.mark.parametrize("body", ["", "   ", "x" * 281])
def test_notice_text_empty_or_too_long_saves_nothing(household, body):
    with pytest.raises(CommunityError) as refused:
        post_notice(household, body)
    assert refused.value.field == "body"
    assert count(Notice) == 0


def test_notice_photo_is_cleaned_and_a_non_image_is_refused(household):
    notice = post_notice(household, "Look", photo=png())
    assert notice.has_photo and notice.photo[:2] == b"\xff\xd8"  # re-encoded as JPEG
    with pytest.raises(CommunityError) as refused:
        post_notice(household, "Bad", photo=BytesIO(b"not a picture"))
    assert refused.value.field == "photo"
    big = BytesIO(b"\0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(CommunityError, match="5 MB"):
        post_notice(household, "Huge", photo=big)
    assert count(Notice) == 1


# --- meetings and agreements ---------------------------------------------------------------


def test_agenda_point_refused_for_a_past_meeting(household, meeting, clock):
    add_point(meeting, household, "Washing machine")
    clock.advance(timedelta(days=3))
    assert next_meeting(household) is None
    assert past_meetings(household) == [meeting]
    with pytest.raises(CommunityError, match="over"):
        add_point(meeting, household, "Too late")
    assert [p.title for p in meeting.points] == ["Washing machine"]


def test_minutes_only_once_started_and_residents_only_on_the_day(household, meeting, clock):
    point = add_point(meeting, household, "Quiet hours")
    with pytest.raises(CommunityError):
        write_minutes(point, household, "Too early", by_resident=False)
    clock.set_now(meeting.starts_at + timedelta(minutes=10))
    write_minutes(point, household, "Quiet from 22:00", by_resident=True)
    clock.advance(timedelta(days=2))
    with pytest.raises(CommunityError):
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


def test_an_agreement_needs_a_started_meeting_and_text(household, meeting, clock):
    with pytest.raises(CommunityError):
        decide(meeting, household, title="Guests", text="Ask first.")
    clock.set_now(meeting.starts_at)
    with pytest.raises(CommunityError):
        decide(meeting, household, title="Guests", text="")
    with pytest.raises(CommunityError):
        decide(meeting, household, title="", text="Ask first.")
    assert current_agreements(household) == []


# --- polls -------------------------------------------------------------------------------


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
    with pytest.raises(CommunityError, match="closed"):
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
    with pytest.raises(CommunityError):
        polls.vote(late, bruno.id, late.options[0].id)


def test_poll_input_is_checked(household, clock):
    soon = clock.now() + timedelta(days=1)
    with pytest.raises(CommunityError):
        polls.create_poll(household, "", PollKind.YES_NO, soon)
    with pytest.raises(CommunityError):
        polls.create_poll(household, "Which?", PollKind.CHOICE, soon, choices=["Only one"])
    with pytest.raises(CommunityError):
        polls.create_poll(household, "Yes?", PollKind.YES_NO, clock.now() - timedelta(hours=1))


# --- mutual help and mediation -------------------------------------------------------------


def test_help_is_taken_once_and_both_can_mark_it_done(household, anna_bruno, make_household):
    anna, bruno = anna_bruno
    post = helping.post_help(household, anna.id, HelpKind.REQUEST, "School run on Tuesday?")
    with pytest.raises(CommunityError):
        helping.take(post, anna.id)  # not your own
    helping.take(post, bruno.id)
    helping.take(post, bruno.id)  # a double tap
    assert post.taken_by_id == bruno.id
    with pytest.raises(CommunityError, match="already taken"):
        helping.take(post, 999999)
    with pytest.raises(CommunityError, match="Only the person"):
        helping.mark_done(post, 999999)
    helping.mark_done(post, bruno.id)
    assert post.state == "done"
    assert helping.open_posts(household) == []
    assert helping.board(household) == [post]


def test_mediation_is_a_private_non_urgent_concern(household, anna_bruno):
    anna, _ = anna_bruno
    concern = helping.ask_for_mediation(household, anna.id, "Noise at night")
    assert concern.kind is ConcernKind.MEDIATION
    assert concern.urgency is Urgency.NORMAL
    assert concern.raised_by_person_id == anna.id
    with pytest.raises(CommunityError):
        helping.ask_for_mediation(household, anna.id, "x" * 2001)
    assert count(Concern) == 1
