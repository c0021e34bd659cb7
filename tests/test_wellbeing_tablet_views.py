"""The resident's wellbeing screens on the tablet."""

from __future__ import annotations

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.checkins import get_settings
from cohousing.wellbeing.models import CheckIn, Concern, ConcernKind, ShareLevel, Urgency
from tests.fixtures.households import text


def signed_in(resident_client, household, index=0):
    person = current_residents(household)[index]
    pin = {"Anna Bianchi": "1234", "Bruno Rossi": "5678"}[person.display_name]
    return resident_client(household, person, pin), person


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
    assert response.status_code == 204 and response.headers["HX-Redirect"]
    row = db.session.scalar(select(CheckIn))
    assert (row.tags, row.note) == ("lonely,tired", "a long day")
    page = text(client.get("/tablet/wellbeing/checkin/done"))
    assert "a long day" in page and 'value="lonely" checked' in page


def test_bad_mood_and_long_note_get_a_message(resident_client, household):
    client, _anna = signed_in(resident_client, household)
    for mood in ("0", "6", "sad", ""):
        response = client.post("/tablet/wellbeing/checkin", data={"mood": mood})
        assert response.status_code == 422
        assert "Choose one of the five faces." in text(response)
    response = client.post(
        "/tablet/wellbeing/checkin", data={"mood": "3", "extras": "1", "note": "x" * 2001}
    )
    assert response.status_code == 422
    assert "up to 2,000 characters" in text(response)
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_help_raises_an_urgent_concern_and_shows_the_numbers(
    app, resident_client, household, worker, mailbox
):
    get_settings(household).help_numbers = "Night service: 0583 000 000"
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


def test_worried_about_someone_outside_the_household_is_404(
    resident_client, household, other_household
):
    client, _anna = signed_in(resident_client, household)
    zeno = current_residents(other_household)[0]
    response = client.post(
        "/tablet/wellbeing/worried", data={"person_id": zeno.id, "submission_id": "w2"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Concern)) == 0


def test_mine_shows_what_workers_see_and_only_narrowing_is_allowed(resident_client, household):
    client, _anna = signed_in(resident_client, household)  # a family: mood only
    client.post("/tablet/wellbeing/checkin", data={"mood": "5"})
    page = text(client.get("/tablet/wellbeing/mine"))
    assert "Your mood only" in page and "Your notes stay private." in page
    response = client.post("/tablet/wellbeing/sharing", data={"share": "mood_tags_note"})
    assert response.status_code == 422
    assert "together with your worker" in text(response)


def test_a_resident_can_narrow_sharing(resident_client, make_household):
    from cohousing.households.models import HouseholdKind
    from cohousing.wellbeing.checkins import current_share

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
