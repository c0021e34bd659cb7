"""Staff screens: concerns list and page, acknowledge and resolve, household wellbeing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.checkins import current_share, get_settings, record_checkin, set_share
from cohousing.wellbeing.concerns import raise_concern
from cohousing.wellbeing.models import (
    ConcernKind,
    ConcernSource,
    ConcernStatus,
    ShareLevel,
    Urgency,
)
from tests.fixtures.households import text


@pytest.fixture
def concern(household):
    anna = current_residents(household)[0]
    made = raise_concern(
        household,
        ConcernKind.HELP_REQUEST,
        urgency=Urgency.URGENT,
        source=ConcernSource.PERSON,
        person_id=anna.id,
        raised_by_person_id=anna.id,
    )
    db.session.commit()
    return made


def test_the_linked_worker_sees_the_concern_urgent_first(login, worker, household, concern):
    raise_concern(household, ConcernKind.OTHER, dedupe_key="other-1")
    db.session.commit()
    client = login(worker)
    page = text(client.get("/concerns/"))
    assert page.index("Asked for help") < page.index("Other")
    assert "Casa Serena" in page
    assert 'class="badge danger">2' in page  # the bar's count of open concerns
    detail = client.get(f"/concerns/{concern.id}")
    assert detail.status_code == 200 and "Timeline" in text(detail)


def test_an_unlinked_worker_gets_404_and_an_empty_list(
    login, other_worker, other_household, concern
):
    client = login(other_worker)
    assert "Casa Serena" not in text(client.get("/concerns/"))
    assert client.get(f"/concerns/{concern.id}").status_code == 404
    assert client.post(f"/concerns/{concern.id}/acknowledge").status_code == 404
    assert client.post(f"/concerns/{concern.id}/resolve", data={"note": "x"}).status_code == 404
    assert concern.status is ConcernStatus.OPEN


def test_the_filter_answers_htmx_with_the_list_only(login, worker, concern):
    client = login(worker)
    response = client.htmx("get", "/concerns/?status=acknowledged")
    assert "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert page.lstrip().startswith('<div id="concern-list">') and "No concerns here." in page
    assert "Asked for help" in text(client.htmx("get", "/concerns/?status=open"))


def test_a_coordinator_sees_every_concern(login, coordinator, concern):
    client = login(coordinator)
    assert client.get(f"/concerns/{concern.id}").status_code == 200


def test_acknowledge_with_htmx_returns_the_card(login, worker, concern):
    client = login(worker)
    response = client.htmx("post", f"/concerns/{concern.id}/acknowledge")
    assert response.status_code == 200
    page = text(response)
    assert page.startswith("<article") or "<article" in page[:200]
    assert "Acknowledged by Walter Operatore" in page
    assert concern.status is ConcernStatus.ACKNOWLEDGED
    assert concern.acknowledged_by_id == worker.id


def test_acknowledge_plain_redirects(login, worker, concern):
    client = login(worker)
    response = client.post(f"/concerns/{concern.id}/acknowledge", data={"next": "list"})
    assert response.status_code == 303 and response.headers["Location"] == "/concerns/"
    assert concern.status is ConcernStatus.ACKNOWLEDGED


def test_resolve_needs_a_note(login, worker, concern):
    client = login(worker)
    response = client.htmx("post", f"/concerns/{concern.id}/resolve", data={"note": " "})
    assert response.status_code == 422
    assert "Write what was done" in text(response)
    assert concern.status is ConcernStatus.OPEN
    response = client.post(f"/concerns/{concern.id}/resolve", data={"note": "Phoned her."})
    assert response.status_code == 303
    assert concern.status is ConcernStatus.RESOLVED and concern.resolution_note == "Phoned her."
    page = text(client.get("/concerns/?status=resolved"))
    assert "Phoned her." in page


def test_household_wellbeing_follows_the_sharing_choice_and_is_audited(login, worker, household):
    anna, bruno = current_residents(household)
    record_checkin(household, anna.id, 2, ["lonely"], "private words")
    record_checkin(household, bruno.id, 4, ["good_day"], "bruno note")
    set_share(bruno, household, ShareLevel.MOOD_TAGS_NOTE, by_staff_id=worker.id)
    db.session.commit()
    client = login(worker)
    page = text(client.get(f"/households/{household.id}/wellbeing"))
    assert "Bad" in page and "I feel lonely" not in page and "private words" not in page
    assert "bruno note" in page and "I had a good day" in page
    viewed = db.session.scalars(
        select(AuditEvent.subject_person_id).where(AuditEvent.action == "wellbeing.viewed")
    ).all()
    assert sorted(viewed) == sorted([anna.id, bruno.id])
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.detail.contains("private"))
    ).all()


def test_household_wellbeing_other_household_is_404(login, worker, other_household):
    client = login(worker)
    assert client.get(f"/households/{other_household.id}/wellbeing").status_code == 404


def test_a_worker_widens_sharing_with_the_resident(login, worker, household, resident_client):
    anna = current_residents(household)[0]
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}", data={"share": "mood_tags"}
    )
    assert response.status_code == 303
    assert current_share(anna, household) is ShareLevel.MOOD_TAGS
    page = text(resident_client(household, anna, "1234").get("/tablet/wellbeing/mine"))
    assert "(Walter Operatore)" in page


def test_settings_for_managers_only(app, login, worker, coordinator, household):
    assert login(worker).get(f"/households/{household.id}/wellbeing/settings").status_code == 403
    client = login(coordinator, c=app.test_client())
    assert client.get(f"/households/{household.id}/wellbeing/settings").status_code == 200
    response = client.post(
        f"/households/{household.id}/wellbeing/settings",
        data={"missed_enabled": "y", "missed_days": "4", "help_numbers": "Night: 0583 1\n\n"},
    )
    assert response.status_code == 303
    settings = get_settings(household)
    assert (settings.missed_days_alert, settings.low_mood_enabled, settings.help_numbers) == (
        4,
        False,
        "Night: 0583 1",
    )
    response = client.post(
        f"/households/{household.id}/wellbeing/settings",
        data={"missed_enabled": "y", "missed_days": "99"},
    )
    assert response.status_code == 422 and "between 1 and 30" in text(response)
    assert settings.missed_days_alert == 4


def test_concern_pages_need_staff(client, concern):
    response = client.get("/concerns/")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]
