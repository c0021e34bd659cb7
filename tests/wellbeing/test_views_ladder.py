"""The ladder from the household's wellbeing settings (coordinators only; another
household's resident is a 404; bad input next to the field, kept), and the housemate's
face on the picker once the ladder asks them."""

from __future__ import annotations

from datetime import UTC, datetime, time

from cohousing.chores.models import Absence
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.staff.models import Role
from cohousing.wellbeing.models import CheckinBuddy, WellbeingSettings
from cohousing.wellbeing.services import scan, set_buddy, update_ladder, update_reminders
from tests.fixtures.households import text

SETTINGS = {
    "missed_enabled": "y",
    "missed_days": "2",
    "low_mood_enabled": "y",
    "reminder_at": "09:00",
    "ladder_housemate_after": "30",
    "ladder_worker_after": "60",
    "ladder_coordinators_after": "120",
}


def test_coordinators_set_the_ladder(login, client, coordinator, household):
    login(coordinator)
    url = f"/households/{household.id}/wellbeing/settings"
    assert client.post(url, data=SETTINGS).status_code == 303
    settings = db.session.query(WellbeingSettings).filter_by(household_id=household.id).one()
    assert (
        settings.ladder_housemate_after,
        settings.ladder_worker_after,
        settings.ladder_coordinators_after,
    ) == (30, 60, 120)
    page = text(client.get(url))
    assert "When nobody checked in" in page and 'value="120"' in page
    wrong = client.post(url, data={**SETTINGS, "ladder_worker_after": "10"})
    assert wrong.status_code == 422
    assert "A later step cannot come before an earlier one." in text(wrong)
    assert 'value="10"' in text(wrong)
    huge = client.htmx("post", url, data={**SETTINGS, "ladder_worker_after": "99999"})
    assert huge.status_code == 422 and "Between 0 and 1,440 minutes." in text(huge)


def test_the_ladder_settings_in_italian(login, client, make_staff, household):
    login(make_staff(Role.COORDINATOR, language="it"))
    page = text(client.get(f"/households/{household.id}/wellbeing/settings"))
    assert "Quando nessuno ha risposto" in page and "Il coinquilino chiamato per primo" in page


def test_a_coordinator_records_the_housemate_who_agreed(
    login, client, coordinator, household, other_household
):
    anna, bruno = current_residents(household)[:2]
    login(coordinator)
    url = f"/households/{household.id}/wellbeing/buddy/{anna.id}"
    assert client.post(url, data={"buddy_id": bruno.id}).status_code == 303
    assert db.session.query(CheckinBuddy.buddy_id).filter_by(person_id=anna.id).scalar() == bruno.id
    self_ask = client.post(url, data={"buddy_id": anna.id})
    assert self_ask.status_code == 422
    assert "Choose a housemate who lives here now." in text(self_ask)
    stranger = current_residents(other_household)[0]
    other_url = f"/households/{household.id}/wellbeing/buddy/{stranger.id}"
    assert client.post(other_url, data={"buddy_id": bruno.id}).status_code == 404
    assert client.post(url, data={"buddy_id": ""}).status_code == 303  # nobody
    assert db.session.query(CheckinBuddy).count() == 0


def test_workers_cannot_choose_the_housemate(login, client, worker, household):
    anna, bruno = current_residents(household)[:2]
    login(worker)
    url = f"/households/{household.id}/wellbeing/buddy/{anna.id}"
    assert client.post(url, data={"buddy_id": bruno.id}).status_code == 403


def test_the_housemate_sees_it_on_their_face(clock, enrolled_client, household, worker):
    anna, bruno = current_residents(household)[:2]
    update_reminders(household, reminder_at=time(9), quiet_from=None, quiet_until=None)
    update_ladder(household, housemate_after=60, worker_after=None, coordinators_after=None)
    set_buddy(household, anna.id, bruno.id)
    db.session.commit()
    at = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # 10:30 in Rome
    scan(at)
    db.session.commit()
    clock.set_now(at)
    page = text(enrolled_client(household).get("/tablet/"))
    bruno_card = page.split("Bruno Rossi</span>")[1].split("</a>")[0]
    assert "Could you look in on Anna Bianchi?" in bruno_card


def test_a_resident_pauses_while_away_and_the_ladder_stops(
    clock, resident_client, household, anna_bianchi, worker
):
    update_reminders(household, reminder_at=time(9), quiet_from=None, quiet_until=None)
    update_ladder(household, housemate_after=None, worker_after=60, coordinators_after=None)
    db.session.commit()
    tablet = resident_client(household, anna_bianchi, "1234")
    assert "Going away?" in text(tablet.get("/tablet/wellbeing/mine"))
    past = tablet.post("/tablet/wellbeing/away", data={"until": "2026-11-01"})
    assert past.status_code == 422 and "Choose a day from today on." in text(past)
    far = tablet.htmx("post", "/tablet/wellbeing/away", data={"until": "2027-06-01"})
    assert far.status_code == 422 and 'value="2027-06-01"' in text(far)
    done = tablet.post("/tablet/wellbeing/away", data={"until": "2026-11-28"})
    assert done.status_code == 303
    away = db.session.query(Absence).filter_by(person_id=anna_bianchi.id).one()
    assert (away.starts_on.isoformat(), away.ends_on.isoformat()) == ("2026-11-25", "2026-11-28")
    rungs = scan(datetime(2026, 11, 25, 11, 0, tzinfo=UTC)).ladder
    assert anna_bianchi.id not in {r.person_id for r in rungs}


def test_only_the_signed_in_resident_pauses(enrolled_client, household):
    response = enrolled_client(household).post(
        "/tablet/wellbeing/away", data={"until": "2026-11-28"}
    )
    assert response.status_code in (302, 303, 403)
