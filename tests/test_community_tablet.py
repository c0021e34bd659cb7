"""House life on the tablet: notices, agenda points, votes, mutual help, mediation."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

from PIL import Image
from sqlalchemy import func, select

from cohousing.community import helping
from cohousing.community.models import AgendaPoint, HelpKind, HelpPost, Meeting, Notice, Vote
from cohousing.community.notices import post_notice
from cohousing.community.polls import close_early
from cohousing.extensions import db
from cohousing.wellbeing.models import Concern, ConcernKind
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token(page: str) -> str:
    return re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)


def test_today_shows_house_life_and_the_agreements_button(anna_tablet, household, anna_bruno):
    post_notice(household, "Bins out", person_id=anna_bruno[1].id)
    db.session.commit()
    page = text(anna_tablet.get("/tablet/today"))
    assert "Our house" in page
    assert "1 new" in page
    assert 'href="/tablet/house/agreements"' in page and "Our house agreements" in page


def test_board_marks_new_then_read(anna_tablet, household, anna_bruno):
    post_notice(household, "Plumber on Friday", person_id=anna_bruno[1].id)
    db.session.commit()
    page = text(anna_tablet.get("/tablet/house"))
    assert "Plumber on Friday" in page and ">New<" in page
    assert ">New<" not in text(anna_tablet.get("/tablet/house"))


def test_post_a_notice_with_a_photo_and_once_only(anna_tablet, household):
    page = text(anna_tablet.get("/tablet/house/notices/new"))
    photo = BytesIO()
    Image.new("RGB", (30, 30), "blue").save(photo, "PNG")
    data = {"body": "Cake in the kitchen", "submission_id": token(page)}
    first = anna_tablet.post(
        "/tablet/house/notices/new",
        data={**data, "photo": (BytesIO(photo.getvalue()), "cake.png")},
        content_type="multipart/form-data",
    )
    again = anna_tablet.post("/tablet/house/notices/new", data=data)
    assert first.status_code == again.status_code == 303
    [notice] = db.session.scalars(select(Notice)).all()
    assert notice.body == "Cake in the kitchen" and notice.has_photo
    board = text(anna_tablet.get("/tablet/house"))
    photo_url = re.search(r'src="(/tablet/house/notices/\d+/photo/1\.jpg)"', board).group(1)
    assert anna_tablet.get(photo_url).headers["Content-Type"] == "image/jpeg"


def test_bad_notices_keep_what_was_typed_and_save_nothing(anna_tablet):
    long = anna_tablet.post("/tablet/house/notices/new", data={"body": "y" * 281})
    assert long.status_code == 422
    assert "up to 280 characters" in text(long) and "y" * 281 in text(long)
    bad = anna_tablet.post(
        "/tablet/house/notices/new",
        data={"body": "See photo", "photo": (BytesIO(b"not an image"), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert "not a picture we can read" in text(bad) and "See photo" in text(bad)
    assert anna_tablet.post("/tablet/house/notices/new", data={"body": ""}).status_code == 422
    assert count(Notice) == 0


def test_add_an_agenda_point_htmx_and_plain(anna_tablet, meeting):
    page = text(anna_tablet.get("/tablet/house/meetings"))
    url = f"/tablet/house/meetings/{meeting.id}/points"
    swapped = anna_tablet.htmx(
        "post", url, data={"title": "Washing machine", "submission_id": token(page)}
    )
    assert swapped.status_code == 200
    assert 'id="agenda"' in text(swapped) and "Washing machine" in text(swapped)
    plain = anna_tablet.post(url, data={"title": "Guests", "submission_id": "other"})
    assert plain.status_code == 303
    assert [p.title for p in db.session.scalars(select(AgendaPoint))] == [
        "Washing machine",
        "Guests",
    ]


def test_agenda_point_for_a_past_meeting_is_refused(anna_tablet, household, clock):
    past = Meeting(household_id=household.id, starts_at=clock.now() - timedelta(days=1))
    db.session.add(past)
    db.session.commit()
    url = f"/tablet/house/meetings/{past.id}/points"
    for response in (
        anna_tablet.post(url, data={"title": "Too late"}),
        anna_tablet.htmx("post", url, data={"title": "Too late"}),
    ):
        assert response.status_code == 422
        assert "This meeting is over" in text(response) and "Too late" in text(response)
    assert count(AgendaPoint) == 0


def test_vote_htmx_then_plain_changes_the_one_vote(anna_tablet, poll):
    yes, no = poll.options
    url = f"/tablet/house/polls/{poll.id}/vote"
    swapped = anna_tablet.htmx("post", url, data={"option": yes.id})
    assert swapped.status_code == 200 and f'id="poll-{poll.id}"' in text(swapped)
    assert 'aria-pressed="true"' in text(swapped)
    plain = anna_tablet.post(url, data={"option": no.id})
    assert plain.status_code == 303
    assert [v.option_id for v in db.session.scalars(select(Vote))] == [no.id]


def test_two_tablets_one_vote(resident_client, household, anna_bruno, poll):
    anna = anna_bruno[0]
    first = resident_client(household, anna, "1234")
    second = resident_client(household, anna, "1234")
    yes = poll.options[0]
    first.post(f"/tablet/house/polls/{poll.id}/vote", data={"option": yes.id})
    second.post(f"/tablet/house/polls/{poll.id}/vote", data={"option": yes.id})
    assert count(Vote) == 1


def test_a_vote_after_closing_is_refused_with_a_message(anna_tablet, poll):
    close_early(poll)
    db.session.commit()
    url = f"/tablet/house/polls/{poll.id}/vote"
    for response in (
        anna_tablet.post(url, data={"option": poll.options[0].id}),
        anna_tablet.htmx("post", url, data={"option": poll.options[0].id}),
    ):
        assert response.status_code == 422
        assert "This poll is closed" in text(response)
    assert count(Vote) == 0
    assert "0 votes" in text(anna_tablet.get("/tablet/house/polls"))


def test_take_a_help_request_htmx_and_plain_both_see_it(
    anna_tablet, bruno_tablet, household, anna_bruno
):
    anna, bruno = anna_bruno
    post = helping.post_help(household, anna.id, HelpKind.REQUEST, "School run Tuesday?")
    offer = helping.post_help(household, anna.id, HelpKind.OFFER, "Going shopping")
    db.session.commit()
    swapped = bruno_tablet.htmx("post", f"/tablet/house/help/{post.id}/take")
    assert swapped.status_code == 200 and "Bruno Rossi takes it" in text(swapped)
    assert bruno_tablet.post(f"/tablet/house/help/{offer.id}/take").status_code == 303
    assert anna_tablet.post(f"/tablet/house/help/{post.id}/done").status_code == 303
    for tablet in (anna_tablet, bruno_tablet):
        page = text(tablet.get("/tablet/house/help"))
        assert "Bruno Rossi took it" in page and "Done" in page
    db.session.expire_all()
    assert db.session.get(HelpPost, offer.id).taken_by_id == bruno.id


def test_help_post_empty_is_refused(anna_tablet):
    response = anna_tablet.post("/tablet/house/help", data={"kind": "request", "body": " "})
    assert response.status_code == 422
    assert "Write what you need" in text(response)
    assert count(HelpPost) == 0


def test_mediation_reaches_workers_never_housemates(
    anna_tablet, bruno_tablet, household, login, worker
):
    page = text(anna_tablet.get("/tablet/house/mediation"))
    sent = anna_tablet.post(
        "/tablet/house/mediation",
        data={"note": "Trouble with the noise", "submission_id": token(page)},
    )
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/mediation/sent")
    [concern] = db.session.scalars(select(Concern)).all()
    assert concern.kind is ConcernKind.MEDIATION
    for url in ("/tablet/house", "/tablet/house/help", "/tablet/today", "/tablet/wellbeing/mine"):
        assert "Trouble with the noise" not in text(bruno_tablet.get(url))
    staff = login(worker)
    assert "Trouble with the noise" in text(staff.get(f"/concerns/{concern.id}"))


def test_another_households_records_answer_404(
    resident_client, other_household, household, anna_bruno, poll, meeting
):
    from cohousing.households.services import current_residents

    zeno = current_residents(other_household)[0]
    notice = post_notice(household, "Ours", photo=None)
    post = helping.post_help(household, anna_bruno[0].id, HelpKind.REQUEST, "Ours")
    db.session.commit()
    stranger = resident_client(other_household, zeno, "4321")
    assert (
        stranger.post(f"/tablet/house/polls/{poll.id}/vote", data={"option": 1}).status_code == 404
    )
    assert stranger.post(f"/tablet/house/help/{post.id}/take").status_code == 404
    assert (
        stranger.post(
            f"/tablet/house/meetings/{meeting.id}/points", data={"title": "x"}
        ).status_code
        == 404
    )
    assert stranger.get(f"/tablet/house/notices/{notice.id}/photo/1.jpg").status_code == 404
    assert "Ours" not in text(stranger.get("/tablet/house"))


def test_a_resident_writes_minutes_during_the_meeting(
    resident_client, household, anna_bruno, meeting, clock
):
    from cohousing.community.meetings import add_point

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
    assert tablet.post(url, data={field: "Guests stay two nights"}).status_code == 303
    db.session.expire_all()
    assert point.minutes == "Guests stay two nights"


def test_minutes_for_a_past_meeting_are_refused_with_a_message(anna_tablet, household, clock):
    past = Meeting(household_id=household.id, starts_at=clock.now() - timedelta(days=2))
    past.points.append(AgendaPoint(title="Old point"))
    db.session.add(past)
    db.session.commit()
    point = past.points[0]
    url = f"/tablet/house/meetings/{past.id}/points/{point.id}/minutes"
    response = anna_tablet.post(url, data={f"point{point.id}-minutes": "Late"})
    assert response.status_code == 422 and "on the day of the meeting" in text(response)
    db.session.expire_all()
    assert point.minutes == ""


def test_a_double_tap_adds_the_agenda_point_once(anna_tablet, meeting):
    page = text(anna_tablet.get("/tablet/house/meetings"))
    data = {"title": "Bikes in the hall", "submission_id": token(page)}
    url = f"/tablet/house/meetings/{meeting.id}/points"
    assert anna_tablet.post(url, data=data).status_code == 303
    assert anna_tablet.htmx("post", url, data=data).headers["HX-Redirect"] == (
        "/tablet/house/meetings"
    )
    assert count(AgendaPoint) == 1


def test_an_answer_of_another_poll_is_refused(anna_tablet, poll, household, clock):
    from cohousing.community.polls import create_poll

    other = create_poll(household, "Other?", poll.kind, clock.now() + timedelta(days=1))
    db.session.commit()
    response = anna_tablet.htmx(
        "post", f"/tablet/house/polls/{poll.id}/vote", data={"option": other.options[0].id}
    )
    assert response.status_code == 422 and "Choose one of the answers" in text(response)
    assert count(Vote) == 0


def test_the_taker_marks_it_done_with_htmx(resident_client, household, anna_bruno):
    anna, bruno = anna_bruno
    post = helping.post_help(household, anna.id, HelpKind.OFFER, "Going shopping")
    helping.take(post, bruno.id)
    db.session.commit()
    bruno_tablet = resident_client(household, bruno, "5678")
    done = bruno_tablet.htmx("post", f"/tablet/house/help/{post.id}/done")
    assert done.status_code == 200 and "Done" in text(done)
    db.session.expire_all()
    assert db.session.get(HelpPost, post.id).done_by_id == bruno.id
