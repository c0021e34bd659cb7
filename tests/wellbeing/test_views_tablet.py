"""The resident's wellbeing screens on the tablet."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.wellbeing.models import CheckIn, Concern, ConcernKind, ShareLevel, Urgency
from cohousing.wellbeing.services import current_share, settings_to_change
from tests.fixtures.households import text
from tests.fixtures.wellbeing import MALFORMED_NUMBERS, signed_in


def concerns() -> int:
    return db.session.scalar(select(func.count()).select_from(Concern))


def checkins() -> int:
    return db.session.scalar(select(func.count()).select_from(CheckIn))


def test_today_shows_the_faces_then_what_was_said(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    page = text(client.get("/tablet/today"))
    assert 'name="mood" value="5"' in page and "I need help" in page
    response = client.post("/tablet/wellbeing/checkin", data={"mood": "4"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/tablet/wellbeing/checkin/done")
    page = text(client.get("/tablet/today"))
    assert "You said: Good" in page
    assert 'name="mood" value="5"' not in page


def test_double_tap_records_one_checkin(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    for _ in range(2):
        assert client.post("/tablet/wellbeing/checkin", data={"mood": "2"}).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_extras_replace_tags_and_note(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    client.post("/tablet/wellbeing/checkin", data={"mood": "2"})
    response = client.htmx(
        "post",
        "/tablet/wellbeing/checkin",
        data={"mood": "2", "extras": "1", "tags": ["lonely", "tired"], "note": "a long day"},
    )
    fragment = text(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert 'id="checkin-extras"' in fragment and "Saved ✓" in fragment
    assert "a long day" in fragment and 'value="lonely" checked' in fragment
    row = db.session.scalar(select(CheckIn))
    assert (row.tags, row.note) == ("lonely,tired", "a long day")
    page = text(client.get("/tablet/wellbeing/checkin/done"))
    assert "a long day" in page and 'value="lonely" checked' in page
    assert "Saved ✓" not in page  # only right after saving


def test_extras_without_htmx_come_back_saved(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    client.post("/tablet/wellbeing/checkin", data={"mood": "4"})
    response = client.post(
        "/tablet/wellbeing/checkin", data={"mood": "4", "extras": "1", "note": "fine"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/tablet/wellbeing/checkin/done?saved=1")
    page = text(client.get(response.headers["Location"]))
    assert "Saved ✓" in page and "fine" in page
    assert 'class="tap-link"' in page  # "What my workers can see": a 48 px target


def test_changing_the_face_is_not_saving_extras(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    client.post("/tablet/wellbeing/checkin", data={"mood": "4"})
    response = client.htmx("post", "/tablet/wellbeing/checkin", data={"mood": "2"})
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("/done")


def test_bad_mood_and_long_note_get_a_message(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    for mood in ("0", "6", "sad", "", *MALFORMED_NUMBERS):
        response = client.post("/tablet/wellbeing/checkin", data={"mood": mood})
        assert response.status_code == 422
        assert "Choose one of the five faces." in text(response)
    response = client.post(
        "/tablet/wellbeing/checkin", data={"mood": "3", "extras": "1", "note": "x" * 2001}
    )
    assert response.status_code == 422
    assert "up to 2,000 characters" in text(response)
    assert checkins() == 0


def test_help_raises_an_urgent_concern_and_shows_the_numbers(
    app, resident_client, household, worker, mailbox
):
    settings_to_change(household).help_numbers = "Night service: 0583 000 000"
    db.session.commit()
    client, anna = signed_in(resident_client, household)
    page = text(client.get("/tablet/wellbeing/help"))
    assert "Send for help?" in page
    token = page.split('name="submission_id" type="hidden" value="')[1].split('"')[0]
    for _ in range(2):  # a double tap sends one request for help
        response = client.post("/tablet/wellbeing/help", data={"submission_id": token})
        assert response.status_code == 303
    concerns = list(db.session.scalars(select(Concern)))
    assert [(c.kind, c.urgency, c.person_id) for c in concerns] == [
        (ConcernKind.HELP_REQUEST, Urgency.URGENT, anna.id)
    ]
    assert [m["To"] for m in mailbox.messages] == [worker.email]
    page = text(client.get(response.headers["Location"]))
    assert "112" in page and "0583 000 000" in page
    assert "This app is not an emergency service." in page
    assert "Your workers have been told." in page


def test_help_works_when_the_mail_server_is_down(app, resident_client, household, worker):
    client, _anna = signed_in(resident_client, household)
    response = client.post("/tablet/wellbeing/help", data={"submission_id": "tok-1"})
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Concern)) == 1


def test_worried_goes_to_workers_and_no_resident_sees_it(resident_client, household):
    client, anna = signed_in(resident_client, household)
    bruno = current_residents(household)[1]
    page = text(client.get("/tablet/wellbeing/worried"))
    assert "Bruno Rossi" in page and f'value="{anna.id}"' not in page
    response = client.post(
        "/tablet/wellbeing/worried",
        data={"person_id": bruno.id, "note": "He did not eat", "submission_id": "w1"},
    )
    assert response.status_code == 303
    concern = db.session.scalar(select(Concern))
    assert (concern.kind, concern.person_id, concern.raised_by_person_id) == (
        ConcernKind.WORRIED_ABOUT,
        bruno.id,
        anna.id,
    )
    mine = text(client.get("/tablet/wellbeing/mine"))
    assert (
        "sent" in mine
        and "He did not eat" not in mine
        and "Bruno" not in mine.split("What I sent")[1]
    )
    bruno_client = resident_client(household, bruno, "5678")
    for url in ("/tablet/today", "/tablet/wellbeing/mine"):
        page = text(bruno_client.get(url))
        assert "A housemate is worried" not in page and "What I sent" not in page
        assert "He did not eat" not in page


def test_worried_about_someone_outside_the_household_or_oneself_is_refused(
    resident_client, household, other_household
):
    client, anna = signed_in(resident_client, household)
    zeno = current_residents(other_household)[0]
    for person_id in (zeno.id, anna.id):
        response = client.post(
            "/tablet/wellbeing/worried", data={"person_id": person_id, "submission_id": "w2"}
        )
        assert response.status_code == 422
        assert "Choose the housemate you are worried about." in text(response)
        assert "Zeno" not in text(response)
    assert concerns() == 0


@pytest.mark.parametrize("person_id", [*MALFORMED_NUMBERS, "", "bruno"])
def test_worried_about_a_malformed_id_gets_the_message(resident_client, household, person_id):
    client, _anna = signed_in(resident_client, household)
    response = client.post(
        "/tablet/wellbeing/worried",
        data={"person_id": person_id, "note": "x\x00", "submission_id": "w3"},
    )
    assert response.status_code == 422
    assert "Choose the housemate you are worried about." in text(response)
    assert concerns() == 0


def test_a_worry_sent_twice_is_raised_once(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    bruno = current_residents(household)[1]
    for _ in range(2):
        response = client.post(
            "/tablet/wellbeing/worried", data={"person_id": bruno.id, "submission_id": "w4"}
        )
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/tablet/wellbeing/worried/sent")
    assert concerns() == 1


def test_mine_shows_what_workers_see_and_the_resident_may_widen_it(resident_client, household):
    client, anna = signed_in(resident_client, household)  # a family: mood only
    client.post("/tablet/wellbeing/checkin", data={"mood": "5"})
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Your mood only" in page and "Your notes stay private." in page
    response = client.post("/tablet/wellbeing/sharing", data={"share": "mood_tags_note"})
    assert response.status_code == 303
    assert current_share(anna, household) is ShareLevel.MOOD_TAGS_NOTE
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Saved. Your workers now see more." in page and "Changed to:" in page


def test_a_resident_can_narrow_sharing(resident_client, make_household):
    flat = make_household("Flat", HouseholdKind.SUPPORTED_LIVING)  # mood and tags
    client, anna = signed_in(resident_client, flat)
    response = client.post("/tablet/wellbeing/sharing", data={"share": "mood"})
    assert response.status_code == 303
    assert current_share(anna, flat) is ShareLevel.MOOD


def test_wellbeing_pages_lock_themselves_and_are_not_cached(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    for url in ("/tablet/wellbeing/checkin", "/tablet/wellbeing/mine", "/tablet/wellbeing/help"):
        response = client.get(url)
        assert 'id="autolock"' in text(response) and 'id="still-there"' in text(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_wellbeing_pages_need_a_resident(client, household):
    response = client.get("/tablet/wellbeing/checkin")
    assert response.status_code == 303 and "/tablet/enrol" in response.headers["Location"]


def test_the_today_fragment_shows_the_faces_or_what_was_said(app, household):
    """`_tablet_checkin.html` reads `checkin_today`, handed to it by the today view."""
    from flask import render_template

    from cohousing.wellbeing.services import record_checkin

    anna = current_residents(household)[0]
    context = {"icon": lambda name: "", "icon_name": "heart", "title": "How are you today?"}
    with app.test_request_context():
        faces = render_template("wellbeing/_tablet_checkin.html", checkin_today=None, **context)
        said = record_checkin(household, anna.id, 4)
        done = render_template("wellbeing/_tablet_checkin.html", checkin_today=said, **context)
    assert 'name="mood" value="5"' in faces and "You said" not in faces
    assert "You said: Good" in done and 'name="mood"' not in done


def test_the_sharing_choice_refuses_unknown_levels(resident_client, household):
    client, anna = signed_in(resident_client, household)
    for share in ("all", "mood_tags\x00x", "\x00", ""):
        response = client.post("/tablet/wellbeing/sharing", data={"share": share})
        assert response.status_code == 422
    assert current_share(anna, household) is ShareLevel.MOOD
