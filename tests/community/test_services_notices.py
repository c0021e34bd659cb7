"""The notice board without HTTP: what is shown, what is new to whom, what is read, and the
numbers and summary other screens show."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from flask import g, render_template
from PIL import Image
from sqlalchemy import func, select

from cohousing.community.models import HelpKind, Notice, NoticeRead
from cohousing.community.services import (
    add_point,
    create_meeting,
    current_notices,
    decide,
    house_life_summary,
    mark_read,
    mark_seen,
    post_help,
    post_notice,
    remove_notice,
    today_counts,
    unread_count,
    unread_ids,
)
from cohousing.extensions import db
from cohousing.rules import RuleError


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def png(size=(40, 30)) -> BytesIO:
    out = BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    out.seek(0)
    return out


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
    assert count(NoticeRead) == 2  # Anna's own, Bruno's


@pytest.mark.parametrize("body", ["", "   ", "x" * 281])
def test_notice_text_empty_or_too_long_saves_nothing(household, body):
    with pytest.raises(RuleError) as refused:
        post_notice(household, body)
    assert refused.value.field == "body"
    assert count(Notice) == 0


def test_notice_photo_is_cleaned_and_a_non_image_is_refused(household):
    notice = post_notice(household, "Look", photo=png())
    assert notice.has_photo and notice.photo[:2] == b"\xff\xd8"  # re-encoded as JPEG
    with pytest.raises(RuleError) as refused:
        post_notice(household, "Bad", photo=BytesIO(b"not a picture"))
    assert refused.value.field == "photo"
    big = BytesIO(b"\0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(RuleError, match="5 MB"):
        post_notice(household, "Huge", photo=big)
    assert count(Notice) == 1


def test_a_last_day_in_the_past_is_refused(household):
    with pytest.raises(RuleError) as refused:
        post_notice(household, "Old", expires_on=household.today() - timedelta(days=1))
    assert refused.value.field == "expires_on" and count(Notice) == 0


# --- marking read: only what this household's board showed ---------------------------------


def test_mark_seen_reads_the_boards_notices_once(household, anna_bruno):
    anna, _ = anna_bruno
    first = post_notice(household, "Bins out")
    second = post_notice(household, "Plumber")
    assert unread_ids(household, anna.id) == {first.id, second.id}
    assert {n.id for n in mark_seen(household, anna.id, [first.id])} == {first.id}
    mark_seen(household, anna.id, [first.id, second.id])  # sent again, with one more
    assert unread_ids(household, anna.id) == set()
    assert db.session.scalar(select(func.count()).where(NoticeRead.person_id == anna.id)) == 2


def test_mark_seen_ignores_other_households_and_removed_notices(
    household, other_household, anna_bruno
):
    anna, _ = anna_bruno
    theirs = post_notice(other_household, "Theirs")
    removed = post_notice(household, "Gone")
    remove_notice(removed)
    assert mark_seen(household, anna.id, [theirs.id, removed.id, 999_999]) == []
    assert mark_seen(household, anna.id, []) == []
    assert count(NoticeRead) == 0


# --- the today screen and the staff summary -----------------------------------------------


def test_today_counts_for_the_resident(household, anna_bruno, meeting, poll):
    anna, bruno = anna_bruno
    post_notice(household, "Bins out", person_id=bruno.id)
    post_help(household, bruno.id, HelpKind.REQUEST, "School run?")
    counts = today_counts(household, anna)
    assert (counts["unread"], counts["polls"], counts["help"]) == (1, 1, 1)
    assert counts["meeting"].starts_at == meeting.starts_at
    assert today_counts(household, bruno)["unread"] == 0  # his own notice
    assert today_counts(household, None) == {}


def render_today(app, household, resident) -> str:
    with app.test_request_context("/tablet/today"):
        g.tablet = SimpleNamespace(household=household)
        g.resident = resident
        return render_template(
            "community/_tablet_today.html", house_life_today=today_counts(household, resident)
        )


def test_the_today_fragment_shows_what_the_view_passes(app, household, anna_bruno, poll):
    anna, bruno = anna_bruno
    post_notice(household, "Bins out", person_id=bruno.id)
    html = render_today(app, household, anna)
    assert "1 new" in html and "1 open" in html
    assert 'href="/tablet/house/agreements"' in html
    assert "new" not in render_today(app, household, bruno).split("Notices")[1].split("</a>")[0]


def test_house_life_summary_and_its_fragment(app, household, meeting, anna_bruno, clock):
    anna = anna_bruno[0]
    post_help(household, anna.id, HelpKind.REQUEST, "School run?")
    point = add_point(meeting, household, "Quiet hours")
    clock.set_now(meeting.starts_at + timedelta(minutes=5))
    decide(meeting, household, title="Quiet hours", text="From 22:00.", point=point)
    create_meeting(household, clock.now() + timedelta(days=7))
    summary = house_life_summary(household)
    assert len(summary["meetings"]) == 2
    assert [a.title for a in summary["agreements"]] == ["Quiet hours"]
    assert [p.body for p in summary["open_help"]] == ["School run?"]
    with app.test_request_context(f"/households/{household.id}"):
        html = render_template(
            "community/_staff_summary.html", household=household, house_life=summary
        )
    assert "Quiet hours" in html and "Open help requests" in html
    assert f"/households/{household.id}/house-life" in html
