"""House life for staff: the page, notices and polls; roles and other households."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from cohousing.community.models import Notice, Poll, PollKind
from cohousing.community.services import create_poll, post_notice
from cohousing.database import clock
from cohousing.extensions import db
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_linked_worker_sees_the_page_and_the_household_summary(login, worker, household):
    client = login(worker)
    post_notice(household, "Boiler on Monday")
    db.session.commit()
    page = client.get(f"/households/{household.id}/house-life")
    assert page.status_code == 200 and "House life" in text(page)
    assert "Boiler on Monday" in text(page)
    detail = text(client.get(f"/households/{household.id}"))
    assert "Open help requests" in detail and f"/households/{household.id}/house-life" in detail


def test_other_household_is_404_and_residents_are_sent_to_sign_in(
    login, worker, other_household, anna_house_tablet, household
):
    client = login(worker)
    assert client.get(f"/households/{other_household.id}/house-life").status_code == 404
    notice = post_notice(other_household, "Theirs")
    db.session.commit()
    base = f"/households/{other_household.id}/house-life/notices/{notice.id}"
    assert client.post(f"{base}/remove").status_code == 404
    assert client.htmx("post", f"{base}/pin").status_code == 404
    ours = f"/households/{household.id}/house-life/notices/{notice.id}/remove"
    assert client.post(ours).status_code == 404  # their notice under our household's URL
    db.session.expire_all()
    assert notice.removed_at is None and not notice.pinned
    assert anna_house_tablet.get(f"/households/{household.id}/house-life").status_code in (302, 303)


def test_post_pin_and_remove_a_notice(login, coordinator, household):
    client = login(coordinator)
    base = f"/households/{household.id}/house-life"
    response = client.post(
        f"{base}/notices",
        data={"body": "Boiler check on Monday", "pinned": "y", "submission_id": "s1"},
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("#notices")
    notice = db.session.scalar(select(Notice))
    assert notice.pinned and notice.author_staff_id == coordinator.id
    pinned = client.htmx("post", f"{base}/notices/{notice.id}/pin")
    assert pinned.status_code == 204 and pinned.headers["HX-Redirect"].endswith("#notices")
    client.post(f"{base}/notices/{notice.id}/remove")
    db.session.expire_all()
    assert not notice.pinned and notice.removed_at is not None


def test_a_notice_sent_twice_is_posted_once(login, coordinator, household):
    client = login(coordinator)
    url = f"/households/{household.id}/house-life/notices"
    data = {"body": "Boiler check", "submission_id": "twice"}
    assert client.post(url, data=data).status_code == 303
    assert client.post(url, data=data).status_code == 303
    assert count(Notice) == 1


def test_bad_notice_and_past_expiry_keep_the_text(login, coordinator, household):
    client = login(coordinator)
    url = f"/households/{household.id}/house-life/notices"
    long = client.post(url, data={"body": "z" * 281})
    past = client.post(url, data={"body": "Old", "expires_on": "2026-11-01"})
    assert long.status_code == past.status_code == 422
    assert "z" * 281 in text(long) and "cannot be in the past" in text(past)
    assert db.session.scalar(select(Notice)) is None


def test_staff_see_the_photo_of_their_households_notice(
    app, login, worker, household, other_worker
):
    photo = BytesIO()
    Image.new("RGB", (10, 10), "red").save(photo, "PNG")
    photo.seek(0)
    notice = post_notice(household, "Photo", photo=photo)
    db.session.commit()
    url = f"/households/{household.id}/house-life/notices/{notice.id}/photo/1.jpg"
    assert login(worker).get(url).headers["Content-Type"] == "image/jpeg"
    assert login(other_worker, c=app.test_client()).get(url).status_code == 404


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
    assert bad.status_code == 422 and "YYYY-MM-DD" in text(bad) and "soon" in text(bad)
    assert count(Poll) == 0
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
    closed = client.post(f"{base}/polls/{poll.id}/close")
    assert closed.headers["Location"].endswith("#polls")
    db.session.expire_all()
    assert poll.is_closed()


def test_another_households_poll_cannot_be_closed(login, worker, other_household):
    theirs = create_poll(other_household, "Theirs?", PollKind.YES_NO, clock.now() + timedelta(1))
    db.session.commit()
    client = login(worker)
    response = client.post(f"/households/{other_household.id}/house-life/polls/{theirs.id}/close")
    assert response.status_code == 404
    db.session.expire_all()
    assert not theirs.is_closed()
