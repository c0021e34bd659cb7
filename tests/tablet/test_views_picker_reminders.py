"""Reminders on the faces screen (before anyone signs in), in both languages: who has not
checked in, chores due or overdue, a vote waiting, tonight's meeting, the house's chores
of the day; the greeting at the household's time; nothing in the quiet hours. And the
household settings that set them (coordinators only; bad input next to the field)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from cohousing.community.services import create_meeting, vote
from cohousing.extensions import db
from cohousing.wellbeing.models import WellbeingSettings
from cohousing.wellbeing.services import record_checkin, update_reminders
from tests.fixtures.households import text

MORNING = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 10:00 in Rome


def _remind(household, **times) -> None:
    update_reminders(
        household,
        reminder_at=times.get("at", time(9, 30)),
        quiet_from=times.get("quiet_from"),
        quiet_until=times.get("quiet_until"),
    )
    db.session.commit()


def _card(page: str, name: str) -> str:
    return page.split(name)[1].split("</a>")[0]


def test_the_faces_show_what_waits_for_each_and_the_greeting(
    clock, enrolled_client, chore_house, anna_bianchi, bruno_rossi, poll, turn
):
    clock.set_now(MORNING)
    _remind(chore_house)
    turn(anna_bianchi)
    record_checkin(chore_house, bruno_rossi.id, 4)
    vote(poll, bruno_rossi.id, poll.options[0].id)
    create_meeting(chore_house, MORNING + timedelta(hours=10))  # 20:00 in Rome
    db.session.commit()
    page = text(enrolled_client(chore_house).get("/tablet/"))
    assert "Good morning \u2014 how are you today?" in page
    anna, bruno = _card(page, "Anna Bianchi"), _card(page, "Bruno Rossi")
    assert "Not checked in yet" in anna and "Not checked in yet" not in bruno
    assert "A vote is waiting" in anna and "A vote is waiting" not in bruno
    assert "chore today" in anna or "chores today" in anna
    assert "House meeting tonight at 20:00" in page and "Today in the house" in page
    assert "Clean the kitchen: " in page


def test_the_faces_in_italian(clock, enrolled_client, household, anna_bianchi):
    clock.set_now(MORNING)
    household.locale = "it"
    _remind(household)
    page = text(enrolled_client(household).get("/tablet/"))
    assert "Buongiorno \u2014 come stai oggi?" in page
    assert "Non ha ancora risposto" in _card(page, "Anna Bianchi")


def test_in_the_quiet_hours_the_faces_show_nothing(
    clock, enrolled_client, chore_house, anna_bianchi, poll
):
    clock.set_now(MORNING)
    _remind(chore_house, at=time(7), quiet_from=time(9), quiet_until=time(11))
    page = text(enrolled_client(chore_house).get("/tablet/"))
    assert "how are you today?" not in page and "waiting-chip" not in page
    assert "Today in the house" not in page


def test_coordinators_set_the_reminder_and_quiet_hours(login, client, coordinator, household):
    login(coordinator)
    url = f"/households/{household.id}/wellbeing/settings"
    data = {
        "missed_enabled": "y",
        "missed_days": "2",
        "low_mood_enabled": "y",
        "reminder_at": "09:30",
        "quiet_from": "21:00",
        "quiet_until": "08:00",
    }
    assert client.post(url, data=data).status_code == 303
    settings = db.session.query(WellbeingSettings).filter_by(household_id=household.id).one()
    assert (settings.reminder_at, settings.quiet_from, settings.quiet_until) == (
        time(9, 30),
        time(21),
        time(8),
    )
    assert 'value="09:30"' in text(client.get(url))
    half = client.post(url, data={**data, "quiet_until": ""})
    assert half.status_code == 422 and "Give both times of the quiet hours" in text(half)
    assert 'value="21:00"' in text(half)  # what was typed is kept
    bad = client.htmx("post", url, data={**data, "reminder_at": "25:99"})
    assert bad.status_code == 422 and "Not a valid time value" in text(bad)


def test_workers_and_tablets_cannot_change_them(login, client, worker, enrolled_client, household):
    url = f"/households/{household.id}/wellbeing/settings"
    login(worker)
    assert client.post(url, data={"reminder_at": "09:30"}).status_code == 403
    tablet = enrolled_client(household)
    assert tablet.post(url, data={"reminder_at": "09:30"}).status_code in (302, 303, 403)
    assert (
        db.session.query(WellbeingSettings.reminder_at)
        .filter_by(household_id=household.id)
        .scalar()
        is None
    )
