"""Email alerts through a real local SMTP server: who gets what, and never the details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.wellbeing.models import (
    ConcernAlert,
    ConcernKind,
    ConcernSource,
)
from cohousing.wellbeing.services import (
    acknowledge,
    deliver_pending,
    raise_concern,
    record_checkin,
    resolve,
    run_scan,
    send_digests,
)
from tests.fixtures.wellbeing import help_request

SECRET_NOTE = "my secret note about the night"


@pytest.fixture(autouse=True)
def _english(worker, coordinator):
    """Staff read English here, so the tests can read the emails (Italian is the default)."""
    worker.preferred_language = coordinator.preferred_language = "en"
    db.session.commit()


urgent = help_request


def test_urgent_goes_at_once_to_the_linked_worker_only(
    app, mailbox, household, worker, other_worker, other_household
):
    urgent(household)
    db.session.commit()
    assert deliver_pending() == 1
    assert [m["To"] for m in mailbox.messages] == [worker.email]
    text = mailbox.text(mailbox.messages[0])
    assert "Casa Serena" in text and "/concerns/" in text
    assert "Anna" not in text  # never the resident's name
    assert not mailbox.to(other_worker.email)


def test_a_failed_send_is_retried_by_the_next_scan(app, household, worker, mailbox):
    app.config["MAIL_PORT"] = 9  # nobody listens
    urgent(household)
    db.session.commit()
    assert deliver_pending() == 0
    alert = db.session.scalar(select(ConcernAlert))
    assert alert.sent_at is None and alert.attempts == 1
    app.config["MAIL_PORT"] = mailbox.port
    assert "1 alert email(s) sent" in run_scan()
    assert alert.sent_at is not None
    assert len(mailbox.to(worker.email)) == 1


def test_escalation_tells_the_coordinators(clock, app, mailbox, household, worker, coordinator):
    urgent(household)
    db.session.commit()
    deliver_pending()
    clock.advance(timedelta(minutes=31))
    run_scan()
    assert len(mailbox.to(coordinator.email)) == 1
    assert "not been acknowledged" in mailbox.text(mailbox.to(coordinator.email)[0])


def test_resolved_tells_everyone_who_was_alerted(
    clock, app, mailbox, household, worker, coordinator, make_staff
):
    concern = urgent(household)
    db.session.commit()
    deliver_pending()
    clock.advance(timedelta(minutes=31))
    run_scan()
    mailbox.messages.clear()
    acknowledge(concern, worker)
    resolve(concern, worker, "Visited, all fine")
    db.session.commit()
    deliver_pending()
    assert [m["To"] for m in mailbox.messages] == [coordinator.email]  # not the resolver
    assert "resolved" in mailbox.text(mailbox.messages[0])
    assert "Visited" not in mailbox.text(mailbox.messages[0])


def test_digest_one_email_per_worker_with_counts(
    app, mailbox, household, worker, other_worker, other_household
):
    for key in ("a", "b"):
        raise_concern(household, ConcernKind.OTHER, dedupe_key=key)
    raise_concern(other_household, ConcernKind.OTHER, dedupe_key="c")
    db.session.commit()
    assert deliver_pending() == 0  # not urgent: waits for the digest
    assert send_digests() == 2
    mine = mailbox.to(worker.email)
    assert len(mine) == 1
    assert "Casa Serena: 2 new concerns" in mailbox.text(mine[0])
    assert "Casa Altrove" not in mailbox.text(mine[0])
    assert send_digests() == 0  # nothing new: no second email


def test_no_email_contains_note_or_tag_text(clock, app, mailbox, flat, worker, coordinator):
    marco, davide = current_residents(flat)
    record_checkin(flat, marco.id, 1, ["lonely", "in_pain"], SECRET_NOTE)
    raise_concern(
        flat,
        ConcernKind.WORRIED_ABOUT,
        source=ConcernSource.PERSON,
        person_id=marco.id,
        raised_by_person_id=davide.id,
        note=SECRET_NOTE,
    )
    urgent(flat)
    db.session.commit()
    clock.advance(timedelta(days=3))
    run_scan()
    send_digests()
    assert len(mailbox.messages) >= 3
    for message in mailbox.messages:
        text = mailbox.text(message).lower()
        for secret in ("secret", "lonely", "pain", "marco", "davide", "very bad", "male"):
            assert secret not in text


def test_urgent_without_a_linked_worker_goes_to_the_coordinators_at_once(
    app, mailbox, make_household, coordinator, other_worker
):
    lonely = make_household("Casa Sola")
    concern = urgent(lonely)
    db.session.commit()
    assert concern.escalated_at is not None
    deliver_pending()
    assert [m["To"] for m in mailbox.messages] == [coordinator.email]


def test_an_alert_is_sent_once_even_if_delivery_runs_twice(app, mailbox, household, worker):
    urgent(household)
    db.session.commit()
    assert deliver_pending() + deliver_pending() == 1
    assert len(mailbox.messages) == 1


def test_a_worker_whose_link_ended_gets_nothing_and_sees_nothing(
    app, mailbox, household, worker, other_worker, login
):
    from cohousing.households.services import current_worker_links, link_worker, unlink_worker

    link_worker(household, other_worker.id, started_on=household.today())
    link = next(lk for lk in current_worker_links(household) if lk.worker_id == worker.id)
    unlink_worker(household, link.id, household.today())
    raise_concern(household, ConcernKind.OTHER, dedupe_key="after-unlink")
    concern = urgent(household)
    db.session.commit()
    deliver_pending()
    send_digests()
    assert not mailbox.to(worker.email)
    assert len(mailbox.to(other_worker.email)) == 2  # the urgent alert and the digest
    client = login(worker)
    assert client.get(f"/concerns/{concern.id}").status_code == 404
    assert "Casa Serena" not in client.get("/concerns/").get_data(as_text=True)


def test_a_claim_left_by_a_process_that_died_expires_and_the_alert_goes_late(
    clock, app, mailbox, household, worker
):
    from cohousing.database import claims

    urgent(household)
    db.session.commit()
    alert = db.session.scalar(select(ConcernAlert))
    assert claims.claim(ConcernAlert, ConcernAlert.id == alert.id) is not None
    db.session.commit()  # claimed, then the process died before sending
    assert deliver_pending() == 0  # a live claim: another process may be sending it
    clock.advance(claims.CLAIM_TTL - timedelta(seconds=1))
    assert deliver_pending() == 0
    clock.advance(timedelta(seconds=2))
    assert deliver_pending() == 1  # expired: sent late, never lost
    assert len(mailbox.to(worker.email)) == 1
    assert alert.sent_at is not None and alert.claimed_at == clock.now()
    assert deliver_pending() == 0


def test_without_a_mail_server_the_email_goes_to_the_outbox_not_the_log(
    app, household, worker, monkeypatch, tmp_path, caplog
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    urgent(household)
    db.session.commit()

    with caplog.at_level("DEBUG"):
        assert deliver_pending() == 1

    (written,) = (tmp_path / "outbox").iterdir()
    assert written.stat().st_mode & 0o777 == 0o600
    assert worker.email in written.read_text() and "Casa Serena" in written.read_text()
    assert "outbox" in caplog.text
    assert worker.email not in caplog.text and "Casa Serena" not in caplog.text
