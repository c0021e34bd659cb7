"""Staff screens for concerns: the list, its badge, one concern, acknowledge and resolve."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.wellbeing.models import ConcernAlert, ConcernEvent, ConcernKind, ConcernStatus
from cohousing.wellbeing.services import deliver_pending, raise_concern, run_scan
from tests.fixtures.households import tag, text
from tests.fixtures.wellbeing import MALFORMED_NUMBERS


def events() -> int:
    return db.session.scalar(select(func.count()).select_from(ConcernEvent))


def test_the_linked_worker_sees_the_concern_urgent_first(login, worker, household, help_concern):
    raise_concern(household, ConcernKind.OTHER, dedupe_key="other-1")
    db.session.commit()
    client = login(worker)
    page = text(client.get("/concerns/"))
    assert page.index("Asked for help") < page.index("Other")
    assert "Casa Serena" in page
    detail = client.get(f"/concerns/{help_concern.id}")
    assert detail.status_code == 200 and "Timeline" in text(detail)
    viewed = db.session.scalars(
        select(AuditEvent).filter_by(action="concern.viewed", detail=f"/concerns/{help_concern.id}")
    ).all()
    assert [(e.staff_id, e.subject_person_id) for e in viewed] == [
        (worker.id, help_concern.person_id)
    ]


def test_the_staff_bar_loads_its_badge_and_the_badge_counts_per_user(
    app, login, worker, other_worker, coordinator, household, other_household, help_concern
):
    raise_concern(household, ConcernKind.OTHER, dedupe_key="other-1")
    raise_concern(other_household, ConcernKind.OTHER, dedupe_key="other-2")
    db.session.commit()
    client = login(worker)
    page = text(client.get("/concerns/"))
    badge = tag(page, "concern-badge")
    assert 'hx-get="/concerns/badge"' in badge and 'hx-trigger="load' in badge
    assert 'class="badge danger">2' not in page  # the page itself counts nothing
    assert 'class="badge danger">2<' in text(client.get("/concerns/badge"))
    olga = login(other_worker, c=app.test_client())
    assert 'class="badge danger">1<' in text(olga.get("/concerns/badge"))
    carla = login(coordinator, c=app.test_client())
    assert 'class="badge danger">3<' in text(carla.get("/concerns/badge"))


def test_the_badge_is_empty_without_open_concerns_and_writes_nothing(login, worker, household):
    client = login(worker)
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.get("/concerns/badge")
    assert response.status_code == 200 and "badge danger" not in text(response)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_the_badge_needs_staff(client, enrolled_client, household):
    response = client.get("/concerns/badge")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]
    assert enrolled_client(household).get("/concerns/badge").status_code == 303


def test_an_unlinked_worker_gets_404_and_an_empty_list(
    login, other_worker, other_household, help_concern
):
    client = login(other_worker)
    assert "Casa Serena" not in text(client.get("/concerns/"))
    assert client.get(f"/concerns/{help_concern.id}").status_code == 404
    assert client.post(f"/concerns/{help_concern.id}/acknowledge").status_code == 404
    response = client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "x"})
    assert response.status_code == 404
    assert client.get(f"/concerns/?household={help_concern.household_id}").status_code == 404
    assert help_concern.status is ConcernStatus.OPEN


def test_the_filter_answers_htmx_with_the_list_only(login, worker, help_concern):
    client = login(worker)
    response = client.htmx("get", "/concerns/?status=acknowledged")
    assert "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert page.lstrip().startswith('<div id="concern-list">') and "No concerns here." in page
    assert "Asked for help" in text(client.htmx("get", "/concerns/?status=open"))


def test_the_list_of_one_household(login, worker, household, help_concern):
    client = login(worker)
    page = text(client.get(f"/concerns/?household={household.id}"))
    assert "Concerns: Casa Serena" in page and "Asked for help" in page


@pytest.mark.parametrize("value", [*MALFORMED_NUMBERS, "abc", "0", "-3"])
def test_a_malformed_household_filter_is_no_filter(login, worker, help_concern, value):
    client = login(worker)
    response = client.get("/concerns/", query_string={"household": value, "status": value})
    assert response.status_code == 200
    assert "Asked for help" in text(response)


def test_a_coordinator_sees_every_concern(login, coordinator, help_concern):
    client = login(coordinator)
    assert client.get(f"/concerns/{help_concern.id}").status_code == 200


def test_acknowledge_with_htmx_returns_the_card(login, worker, help_concern):
    client = login(worker)
    response = client.htmx("post", f"/concerns/{help_concern.id}/acknowledge")
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "concerns-changed"  # the badge reloads
    page = text(response)
    assert "<article" in page[:200]
    assert "Acknowledged by Walter Operatore" in page
    assert help_concern.status is ConcernStatus.ACKNOWLEDGED
    assert help_concern.acknowledged_by_id == worker.id


def test_acknowledge_plain_redirects(login, worker, help_concern):
    client = login(worker)
    response = client.post(f"/concerns/{help_concern.id}/acknowledge", data={"next": "list"})
    assert response.status_code == 303 and response.headers["Location"] == "/concerns/"
    assert help_concern.status is ConcernStatus.ACKNOWLEDGED


def test_acknowledging_twice_changes_nothing_more(login, worker, help_concern):
    client = login(worker)
    client.post(f"/concerns/{help_concern.id}/acknowledge")
    count = events()
    response = client.post(f"/concerns/{help_concern.id}/acknowledge")
    assert response.status_code == 303 and events() == count


def test_resolve_needs_a_note(login, worker, help_concern):
    client = login(worker)
    for note in (" ", "\x00\x00"):
        response = client.htmx("post", f"/concerns/{help_concern.id}/resolve", data={"note": note})
        assert response.status_code == 422
        assert "Write what was done" in text(response)
    assert help_concern.status is ConcernStatus.OPEN
    response = client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "Phoned\x00 her."})
    assert response.status_code == 303
    assert help_concern.status is ConcernStatus.RESOLVED
    assert help_concern.resolution_note == "Phoned her."
    page = text(client.get("/concerns/?status=resolved"))
    assert "Phoned her." in page


def test_resolving_a_resolved_concern_is_refused(login, worker, help_concern):
    client = login(worker)
    client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "Done."})
    count = events()
    response = client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "Again."})
    assert response.status_code == 422 and "Again." not in text(response)
    assert events() == count and help_concern.resolution_note == "Done."


def test_a_too_long_resolution_note_is_refused(login, worker, help_concern):
    client = login(worker)
    response = client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "x" * 2001})
    assert response.status_code == 422 and "up to 2,000 characters" in text(response)
    assert help_concern.status is ConcernStatus.OPEN


def test_resolving_tells_those_alerted_once_committed(
    clock, login, worker, coordinator, mailbox, help_concern
):
    """The coordinator was alerted by the escalation: resolving tells them at once."""
    worker.preferred_language = coordinator.preferred_language = "en"
    db.session.commit()
    deliver_pending()
    clock.advance(timedelta(minutes=31))
    run_scan()
    assert len(mailbox.to(coordinator.email)) == 1
    client = login(worker)
    response = client.post(f"/concerns/{help_concern.id}/resolve", data={"note": "Visited."})
    assert response.status_code == 303
    closed = mailbox.to(coordinator.email)[1:]
    assert len(closed) == 1 and "resolved" in mailbox.text(closed[0])
    assert not db.session.scalars(select(ConcernAlert).filter_by(sent_at=None)).all()


def test_concern_pages_need_staff(client, help_concern):
    response = client.get("/concerns/")
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


def test_take_it_and_resolve_send_the_history_along(login, worker, help_concern):
    """The concern's page shows its history; htmx swaps the new one in without a reload."""
    client = login(worker)
    page = text(client.get(f"/concerns/{help_concern.id}"))
    assert 'id="concern-timeline"' in page and 'hx-swap-oob="true"' not in page
    here = {"HX-Current-URL": f"http://localhost/concerns/{help_concern.id}"}
    taken = text(client.htmx("post", f"/concerns/{help_concern.id}/acknowledge", headers=here))
    history = taken[taken.index('id="concern-timeline"') :]
    assert 'hx-swap-oob="true"' in history and ": Acknowledged (Walter Operatore)" in history
    note = {"note": "Phoned her."}
    resolved = text(
        client.htmx("post", f"/concerns/{help_concern.id}/resolve", data=note, headers=here)
    )
    history = resolved[resolved.index('id="concern-timeline"') :]
    assert ": Resolved (Walter Operatore): Phoned her." in history


def test_from_the_list_no_history_is_sent(login, worker, help_concern):
    listed = text(login(worker).htmx("post", f"/concerns/{help_concern.id}/acknowledge"))
    assert "Acknowledged by Walter Operatore" in listed
    assert 'id="concern-timeline"' not in listed  # the list has no history to replace


def test_the_resolve_box_has_its_label(login, worker, help_concern):
    page = text(login(worker).get(f"/concerns/{help_concern.id}"))
    box = f"resolve-note-{help_concern.id}"
    assert f'<label for="{box}">' in page and f'id="{box}"' in page
