"""One house meeting for staff: planning it, points, minutes, who was present, agreements."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.community.models import AgendaPoint, Agreement, Meeting, MeetingAttendance
from cohousing.community.services import add_point, create_meeting, decide
from cohousing.extensions import db
from cohousing.households.services import current_residents
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


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
    again = client.post(
        f"{base}/meetings", data={"day": "2026-11-27", "at": "18:30", "submission_id": "m1"}
    )
    assert again.headers["Location"] == created.headers["Location"] and count(Meeting) == 1
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
    assert refused.status_code == 422 and "Write what was agreed." in text(refused)
    client.post(
        f"{mbase}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": str(agreement.id), f"{p}-text": "From 23:00"},
    )
    db.session.expire_all()
    assert point.minutes == "Agreed 22:00"
    assert [v.text for v in agreement.versions] == ["From 22:00", "From 23:00"]
    page = text(client.get(mbase))
    assert "version 2" in page and f'value="{anna.id}" checked' in page


def test_a_meeting_in_the_past_is_refused_by_its_day(login, worker, household):
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/house-life/meetings",
        data={"day": "2026-11-01", "at": "18:30"},
    )
    assert response.status_code == 422 and "cannot be in the past" in text(response)
    assert count(Meeting) == 0


def test_staff_add_points_and_minutes_wait_for_the_start(login, worker, household, meeting):
    client = login(worker)
    mbase = f"/households/{household.id}/house-life/meetings/{meeting.id}"
    added = client.post(f"{mbase}/points", data={"title": "Bikes", "submission_id": "pt"})
    assert added.status_code == 303 and added.headers["Location"].endswith(mbase)
    again = client.post(f"{mbase}/points", data={"title": "Bikes", "submission_id": "pt"})
    assert again.status_code == 303
    [point] = db.session.scalars(select(AgendaPoint)).all()
    early = client.post(
        f"{mbase}/points/{point.id}/minutes", data={f"point{point.id}-minutes": "Too soon"}
    )
    assert early.status_code == 422 and "has not started yet" in text(early)
    db.session.expire_all()
    assert point.minutes == "" and point.title == "Bikes"


def test_present_keeps_only_residents_of_the_house(
    login, worker, household, other_household, meeting, anna_bruno
):
    zeno = current_residents(other_household)[0]
    client = login(worker)
    url = f"/households/{household.id}/house-life/meetings/{meeting.id}/present"
    saved = client.post(url, data={"present": [anna_bruno[0].id, zeno.id]})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("#present")
    assert [a.person_id for a in db.session.scalars(select(MeetingAttendance))] == [
        anna_bruno[0].id
    ]


def test_other_households_meetings_and_points_are_404(
    login, worker, other_household, household, meeting, clock
):
    theirs = create_meeting(other_household, clock.now() + timedelta(days=1))
    their_point = add_point(theirs, other_household, "Theirs")
    our_point = add_point(meeting, household, "Ours")
    db.session.commit()
    client = login(worker)
    other = f"/households/{other_household.id}/house-life/meetings/{theirs.id}"
    assert client.get(other).status_code == 404
    assert client.post(f"{other}/points", data={"title": "x"}).status_code == 404
    ours = f"/households/{household.id}/house-life/meetings"
    assert client.get(f"{ours}/{theirs.id}").status_code == 404
    mixed = f"{ours}/{meeting.id}/points/{their_point.id}/minutes"
    assert client.post(mixed, data={f"point{their_point.id}-minutes": "x"}).status_code == 404
    assert client.get(f"{ours}/{meeting.id}").status_code == 200
    db.session.expire_all()
    assert their_point.minutes == "" and our_point.minutes == ""
    assert count(AgendaPoint) == 2


def test_a_version_of_another_households_agreement_is_refused(
    login, worker, household, other_household, meeting, clock
):
    theirs_meeting = create_meeting(other_household, clock.now() + timedelta(hours=1))
    point = add_point(meeting, household, "Guests")
    clock.set_now(meeting.starts_at + timedelta(minutes=1))
    theirs = decide(theirs_meeting, other_household, title="Theirs", text="Theirs.").agreement
    db.session.commit()
    client = login(worker)
    p = f"point{point.id}"
    response = client.post(
        f"/households/{household.id}/house-life/meetings/{meeting.id}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": str(theirs.id), f"{p}-text": "Ours now"},
    )
    assert response.status_code == 422 and "Not a valid choice" in text(response)
    db.session.expire_all()
    assert [v.text for v in theirs.versions] == ["Theirs."]
