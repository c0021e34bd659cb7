"""What the tablet queued offline, over HTTP: only an enrolled tablet sends it; JSON for the
script (201 recorded, 200 already recorded, 422 refused in the house's language); the
worker sees the check-in came without a PIN. And the worker script, the token, the lock."""

from __future__ import annotations

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.models import CheckIn, Concern
from tests.fixtures.households import text


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_a_queued_checkin_is_recorded_once(enrolled_client, household, anna_bianchi):
    tablet = enrolled_client(household)
    data = {"submission_id": "q-1", "person_id": anna_bianchi.id, "mood": 4, "age_seconds": 300}
    first = tablet.post("/tablet/queue/checkin", data=data)
    assert first.status_code == 201 and first.json == {"recorded": True}
    again = tablet.post("/tablet/queue/checkin", data=data)
    assert again.status_code == 200 and again.json == {"recorded": True}
    assert count(CheckIn) == 1 and db.session.scalar(select(CheckIn)).without_pin


def test_queued_help_is_recorded_once(enrolled_client, household, anna_bianchi):
    tablet = enrolled_client(household)
    data = {"submission_id": "q-2", "age_seconds": 30}
    assert tablet.post("/tablet/queue/help", data=data).status_code == 201
    assert tablet.post("/tablet/queue/help", data=data).status_code == 200
    concern = db.session.scalar(select(Concern))
    assert count(Concern) == 1 and concern.without_pin and concern.person_id is None


def test_bad_or_old_input_is_a_422_with_a_message_in_the_house_language(
    enrolled_client, household, anna_bianchi
):
    household.locale = "it"
    db.session.commit()
    tablet = enrolled_client(household)
    old = {"submission_id": "q-3", "person_id": anna_bianchi.id, "mood": 3, "age_seconds": 90000}
    refused = tablet.post("/tablet/queue/checkin", data=old)
    assert refused.status_code == 422
    assert refused.json["errors"] == ["È stato fatto più di un giorno fa e non è stato inviato."]
    sad = tablet.post("/tablet/queue/checkin", data={**old, "mood": "sad", "age_seconds": 1})
    assert sad.status_code == 422 and sad.json["errors"] == ["Scegli una delle cinque faccine."]
    assert count(CheckIn) == 0


def test_another_households_resident_is_refused(enrolled_client, household, other_household):
    stranger = current_residents(other_household)[0]
    data = {"submission_id": "q-4", "person_id": stranger.id, "mood": 3, "age_seconds": 1}
    for url in ("/tablet/queue/checkin", "/tablet/queue/help"):
        response = enrolled_client(household).post(url, data=data)
        assert response.status_code == 422
    assert count(CheckIn) == 0 and count(Concern) == 0


def test_a_browser_that_is_not_a_tablet_sends_nothing(client, household, anna_bianchi):
    data = {"submission_id": "q-5", "person_id": anna_bianchi.id, "mood": 3, "age_seconds": 1}
    for url in ("/tablet/queue/checkin", "/tablet/queue/help"):
        assert client.post(url, data=data).status_code in (302, 303, 403)
        assert client.htmx("post", url, data=data).status_code in (204, 302, 303, 403)
    for url in ("/tablet/queue/token", "/tablet/sw.js"):
        assert client.get(url).status_code in (302, 303, 403)
    assert count(CheckIn) == 0 and count(Concern) == 0


def test_the_worker_sees_a_checkin_made_without_pin(
    enrolled_client, household, anna_bianchi, login, client, worker
):
    data = {"submission_id": "q-6", "person_id": anna_bianchi.id, "mood": 4, "age_seconds": 1}
    enrolled_client(household).post("/tablet/queue/checkin", data=data)
    login(worker)
    page = text(client.get(f"/households/{household.id}/wellbeing"))
    assert "Made without PIN" in page


def test_the_service_worker_has_a_stable_url_and_names_what_it_keeps(enrolled_client, household):
    tablet = enrolled_client(household)
    worker = tablet.get("/tablet/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
    source = text(worker)
    assert source.startswith("var SETTINGS = {") and '"/static/js/offline.js?v=' in source
    assert '"picker":"/tablet/"' in source and '"lock":"/tablet/lock"' in source
    token = tablet.get("/tablet/queue/token")
    assert token.status_code == 200 and token.json["csrf_token"]


def test_the_lock_tells_the_browser_to_drop_its_cache(resident_client, household, anna_bianchi):
    tablet = resident_client(household, anna_bianchi, "1234")
    response = tablet.post("/tablet/lock")
    assert response.status_code == 303 and response.headers["Clear-Site-Data"] == '"cache"'


def test_the_picker_carries_the_offline_sheet_and_banner(enrolled_client, household):
    page = text(enrolled_client(household).get("/tablet/"))
    assert 'id="offline-sheet"' in page and 'data-offline-mood="5"' in page
    assert "No connection \u2014 what you do is kept and sent when it comes back." in page
    assert 'data-sw-url="/tablet/sw.js"' in page
