"""Generated from the URL map: a page that shows health data writes the access register.

A household is filled with records whose words are markers (a check-in note, a concern's
note and resolution, a visit's observation, a goal): every GET route a linked worker can
open is requested, plain and with `HX-Request`, and every filter of the concern list.
When the answer shows a marker, the register must have new rows by that worker, and the
answer must say `Cache-Control: no-store`; both come from `security.register`, so a page
that shows such data without being listed there fails here the day it is added.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import clock
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.security.register import HEALTH_PAGES
from cohousing.visits.models import VisitKind
from cohousing.visits.services import VisitData, add_goal, log_visit
from cohousing.wellbeing.models import ConcernKind, ConcernStatus, ShareLevel, WellbeingProfile
from cohousing.wellbeing.services import raise_concern, record_checkin, resolve

MARKERS = (
    "Marker-checkin-note",
    "Marker-concern-note",
    "Marker-resolution",
    "Marker-house-concern",
    "Marker-visit-note",
    "Marker-house-visit",
    "Marker-goal",
)


@pytest.fixture
def marked(household, worker):
    anna, bruno = current_residents(household)[:2]
    # what she shares, written directly: how consent changes is not this test's subject
    db.session.add(WellbeingProfile(person_id=anna.id, share=ShareLevel.MOOD_TAGS_NOTE))
    record_checkin(household, anna.id, 2, note="Marker-checkin-note")
    about_anna = raise_concern(
        household, ConcernKind.WORRIED_ABOUT, person_id=anna.id, note="Marker-concern-note"
    )
    done = raise_concern(household, ConcernKind.OTHER, person_id=bruno.id, dedupe_key="done")
    resolve(done, worker, "Marker-resolution")
    house = raise_concern(household, ConcernKind.MEDIATION, note="Marker-house-concern")
    visit = log_visit(
        household,
        VisitData(
            kind=VisitKind.HOME,
            visited_at=clock.now() - timedelta(hours=2),
            person_id=anna.id,
            observations={"emotional_wellbeing": (3, "Marker-visit-note")},
        ),
        staff=worker,
    )
    house_visit = log_visit(
        household,
        VisitData(
            kind=VisitKind.HOME,
            visited_at=clock.now() - timedelta(hours=1),
            agreed_actions="Marker-house-visit",
        ),
        staff=worker,
    )
    goal = add_goal(
        household,
        person_id=anna.id,
        title="Marker-goal",
        steps="",
        review_on=household.today() + timedelta(days=30),
        staff=worker,
    )
    db.session.commit()
    return {
        "household_id": household.id,
        "person_id": anna.id,
        "concern_id": about_anna.id,
        "visit_id": visit.id,
        "goal_id": goal.id,
        "_house_concern": house.id,
        "_house_visit": house_visit.id,
    }


def _urls(app, ids) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "staff.logout"):
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access", None) is None or view.access.kind != "staff":
            continue
        if set(rule.arguments) - set(ids) - {"version", "v"}:
            continue  # ids this household has no record for (an expense, a meeting…)
        values = {a: ids.get(a, 1) for a in rule.arguments}
        urls.append(rule.build(values, append_unknown=False)[1])
    urls += [f"/concerns/?status={s}" for s in [*ConcernStatus, "all"]]
    urls.append(f"/concerns/{ids['_house_concern']}")
    urls.append(f"/households/{ids['household_id']}/visits/{ids['_house_visit']}")
    urls.append(f"/concerns/?household={ids['household_id']}&status=resolved")
    return urls


def _rows_by(staff_id: int) -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.staff_id == staff_id, AuditEvent.action != "access.refused"
        )
    )


def test_every_page_that_shows_health_data_writes_the_register(app, login, worker, marked):
    client = login(worker)
    urls = _urls(app, marked)
    assert len(urls) > 30  # the walk really covers the staff side
    silent, cached, shown = [], [], set()
    for url in urls:
        for htmx in (False, True):
            before = _rows_by(worker.id)
            response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
            page = response.get_data(as_text=True)
            markers = [m for m in MARKERS if m in page]
            if not markers:
                continue
            shown.update(markers)
            if _rows_by(worker.id) == before:
                silent.append(f"{url} htmx={htmx}: shows {markers}, writes no register row")
            if response.headers.get("Cache-Control") != "no-store":
                cached.append(f"{url} htmx={htmx}")
    assert silent == []
    assert cached == []
    assert shown == set(MARKERS)  # each kind of record was found on some page


def test_the_pages_the_issue_named_write_a_row_each_time(login, worker, marked):
    client = login(worker)
    household_id = marked["household_id"]
    for url in (
        *[f"/concerns/?status={s}" for s in ConcernStatus],
        "/dashboard/",
        f"/households/{household_id}/visits",
        f"/concerns/{marked['_house_concern']}",
    ):
        for headers in ({}, {"HX-Request": "true"}):
            before = _rows_by(worker.id)
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            assert _rows_by(worker.id) > before, url
            assert response.headers["Cache-Control"] == "no-store"


def test_a_house_concern_is_a_row_about_each_resident(login, worker, household, marked):
    client = login(worker)
    client.get(f"/concerns/{marked['_house_concern']}")
    subjects = db.session.scalars(
        select(AuditEvent.subject_person_id).where(
            AuditEvent.action == "concern.viewed",
            AuditEvent.detail == f"/concerns/{marked['_house_concern']}",
        )
    ).all()
    assert sorted(subjects) == sorted(p.id for p in current_residents(household))


def test_a_refused_attempt_is_written_too(login, other_worker, marked):
    client = login(other_worker)
    for url in (
        f"/households/{marked['household_id']}/visits",
        f"/concerns/{marked['concern_id']}",
        f"/households/{marked['household_id']}/goals",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"
    refused = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.staff_id == other_worker.id, AuditEvent.action == "access.refused"
        )
    ).all()
    assert len(refused) == 3
    assert all(row.household_id == marked["household_id"] for row in refused)


def test_every_listed_page_exists(app):
    assert set(HEALTH_PAGES) <= set(app.view_functions)
    for endpoint in HEALTH_PAGES:
        assert app.view_functions[endpoint].access.kind in ("staff", "resident")
