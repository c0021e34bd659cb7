"""Made-up values in house-life forms: each answers 422 with its field's message (or 404),
saves nothing, and never gives a 500, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.community.models import (
    Agreement,
    AgreementVersion,
    Meeting,
    MeetingAttendance,
    Notice,
    NoticeRead,
    Poll,
    Vote,
)
from cohousing.community.services import add_point, post_notice
from cohousing.extensions import db
from tests.fixtures.households import text

NUMBERS = ["²", "①", "¹²³⁴", "1" * 400, str(2**63), "-1", "0", "1.5", "1\x00"]
DAYS = ["9999-12-31", "0001-01-01", "2026-02-30", "²⁰²⁶-12-01", "tomorrow", "2026-12-01\x00"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("value", NUMBERS)
def test_a_made_up_answer_to_a_poll(anna_house_tablet, poll, value):
    url = f"/tablet/house/polls/{poll.id}/vote"
    for response in (
        anna_house_tablet.post(url, data={"option": value}),
        anna_house_tablet.htmx("post", url, data={"option": value}),
    ):
        assert response.status_code == 422
        assert "Choose one of the answers." in text(response)
    assert count(Vote) == 0


@pytest.mark.parametrize("value", NUMBERS)
def test_made_up_notice_ids_sent_back_from_the_board(anna_house_tablet, household, value):
    notice = post_notice(household, "Bins out")
    db.session.commit()
    url = "/tablet/house/notices/seen"
    plain = anna_house_tablet.post(url, data={"notice": [str(notice.id), value]})
    swapped = anna_house_tablet.htmx("post", url, data={"notice": value})
    for response in (plain, swapped):
        assert response.status_code == 422
        assert "These notices could not be marked as read." in text(response)
    assert count(NoticeRead) == 0


@pytest.mark.parametrize("value", NUMBERS)
def test_made_up_ids_of_who_was_present(login, worker, household, meeting, anna_bruno, value):
    client = login(worker)
    url = f"/households/{household.id}/house-life/meetings/{meeting.id}/present"
    response = client.post(url, data={"present": [str(anna_bruno[0].id), value]})
    assert response.status_code == 422
    assert "Choose who was present from the list." in text(response)
    assert count(MeetingAttendance) == 0


@pytest.mark.parametrize("value", [n for n in NUMBERS if n != "0"])  # 0: a new agreement
def test_a_made_up_agreement_to_version(login, worker, household, meeting, clock, value):
    point = add_point(meeting, household, "Guests")
    db.session.commit()
    clock.set_now(meeting.starts_at + timedelta(minutes=5))
    client = login(worker)
    p = f"point{point.id}"
    response = client.post(
        f"/households/{household.id}/house-life/meetings/{meeting.id}/points/{point.id}/agreement",
        data={f"{p}-agreement_id": value, f"{p}-title": "Guests", f"{p}-text": "Ask first"},
    )
    assert response.status_code == 422 and "Ask first" in text(response)
    assert count(Agreement) == count(AgreementVersion) == 0


@pytest.mark.parametrize("day", DAYS)
def test_a_made_up_meeting_day(login, worker, household, day):
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/house-life/meetings", data={"day": day, "at": "18:00"}
    )
    assert response.status_code == 422
    assert "Enter a date as the calendar shows it." in text(response)
    assert count(Meeting) == 0


@pytest.mark.parametrize("day", DAYS)
def test_made_up_days_of_a_poll(login, worker, household, day):
    client = login(worker)
    url = f"/households/{household.id}/house-life/polls"
    data = {"question": "When?", "kind": "date", "closes_at": "20:00"}
    closing = client.post(
        url, data={**data, "choices": "2026-12-05\n2026-12-06", "closes_day": day}
    )
    assert closing.status_code == 422
    assert "Enter a date as the calendar shows it." in text(closing)
    assert count(Poll) == 0
    if "\x00" in day:
        return  # the NUL goes, and 2026-12-01 is a day
    options = client.post(
        url, data={**data, "choices": f"2026-12-05\n{day}", "closes_day": "2026-11-30"}
    )
    assert options.status_code == 422 and "YYYY-MM-DD" in text(options)
    assert count(Poll) == 0


@pytest.mark.parametrize("day", DAYS)
def test_a_made_up_last_day_of_a_notice(login, worker, household, day):
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/house-life/notices", data={"body": "Hi", "expires_on": day}
    )
    assert response.status_code == 422
    assert "Enter a date as the calendar shows it." in text(response)
    assert count(Notice) == 0


def test_nul_and_control_characters_are_dropped_from_text(
    anna_house_tablet, login, worker, household, meeting
):
    anna_house_tablet.post("/tablet/house/notices/new", data={"body": "Bins\x00 out\x07"})
    anna_house_tablet.post(
        f"/tablet/house/meetings/{meeting.id}/points", data={"title": "Bikes\x00"}
    )
    anna_house_tablet.post("/tablet/house/help", data={"kind": "offer", "body": "Shop\x00ping"})
    client = login(worker)
    client.post(
        f"/households/{household.id}/house-life/polls",
        data={
            "question": "Paint\x00?",
            "kind": "choice",
            "choices": "Red\x00\nBlue",
            "closes_day": "2026-11-30",
            "closes_at": "20:00",
        },
    )
    assert db.session.scalar(select(Notice.body)) == "Bins out"
    assert [p.title for p in meeting.points] == ["Bikes"]
    poll = db.session.scalar(select(Poll))
    assert poll.question == "Paint?" and [o.label for o in poll.options] == ["Red", "Blue"]


def test_a_text_of_nul_only_is_empty(anna_house_tablet):
    response = anna_house_tablet.post("/tablet/house/notices/new", data={"body": "\x00\x00"})
    assert response.status_code == 422 and "Write the notice." in text(response)
    assert count(Notice) == 0


@pytest.mark.parametrize("value", ["²", str(2**63), "1" * 400])
def test_made_up_ids_in_urls_are_404(anna_house_tablet, login, worker, household, value):
    client = login(worker)
    for response in (
        anna_house_tablet.get(f"/tablet/house/agreements/{value}"),
        anna_house_tablet.post(f"/tablet/house/polls/{value}/vote", data={"option": "1"}),
        client.get(f"/households/{household.id}/house-life/meetings/{value}"),
    ):
        assert response.status_code == 404
