"""Sharing nothing but the check-in itself: the resident's one tap on the tablet, a worker's
proposal, and every page where a worker sees one resident's mood (or a household's)."""

from __future__ import annotations

from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.models import ProposalStatus, ShareLevel, ShareProposal
from cohousing.wellbeing.services import current_share, record_checkin, set_share
from tests.fixtures.households import text
from tests.fixtures.wellbeing import signed_in


def _share_nothing(person, household) -> None:
    set_share(person, household, ShareLevel.NOTHING, by_person=person)
    db.session.commit()


def test_the_resident_shares_nothing_in_one_tap_plain_and_htmx(resident_client, household):
    client, anna = signed_in(resident_client, household)
    client.post("/tablet/wellbeing/checkin", data={"mood": "2"})
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Only that you checked in, not your mood" in page  # a choice on the tablet
    response = client.htmx("post", "/tablet/wellbeing/sharing", data={"share": "nothing"})
    assert response.status_code == 204 and response.headers["HX-Redirect"]
    assert current_share(anna, household) is ShareLevel.NOTHING
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Saved. Your workers now see less." in page
    assert "Changed to: Only that you checked in, not your mood" in page
    assert "<dt>Mood</dt>" not in page and "<dt>Check-in</dt>" in page
    response = client.post("/tablet/wellbeing/sharing", data={"share": "mood"})  # back, plain
    assert response.status_code == 303
    assert current_share(anna, household) is ShareLevel.MOOD
    assert "<dt>Mood</dt>" in text(client.get("/tablet/wellbeing/mine"))


def test_a_worker_proposes_sharing_nothing_or_more_and_the_resident_decides(
    login, worker, household
):
    anna = current_residents(household)[0]
    _share_nothing(anna, household)
    client = login(worker)
    page = text(client.get(f"/households/{household.id}/wellbeing"))
    assert 'value="nothing" checked' in page
    assert "Workers see only that a check-in was made, not the mood." in page
    response = client.post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}", data={"share": "mood"}
    )
    assert response.status_code == 303
    proposal = db.session.scalar(select(ShareProposal).filter_by(person_id=anna.id))
    assert proposal.share is ShareLevel.MOOD and proposal.status is ProposalStatus.PENDING
    assert current_share(anna, household) is ShareLevel.NOTHING  # only the resident widens


def test_the_wellbeing_page_shows_the_day_not_the_mood(login, worker, household):
    anna, bruno = current_residents(household)
    record_checkin(household, anna.id, 1)
    record_checkin(household, bruno.id, 5)
    _share_nothing(anna, household)
    client = login(worker)
    page = text(client.get(f"/households/{household.id}/wellbeing"))
    anna_part, bruno_part = page.split(f'id="res-{bruno.id}"')
    anna_part = anna_part.split(f'id="res-{anna.id}"')[1]
    assert "Checked in" in anna_part and "Very bad" not in anna_part
    assert "<th>Mood</th>" not in anna_part
    assert "Very good" in bruno_part and "<th>Mood</th>" in bruno_part


def test_the_summary_shows_no_mood_for_who_shares_nothing_plain_and_htmx(
    login, worker, hf_flat, add_checkins
):
    add_checkins(hf_flat, days=5, mood=1)
    elena, franco, _gino = current_residents(hf_flat)
    _share_nothing(elena, hf_flat)
    client = login(worker)
    for response in (
        client.get(f"/dashboard/households/{hf_flat.id}"),
        client.htmx("get", f"/dashboard/households/{hf_flat.id}"),
    ):
        html = text(response)
        assert response.status_code == 200
        assert f"Mood of {elena.display_name}" not in html
        assert "Shares only that they checked in, not the mood." in html
        assert f"Mood of {franco.display_name}, last 30 days" in html
        assert html.count("average 1") == 2 * 2  # Franco and Gino (picture and words)
        elena_row = html.split(f"<strong>{elena.display_name}</strong>")[1].split("</div>")[0]
        assert "5 check-ins" in elena_row and "average" not in elena_row and "<svg" not in elena_row


def _line(html: str, name: str) -> str:
    """The dashboard list's line of the household called `name`."""
    return html.split(f">{name}</a>")[1].split("</tr>")[0]


def test_the_household_mood_line_leaves_out_who_shares_nothing_plain_and_htmx(
    login, worker, hf_flat, add_checkins
):
    add_checkins(hf_flat, days=7, mood=4)
    client = login(worker)
    row = _line(text(client.get("/dashboard/")), hf_flat.name)
    assert "4.0" in row and "Hidden" not in row
    assert "100%" in row
    _share_nothing(current_residents(hf_flat)[0], hf_flat)
    for response in (client.get("/dashboard/"), client.htmx("get", "/dashboard/")):
        row = _line(text(response), hf_flat.name)
        assert "Hidden: fewer than 3 residents shared" in row  # two share: hidden
        assert "4.0" not in row
        assert "100%" in row  # answering still counts, 3 of 3
