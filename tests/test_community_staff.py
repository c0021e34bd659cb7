"""House life for staff: the page, meetings with minutes and agreements, polls, roles."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cohousing.community.meetings import add_point
from cohousing.community.models import Agreement, Meeting, Notice, Poll
from cohousing.community.notices import post_notice
from cohousing.extensions import db
from tests.fixtures.households import text


def test_linked_worker_sees_the_page_and_the_household_summary(login, worker, household):
    client = login(worker)
    page = client.get(f"/households/{household.id}/house-life")
    assert page.status_code == 200 and "House life" in text(page)
    detail = text(client.get(f"/households/{household.id}"))
    assert "Open help requests" in detail and f"/households/{household.id}/house-life" in detail


def test_other_household_is_404_and_residents_are_sent_to_sign_in(
    login, worker, other_household, anna_tablet, household
):
    client = login(worker)
    assert client.get(f"/households/{other_household.id}/house-life").status_code == 404
    notice = post_notice(other_household, "Theirs")
    db.session.commit()
    url = f"/households/{other_household.id}/house-life/notices/{notice.id}/remove"
    assert client.post(url).status_code == 404
    assert anna_tablet.get(f"/households/{household.id}/house-life").status_code in (302, 303)


def test_post_pin_and_remove_a_notice(login, coordinator, household):
    client = login(coordinator)
    base = f"/households/{household.id}/house-life"
    response = client.post(
        f"{base}/notices",
        data={"body": "Boiler check on Monday", "pinned": "y", "submission_id": "s1"},
    )
    assert response.status_code == 303
    notice = db.session.scalar(select(Notice))
    assert notice.pinned and notice.author_staff_id == coordinator.id
    client.post(f"{base}/notices/{notice.id}/pin")
    client.post(f"{base}/notices/{notice.id}/remove")
    db.session.expire_all()
    assert not notice.pinned and notice.removed_at is not None


def test_bad_notice_and_past_expiry_keep_the_text(login, coordinator, household):
    client = login(coordinator)
    url = f"/households/{household.id}/house-life/notices"
    long = client.post(url, data={"body": "z" * 281})
    past = client.post(url, data={"body": "Old", "expires_on": "2026-11-01"})
    assert long.status_code == past.status_code == 422
    assert "z" * 281 in text(long) and "cannot be in the past" in text(past)
    assert db.session.scalar(select(Notice)) is None


def test_meeting_minutes_presence_and_agreement_versions(
    login, worker, household, anna_bruno, clock
):
    client = login(worker)
    base = f"/households/{household.id}/house-life"
    created = client.post(
        f"{base}/meetings", data={"day": "2026-11-27", "at": "18:30", "submission_id": "m1"}
    )
    meeting = db.session.scalar(select(Meeting))
    assert created.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.starts_at.hour == 17  # 18:30 in Rome
    point = add_point(meeting, household, "Quiet hours")
    db.session.commit()
    clock.set_now(meeting.starts_at + timedelta(minutes=20))
    client = login(worker)
    mbase = f"{base}/meetings/{meeting.id}"
    anna, bruno = anna_bruno
    client.post(f"{mbase}/present", data={"present": [anna.id, bruno.id]})
    p = f"point{point.id}"
    client.post(f"{mbase}/points/{point.id}/minutes", data={f"{p}-minutes": "Agreed 22:00"})
    client.post(
        f"{mbase}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": "0", f"{p}-title": "Quiet hours", f"{p}-text": "From 22:00"},
    )
    agreement = db.session.scalar(select(Agreement))
    refused = client.post(
        f"{mbase}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": str(agreement.id), f"{p}-text": ""},
    )
    assert refused.status_code == 422
    client.post(
        f"{mbase}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": str(agreement.id), f"{p}-text": "From 23:00"},
    )
    db.session.expire_all()
    assert point.minutes == "Agreed 22:00"
    assert [v.text for v in agreement.versions] == ["From 22:00", "From 23:00"]
    page = text(client.get(mbase))
    assert "version 2" in page and f'value="{anna.id}" checked' in page


def test_create_and_close_a_poll(login, worker, household):
    client = login(worker)
    base = f"/households/{household.id}/house-life"
    bad = client.post(
        f"{base}/polls",
        data={
            "question": "When?",
            "kind": "date",
            "choices": "soon\nlater",
            "closes_day": "2026-11-30",
            "closes_at": "20:00",
        },
    )
    assert bad.status_code == 422 and "YYYY-MM-DD" in text(bad)
    client.post(
        f"{base}/polls",
        data={
            "question": "When?",
            "kind": "date",
            "choices": "2026-12-05\n2026-12-06",
            "closes_day": "2026-11-30",
            "closes_at": "20:00",
            "submission_id": "p1",
        },
    )
    poll = db.session.scalar(select(Poll))
    assert [o.day.day for o in poll.options] == [5, 6]
    client.post(f"{base}/polls/{poll.id}/close")
    db.session.expire_all()
    assert poll.is_closed()
