"""Staff screens of one household: its wellbeing (what residents share), sharing, settings."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.wellbeing.models import (
    ProposalStatus,
    ShareLevel,
    ShareProposal,
    WellbeingProfile,
    WellbeingSettings,
)
from cohousing.wellbeing.services import current_share, get_settings, record_checkin, set_share
from tests.fixtures.households import text
from tests.fixtures.wellbeing import MALFORMED_NUMBERS


def test_household_wellbeing_follows_the_sharing_choice_and_is_audited(login, worker, household):
    anna, bruno = current_residents(household)
    record_checkin(household, anna.id, 2, ["lonely"], "private words")
    record_checkin(household, bruno.id, 4, ["good_day"], "bruno note")
    set_share(bruno, household, ShareLevel.MOOD_TAGS_NOTE, by_person=bruno)
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
    zeno = current_residents(other_household)[0]
    response = client.post(
        f"/households/{other_household.id}/wellbeing/sharing/{zeno.id}",
        data={"share": "mood_tags_note"},
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(WellbeingProfile)) == 0


def test_a_worker_only_proposes_and_the_resident_decides(login, worker, household, resident_client):
    anna = current_residents(household)[0]
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}", data={"share": "mood_tags"}
    )
    assert response.status_code == 303
    assert current_share(anna, household) is ShareLevel.MOOD  # nothing changed alone
    staff_page = text(client.get(response.headers["Location"]))
    assert "Proposed to Anna Bianchi. Nothing changes until they accept it" in staff_page
    assert "Waiting for Anna Bianchi to answer on the house tablet." in staff_page
    [proposal] = db.session.scalars(select(ShareProposal)).all()
    assert proposal.status is ProposalStatus.PENDING

    tablet = resident_client(household, anna, "1234")
    assert "Look and decide" in text(tablet.get("/tablet/today"))
    mine = text(tablet.get("/tablet/wellbeing/mine"))
    assert "Walter Operatore proposes that your workers see" in mine
    answer = tablet.post(
        "/tablet/wellbeing/sharing/answer",
        data={"proposal_id": str(proposal.id), "answer": "accept"},
    )
    assert answer.status_code == 303
    assert current_share(anna, household) is ShareLevel.MOOD_TAGS
    history = text(tablet.get("/tablet/wellbeing/mine"))
    assert "A worker proposed:" in history and "You accepted:" in history
    assert "Look and decide" not in text(tablet.get("/tablet/today"))
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_person_id == anna.id)
    ).all()
    assert {"wellbeing.sharing_proposed", "wellbeing.sharing_accepted"} <= set(actions)


def test_the_resident_refuses_a_proposal_and_nothing_changes(
    login, worker, household, resident_client
):
    anna = current_residents(household)[0]
    login(worker).post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}",
        data={"share": "mood_tags_note"},
    )
    proposal = db.session.scalar(select(ShareProposal))
    tablet = resident_client(household, anna, "1234")
    for _twice in range(2):  # a double tap answers once
        response = tablet.post(
            "/tablet/wellbeing/sharing/answer",
            data={"proposal_id": str(proposal.id), "answer": "refuse"},
        )
    assert response.status_code == 422 and "already answered" in text(response)
    assert current_share(anna, household) is ShareLevel.MOOD
    db.session.expire_all()
    assert db.session.get(ShareProposal, proposal.id).status is ProposalStatus.REFUSED
    assert "You said no to:" in text(tablet.get("/tablet/wellbeing/mine"))


def test_a_housemate_cannot_answer_someone_elses_proposal(
    login, worker, household, resident_client
):
    anna, bruno = current_residents(household)
    login(worker).post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}", data={"share": "mood_tags"}
    )
    proposal = db.session.scalar(select(ShareProposal))
    response = resident_client(household, bruno, "5678").post(
        "/tablet/wellbeing/sharing/answer",
        data={"proposal_id": str(proposal.id), "answer": "accept"},
    )
    assert response.status_code == 422
    assert current_share(anna, household) is ShareLevel.MOOD
    assert db.session.get(ShareProposal, proposal.id).status is ProposalStatus.PENDING


@pytest.mark.parametrize("share", ["everything", "", "\x00", "mood_tags\x00x", "mood"])
def test_an_unknown_or_unchanged_sharing_choice_proposes_nothing(login, worker, household, share):
    anna = current_residents(household)[0]
    client = login(worker)
    response = client.post(
        f"/households/{household.id}/wellbeing/sharing/{anna.id}", data={"share": share}
    )
    assert response.status_code == 422
    page = text(response)
    assert "Choose what the workers can see." in page or "what they share already" in page
    assert db.session.scalar(select(func.count()).select_from(ShareProposal)) == 0
    assert db.session.scalar(select(func.count()).select_from(WellbeingProfile)) == 0


def test_sharing_of_someone_who_moved_out_or_of_another_household_is_404(
    login, worker, household, other_household
):
    bruno = current_residents(household)[1]
    move_out(household, bruno.id, household.today())
    db.session.commit()
    client = login(worker)
    zeno = current_residents(other_household)[0]
    for person in (bruno, zeno):
        response = client.post(
            f"/households/{household.id}/wellbeing/sharing/{person.id}",
            data={"share": "mood_tags"},
        )
        assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(WellbeingProfile)) == 0


def test_settings_for_managers_only(app, login, worker, coordinator, household):
    url = f"/households/{household.id}/wellbeing/settings"
    worker_client = login(worker)
    assert worker_client.get(url).status_code == 403
    assert (
        worker_client.post(url, data={"missed_enabled": "y", "missed_days": "4"}).status_code == 403
    )
    client = login(coordinator, c=app.test_client())
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data={"missed_enabled": "y", "missed_days": "4", "help_numbers": "Night: 0583 1\n\n"},
    )
    assert response.status_code == 303
    assert "Wellbeing settings saved." in text(client.get(response.headers["Location"]))
    settings = get_settings(household)
    assert (settings.missed_days_alert, settings.low_mood_enabled, settings.help_numbers) == (
        4,
        False,
        "Night: 0583 1",
    )
    response = client.post(url, data={"missed_enabled": "y", "missed_days": "99"})
    assert response.status_code == 422 and "between 1 and 30" in text(response)
    assert settings.missed_days_alert == 4


def test_settings_need_the_days_when_the_rule_is_on(app, login, coordinator, household):
    client = login(coordinator, c=app.test_client())
    url = f"/households/{household.id}/wellbeing/settings"
    response = client.post(url, data={"missed_enabled": "y", "missed_days": ""})
    assert response.status_code == 422 and "Write after how many days." in text(response)
    response = client.post(url, data={"help_numbers": "1\n" * 11})
    assert response.status_code == 422 and "Up to 10 numbers" in text(response)
    assert get_settings(household).missed_days_alert is None


@pytest.mark.parametrize("days", MALFORMED_NUMBERS)
def test_malformed_days_get_the_fields_message(app, login, coordinator, household, days):
    client = login(coordinator, c=app.test_client())
    response = client.post(
        f"/households/{household.id}/wellbeing/settings",
        data={"missed_enabled": "y", "missed_days": days, "help_numbers": "Night: 1"},
    )
    assert response.status_code == 422
    assert "Choose between 1 and 30 days." in text(response)
    settings = get_settings(household)
    assert (settings.missed_days_alert, settings.help_numbers) == (None, "")


def test_help_numbers_with_a_nul_character_are_saved_clean(app, login, coordinator, household):
    client = login(coordinator, c=app.test_client())
    response = client.post(
        f"/households/{household.id}/wellbeing/settings",
        data={"help_numbers": "Night\x00: 0583\x00 000 000", "low_mood_enabled": "y\x00"},
    )
    assert response.status_code == 303
    assert get_settings(household).help_numbers == "Night: 0583 000 000"


def test_opening_the_settings_of_an_older_household_writes_nothing(
    app, login, coordinator, household
):
    db.session.execute(delete(WellbeingSettings))  # as before this area existed
    db.session.commit()
    client = login(coordinator, c=app.test_client())
    response = client.get(f"/households/{household.id}/wellbeing/settings")
    assert response.status_code == 200 and 'name="missed_days"' in text(response)
    assert db.session.scalar(select(func.count()).select_from(WellbeingSettings)) == 0
    client.post(f"/households/{household.id}/wellbeing/settings", data={"help_numbers": "Night: 1"})
    assert db.session.scalar(select(WellbeingSettings.help_numbers)) == "Night: 1"
