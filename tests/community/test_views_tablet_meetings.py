"""Meetings and agreements on the tablet: agenda points (htmx and plain), minutes on the
meeting's day, refusals with their message, other households."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from cohousing.community.models import AgendaPoint, Meeting
from cohousing.community.services import add_point, create_meeting, decide
from cohousing.extensions import db
from cohousing.households.services import current_residents
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token(page: str) -> str:
    return re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)


def test_add_an_agenda_point_htmx_and_plain(anna_house_tablet, meeting):
    page = text(anna_house_tablet.get("/tablet/house/meetings"))
    url = f"/tablet/house/meetings/{meeting.id}/points"
    swapped = anna_house_tablet.htmx(
        "post", url, data={"title": "Washing machine", "submission_id": token(page)}
    )
    assert swapped.status_code == 200
    assert 'id="agenda"' in text(swapped) and "Washing machine" in text(swapped)
    assert token(text(swapped)) != token(page)  # the next point gets a fresh token
    plain = anna_house_tablet.post(url, data={"title": "Guests", "submission_id": "other"})
    assert plain.status_code == 303
    assert [p.title for p in db.session.scalars(select(AgendaPoint))] == [
        "Washing machine",
        "Guests",
    ]


def test_an_empty_point_keeps_the_form_and_saves_nothing(anna_house_tablet, meeting):
    url = f"/tablet/house/meetings/{meeting.id}/points"
    response = anna_house_tablet.htmx("post", url, data={"title": "  "})
    assert response.status_code == 422
    assert "Write the point you want to talk about." in text(response)
    assert count(AgendaPoint) == 0


def test_agenda_point_for_a_past_meeting_is_refused(anna_house_tablet, household, clock):
    past = Meeting(household_id=household.id, starts_at=clock.now() - timedelta(days=1))
    db.session.add(past)
    db.session.commit()
    url = f"/tablet/house/meetings/{past.id}/points"
    for response in (
        anna_house_tablet.post(url, data={"title": "Too late"}),
        anna_house_tablet.htmx("post", url, data={"title": "Too late"}),
    ):
        assert response.status_code == 422
        assert "This meeting is over" in text(response) and "Too late" in text(response)
    assert count(AgendaPoint) == 0


def test_a_double_tap_adds_the_agenda_point_once(anna_house_tablet, meeting):
    page = text(anna_house_tablet.get("/tablet/house/meetings"))
    data = {"title": "Bikes in the hall", "submission_id": token(page)}
    url = f"/tablet/house/meetings/{meeting.id}/points"
    assert anna_house_tablet.post(url, data=data).status_code == 303
    assert anna_house_tablet.htmx("post", url, data=data).headers["HX-Redirect"] == (
        "/tablet/house/meetings"
    )
    assert count(AgendaPoint) == 1


def test_a_resident_writes_minutes_during_the_meeting(
    resident_client, household, anna_bruno, meeting, clock
):
    point = add_point(meeting, household, "Guests")
    db.session.commit()
    url = f"/tablet/house/meetings/{meeting.id}/points/{point.id}/minutes"
    field = f"point{point.id}-minutes"
    early = resident_client(household, anna_bruno[0], "1234")
    refused = early.post(url, data={field: "Too soon"})
    assert refused.status_code == 422 and "has not started yet" in text(refused)
    clock.set_now(meeting.starts_at + timedelta(minutes=15))
    tablet = resident_client(household, anna_bruno[0], "1234")
    assert field in text(tablet.get("/tablet/house/meetings"))
    saved = tablet.post(url, data={field: "Guests stay two nights"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"#point-{point.id}")
    db.session.expire_all()
    assert point.minutes == "Guests stay two nights"


def test_minutes_for_a_past_meeting_are_refused_with_a_message(anna_house_tablet, household, clock):
    past = Meeting(household_id=household.id, starts_at=clock.now() - timedelta(days=2))
    past.points.append(AgendaPoint(title="Old point"))
    db.session.add(past)
    db.session.commit()
    point = past.points[0]
    url = f"/tablet/house/meetings/{past.id}/points/{point.id}/minutes"
    response = anna_house_tablet.post(url, data={f"point{point.id}-minutes": "Late"})
    assert response.status_code == 422 and "on the day of the meeting" in text(response)
    db.session.expire_all()
    assert point.minutes == ""


def test_a_point_of_another_meeting_is_404(anna_house_tablet, household, meeting, clock):
    later = create_meeting(household, clock.now() + timedelta(days=9))
    point = add_point(later, household, "Theirs")
    db.session.commit()
    url = f"/tablet/house/meetings/{meeting.id}/points/{point.id}/minutes"
    assert anna_house_tablet.post(url, data={f"point{point.id}-minutes": "x"}).status_code == 404
    db.session.expire_all()
    assert point.minutes == ""


def test_another_households_meeting_and_agreement_are_404(
    resident_client, other_household, household, meeting, clock
):
    point = add_point(meeting, household, "Ours")
    clock.set_now(meeting.starts_at)
    agreement = decide(meeting, household, title="Quiet", text="From 22:00.").agreement
    db.session.commit()
    zeno = current_residents(other_household)[0]
    stranger_tablet = resident_client(other_household, zeno, "4321")  # signed in at this hour
    minutes = f"/tablet/house/meetings/{meeting.id}/points/{point.id}/minutes"
    assert stranger_tablet.post(minutes, data={f"point{point.id}-minutes": "x"}).status_code == 404
    added = stranger_tablet.post(f"/tablet/house/meetings/{meeting.id}/points", data={"title": "x"})
    assert added.status_code == 404
    assert stranger_tablet.get(f"/tablet/house/agreements/{agreement.id}").status_code == 404
    assert "Quiet" not in text(stranger_tablet.get("/tablet/house/agreements"))
    assert count(AgendaPoint) == 1


def test_agreements_and_their_versions(resident_client, household, anna_bruno, meeting, clock):
    clock.set_now(meeting.starts_at + timedelta(minutes=5))
    first = decide(meeting, household, title="Guests", text="Ask first.")
    decide(meeting, household, text="Ask a day before.", agreement=first.agreement)
    db.session.commit()
    anna_house_tablet = resident_client(household, anna_bruno[0], "1234")
    listing = text(anna_house_tablet.get("/tablet/house/agreements"))
    assert "Ask a day before." in listing and "Earlier versions" in listing
    page = text(anna_house_tablet.get(f"/tablet/house/agreements/{first.agreement.id}"))
    assert "Ask first." in page and "Previous version" in page
