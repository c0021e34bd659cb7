"""The worker's dashboard, the household summary and the coordinator overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.chores.services import fairness_bars
from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.wellbeing.models import ConcernKind, ConcernStatus, Urgency
from cohousing.wellbeing.services import raise_concern
from tests.fixtures.wellbeing import MALFORMED_NUMBERS


def _concern(app, household, urgency=Urgency.NORMAL, kind=ConcernKind.OTHER):
    with app.test_request_context():
        concern = raise_concern(household, kind, urgency=urgency, note="")
        db.session.commit()
    return concern


def _order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


def _row(html: str, name: str) -> str:
    """The list's line of the household called `name`."""
    return html.split(f">{name}</a>")[1].split("</tr>")[0]


def test_workers_land_on_their_dashboard(client, login, worker):
    login(worker)
    response = client.get("/")
    assert response.headers["Location"].endswith("/dashboard/")


def test_the_most_urgent_household_comes_first(
    app, client, login, worker, make_household, other_household
):
    calm = make_household("A Calm House", workers=(worker,))
    worried = make_household("B Worried House", workers=(worker,))
    urgent = make_household("C Urgent House", workers=(worker,))
    _concern(app, worried)
    _concern(app, urgent, Urgency.URGENT, ConcernKind.HELP_REQUEST)
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert _order(html, [calm.name, worried.name, urgent.name]) == [
        urgent.name,
        worried.name,
        calm.name,
    ]
    assert "Urgent" in html
    assert other_household.name not in html  # not linked: not shown


def test_overdue_visits_come_before_calm_households(
    client, login, worker, make_household, hf_flat, clock
):
    calm = make_household("A Calm House", workers=(worker,))
    clock.advance(timedelta(days=10))
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert _order(html, [calm.name, hf_flat.name]) == [hf_flat.name, calm.name]
    assert "Visit overdue" in html and "3 days late" in html


def test_the_mood_line_hides_when_fewer_than_3_shared(
    client, login, worker, hf_flat, add_checkins, household
):
    two = current_residents(hf_flat)[:2]
    add_checkins(hf_flat, days=5, mood=4, people=two)
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert "Hidden: fewer than 3 residents shared" in _row(html, hf_flat.name)
    add_checkins(hf_flat, days=5, mood=2, people=current_residents(hf_flat)[2:])
    html = client.get("/dashboard/").get_data(as_text=True)
    row = _row(html, hf_flat.name)
    assert "Hidden" not in row and "3.3" in row  # (4 + 4 + 2) / 3 on each of the 5 days


def test_card_facts_participation_and_visits(
    client, login, worker, hf_flat, add_checkins, add_visit
):
    add_checkins(hf_flat, days=7, mood=4)
    add_visit(hf_flat, days_ago=2)
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    row = _row(html, hf_flat.name)
    assert "100%" in row and "Up to date" in row and "Visit overdue" not in row


def test_acknowledge_and_resolve_in_place(app, client, login, worker, household):
    concern = _concern(app, household, Urgency.URGENT, ConcernKind.HELP_REQUEST)
    login(worker)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert f'id="concern-{concern.id}"' in html
    ack = client.htmx("post", f"/concerns/{concern.id}/acknowledge")
    assert ack.status_code == 200
    assert ack.get_data(as_text=True).lstrip().startswith("<article")
    assert concern.status is ConcernStatus.ACKNOWLEDGED
    resolved = client.post(f"/concerns/{concern.id}/resolve", data={"note": "Called her"})
    assert resolved.status_code == 303
    assert concern.status is ConcernStatus.RESOLVED
    html = client.get("/dashboard/").get_data(as_text=True)
    assert f'id="concern-{concern.id}"' not in html


def test_managers_see_all_or_one_workers_caseload(
    app, login, coordinator, worker, household, other_household
):
    client = login(coordinator, c=app.test_client())
    html = client.get("/dashboard/").get_data(as_text=True)
    assert household.name in html and other_household.name in html
    html = client.get(f"/dashboard/?worker={worker.id}").get_data(as_text=True)
    assert household.name in html and other_household.name not in html


def test_the_summary_shows_charts_and_audits_each_resident(
    client, login, worker, hf_flat, add_checkins
):
    add_checkins(hf_flat, days=10, mood=3)
    login(worker)
    response = client.get(f"/dashboard/households/{hf_flat.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for person in current_residents(hf_flat):
        assert f"Mood of {person.display_name}, last 30 days" in html
    assert "Chore fairness" in html
    bars = fairness_bars(hf_flat)  # the very balance residents see on the tablet
    assert bars and all(str(escape(bar.words)) in html for bar in bars)
    assert "Concerns over the last 90 days" in html
    assert html.count("<title id=") >= 4
    events = db.session.scalars(select(AuditEvent).filter_by(action="summary.viewed")).all()
    assert {e.subject_person_id for e in events} == {p.id for p in current_residents(hf_flat)}
    assert all(e.staff_id == worker.id for e in events)


def test_the_summary_of_another_household_is_404_and_writes_only_the_refusal(
    client, login, worker, other_household
):
    login(worker)
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    assert client.get(f"/dashboard/households/{other_household.id}").status_code == 404
    new = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[before:]
    assert [e.action for e in new] == ["access.refused"]


def test_the_summary_speaks_the_households_language(client, login, worker, make_household):
    """A worker who chose no language sees a household's pages in its language."""
    casa = make_household("Casa Italiana", workers=(worker,), locale="it")
    login(worker)
    html = client.get(f"/dashboard/households/{casa.id}").get_data(as_text=True)
    assert '<html lang="it">' in html
    worker.preferred_language = "en"
    db.session.commit()
    html = client.get(f"/dashboard/households/{casa.id}").get_data(as_text=True)
    assert '<html lang="en">' in html


def test_the_summary_htmx_answers_the_fragment(client, login, worker, household):
    login(worker)
    response = client.htmx("get", f"/dashboard/households/{household.id}")
    assert response.get_data(as_text=True).lstrip().startswith('<div id="summary"')
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("value", [*MALFORMED_NUMBERS, "abc", "-1", "0"])
def test_a_malformed_worker_shows_every_household(
    app, login, coordinator, household, other_household, value
):
    client = login(coordinator, c=app.test_client())
    response = client.get("/dashboard/", query_string={"worker": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert household.name in html and other_household.name in html


def test_a_worker_cannot_look_at_another_workers_caseload(
    login, worker, other_worker, household, other_household
):
    client = login(worker)
    html = client.get(f"/dashboard/?worker={other_worker.id}").get_data(as_text=True)
    assert household.name in html and other_household.name not in html


def test_the_overview_is_for_managers(
    app, login, worker, coordinator, household, other_household, make_household
):
    make_household("Senza Operatore", HouseholdKind.ELDERLY)
    client = login(worker, c=app.test_client())
    assert client.get("/dashboard/overview").status_code == 403
    client = login(coordinator, c=app.test_client())
    html = client.get("/dashboard/overview").get_data(as_text=True)
    assert household.name in html and other_household.name in html
    assert "Nobody" in html  # the household without a worker stands out
    assert worker.display_name in html and "caseloads" in html


def test_the_dashboard_htmx_answers_the_list_only(client, login, worker, household):
    login(worker)
    response = client.htmx("get", "/dashboard/")
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="attention"')
    assert household.name in html and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_a_tablet_cannot_open_the_dashboard(enrolled_client, household):
    tablet = enrolled_client(household)
    response = tablet.get("/dashboard/")
    assert response.status_code == 303
    assert "/auth/login" in response.headers["Location"]
