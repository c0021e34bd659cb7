"""Polls, mutual help and mediation on the tablet: htmx and plain, refusals, households."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from cohousing.community.models import HelpKind, HelpPost, Vote
from cohousing.community.services import close_early, create_poll, post_help, take
from cohousing.extensions import db
from cohousing.wellbeing.models import Concern, ConcernKind
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token(page: str) -> str:
    return re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)


def test_vote_htmx_then_plain_changes_the_one_vote(anna_house_tablet, poll):
    yes, no = poll.options
    url = f"/tablet/house/polls/{poll.id}/vote"
    swapped = anna_house_tablet.htmx("post", url, data={"option": yes.id})
    assert swapped.status_code == 200 and f'id="poll-{poll.id}"' in text(swapped)
    assert 'aria-pressed="true"' in text(swapped)
    plain = anna_house_tablet.post(url, data={"option": no.id})
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


def test_a_vote_after_closing_is_refused_with_a_message(anna_house_tablet, poll):
    close_early(poll)
    db.session.commit()
    url = f"/tablet/house/polls/{poll.id}/vote"
    for response in (
        anna_house_tablet.post(url, data={"option": poll.options[0].id}),
        anna_house_tablet.htmx("post", url, data={"option": poll.options[0].id}),
    ):
        assert response.status_code == 422
        assert "This poll is closed" in text(response)
    assert count(Vote) == 0
    assert "0 votes" in text(anna_house_tablet.get("/tablet/house/polls"))


def test_an_answer_of_another_poll_is_refused(anna_house_tablet, poll, household, clock):
    other = create_poll(household, "Other?", poll.kind, clock.now() + timedelta(days=1))
    db.session.commit()
    response = anna_house_tablet.htmx(
        "post", f"/tablet/house/polls/{poll.id}/vote", data={"option": other.options[0].id}
    )
    assert response.status_code == 422 and "Choose one of the answers" in text(response)
    assert count(Vote) == 0


def test_take_a_help_request_htmx_and_plain_both_see_it(
    anna_house_tablet, bruno_house_tablet, household, anna_bruno
):
    anna, bruno = anna_bruno
    post = post_help(household, anna.id, HelpKind.REQUEST, "School run Tuesday?")
    offer = post_help(household, anna.id, HelpKind.OFFER, "Going shopping")
    db.session.commit()
    swapped = bruno_house_tablet.htmx("post", f"/tablet/house/help/{post.id}/take")
    assert swapped.status_code == 200 and "Bruno Rossi takes it" in text(swapped)
    assert bruno_house_tablet.post(f"/tablet/house/help/{offer.id}/take").status_code == 303
    assert anna_house_tablet.post(f"/tablet/house/help/{post.id}/done").status_code == 303
    for tablet in (anna_house_tablet, bruno_house_tablet):
        page = text(tablet.get("/tablet/house/help"))
        assert "Bruno Rossi took it" in page and "Done" in page
    db.session.expire_all()
    assert db.session.get(HelpPost, offer.id).taken_by_id == bruno.id


def test_taking_your_own_post_is_refused_htmx_and_plain(anna_house_tablet, household, anna_bruno):
    post = post_help(household, anna_bruno[0].id, HelpKind.REQUEST, "Mine")
    db.session.commit()
    url = f"/tablet/house/help/{post.id}/take"
    for response in (anna_house_tablet.htmx("post", url), anna_house_tablet.post(url)):
        assert response.status_code == 422 and "This is your own post" in text(response)
    db.session.expire_all()
    assert db.session.get(HelpPost, post.id).taken_by_id is None


def test_help_post_empty_is_refused(anna_house_tablet):
    response = anna_house_tablet.post("/tablet/house/help", data={"kind": "request", "body": " "})
    assert response.status_code == 422
    assert "Write what you need" in text(response)
    assert count(HelpPost) == 0


def test_a_help_post_sent_twice_is_saved_once(anna_house_tablet):
    page = text(anna_house_tablet.get("/tablet/house/help"))
    data = {"kind": "offer", "body": "Going shopping", "submission_id": token(page)}
    assert anna_house_tablet.post("/tablet/house/help", data=data).status_code == 303
    again = anna_house_tablet.htmx("post", "/tablet/house/help", data=data)
    assert again.headers["HX-Redirect"] == "/tablet/house/help"
    assert count(HelpPost) == 1


def test_the_taker_marks_it_done_with_htmx(resident_client, household, anna_bruno):
    anna, bruno = anna_bruno
    post = post_help(household, anna.id, HelpKind.OFFER, "Going shopping")
    take(post, bruno.id)
    db.session.commit()
    bruno_tablet = resident_client(household, bruno, "5678")
    done = bruno_tablet.htmx("post", f"/tablet/house/help/{post.id}/done")
    assert done.status_code == 200 and "Done" in text(done)
    db.session.expire_all()
    assert db.session.get(HelpPost, post.id).done_by_id == bruno.id


def test_mediation_reaches_workers_never_housemates(
    anna_house_tablet, bruno_house_tablet, household, login, worker
):
    page = text(anna_house_tablet.get("/tablet/house/mediation"))
    data = {"note": "Trouble with the noise", "submission_id": token(page)}
    sent = anna_house_tablet.post("/tablet/house/mediation", data=data)
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/mediation/sent")
    again = anna_house_tablet.post("/tablet/house/mediation", data=data)
    assert again.headers["Location"].endswith("/mediation/sent")
    [concern] = db.session.scalars(select(Concern)).all()
    assert concern.kind is ConcernKind.MEDIATION
    for url in ("/tablet/house", "/tablet/house/help", "/tablet/today", "/tablet/wellbeing/mine"):
        assert "Trouble with the noise" not in text(bruno_house_tablet.get(url))
    staff = login(worker)
    assert "Trouble with the noise" in text(staff.get(f"/concerns/{concern.id}"))


def test_a_long_mediation_note_is_kept_and_refused(anna_house_tablet):
    response = anna_house_tablet.post("/tablet/house/mediation", data={"note": "n" * 2001})
    assert response.status_code == 422 and "n" * 2001 in text(response)
    assert count(Concern) == 0


def test_another_households_polls_and_posts_answer_404(
    stranger_tablet, household, anna_bruno, poll
):
    post = post_help(household, anna_bruno[0].id, HelpKind.REQUEST, "Ours")
    db.session.commit()
    vote = stranger_tablet.post(
        f"/tablet/house/polls/{poll.id}/vote", data={"option": poll.options[0].id}
    )
    assert vote.status_code == 404
    assert stranger_tablet.post(f"/tablet/house/help/{post.id}/take").status_code == 404
    assert stranger_tablet.htmx("post", f"/tablet/house/help/{post.id}/done").status_code == 404
    assert "Ours" not in text(stranger_tablet.get("/tablet/house/help"))
    assert "Paint the kitchen" not in text(stranger_tablet.get("/tablet/house/polls"))
    assert count(Vote) == 0
    db.session.expire_all()
    assert db.session.get(HelpPost, post.id).taken_by_id is None
