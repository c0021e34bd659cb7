"""Help without a PIN on the house tablet: "I need help" and 112 on the faces screen and
the locked-out screen; tap a face or "someone in the house"; once per tap; a calm message
after a few; workers see it came without a PIN; only an enrolled tablet (plain and htmx)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.wellbeing.models import Concern
from cohousing.wellbeing.services import HELP_PER_WINDOW
from tests.fixtures.households import text


def count_concerns() -> int:
    return db.session.scalar(select(func.count(Concern.id)))


def token(page: str) -> str:
    return re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)


def test_the_faces_screen_has_help_and_the_emergency_number(enrolled_client, household):
    page = text(enrolled_client(household).get("/tablet/"))
    assert 'href="/tablet/help"' in page and "I need help" in page
    assert 'href="tel:112"' in page and "Emergency: 112" in page


def test_the_locked_out_screen_has_them_too_plain_and_htmx(
    enrolled_client, household, anna_bianchi
):
    client = enrolled_client(household)
    for _ in range(4):
        client.post(f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    locked = client.htmx("post", f"/tablet/pin/{anna_bianchi.id}", data={"pin": "0000"})
    assert "Locked for safety" in text(locked) and 'href="/tablet/help"' in text(locked)
    page = text(client.get(f"/tablet/pin/{anna_bianchi.id}"))
    assert 'href="/tablet/help"' in page and 'href="tel:112"' in page


def test_tapping_a_face_asks_for_help_without_a_pin(
    enrolled_client, household, anna_bianchi, bruno_rossi, login, client, worker
):
    tablet = enrolled_client(household)
    page = text(tablet.get("/tablet/help"))
    assert "Anna Bianchi" in page and "Bruno Rossi" in page and "Someone in the house" in page
    assert "You do not need your PIN." in page
    data = {"submission_id": token(page), "person_id": str(anna_bianchi.id)}
    response = tablet.post("/tablet/help", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/tablet/help/asked"
    again = tablet.post("/tablet/help", data=data)  # a double tap
    assert again.status_code == 303 and count_concerns() == 1
    assert "Your workers have been told." in text(tablet.get("/tablet/help/asked"))
    concern = db.session.scalar(select(Concern))
    assert concern.without_pin and concern.person_id == anna_bianchi.id
    login(worker)
    card = text(client.get(f"/concerns/{concern.id}"))
    assert "without a PIN: it may not be this person who pressed" in card


def test_someone_in_the_house_with_htmx(enrolled_client, household):
    tablet = enrolled_client(household)
    data = {"submission_id": token(text(tablet.get("/tablet/help"))), "person_id": ""}
    response = tablet.htmx("post", "/tablet/help", data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/tablet/help/asked"
    assert db.session.scalar(select(Concern.person_id)) is None


def test_after_a_few_a_calm_message_and_the_number(enrolled_client, household):
    tablet = enrolled_client(household)
    for n in range(HELP_PER_WINDOW + 1):
        response = tablet.post("/tablet/help", data={"submission_id": f"tap-{n}"})
    assert response.headers["Location"] == "/tablet/help/asked?again=1"
    page = text(tablet.get(response.headers["Location"]))
    assert "Help was already asked from this tablet a few minutes ago." in page
    assert 'href="tel:112"' in page
    assert count_concerns() == HELP_PER_WINDOW


def test_another_households_resident_is_a_message_not_a_concern(
    enrolled_client, household, zeno_verdi
):
    tablet = enrolled_client(household)
    response = tablet.post(
        "/tablet/help", data={"submission_id": "t1", "person_id": str(zeno_verdi.id)}
    )
    assert response.status_code == 422 and "Tap your face" in text(response)
    assert count_concerns() == 0
    made_up = tablet.post("/tablet/help", data={"submission_id": "t2", "person_id": "²"})
    assert made_up.status_code == 422 and count_concerns() == 0


def test_only_an_enrolled_tablet(client, login, worker):
    assert client.get("/tablet/help").headers["Location"].endswith("/tablet/enrol")
    refused = client.post("/tablet/help", data={"submission_id": "x"})
    assert refused.status_code == 303 and count_concerns() == 0
    login(worker)
    assert client.get("/tablet/help").status_code == 303  # staff have no tablet here


def test_the_help_pages_are_not_cached_and_return_to_the_faces(enrolled_client, household):
    response = enrolled_client(household).get("/tablet/help")
    assert response.headers["Cache-Control"] == "no-store"
    assert 'id="autoreturn"' in text(response)
