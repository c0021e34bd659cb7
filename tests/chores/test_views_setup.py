"""Staff set-up of who takes part: capacity shares and exclusions, absences; bad input
keeps what was typed and saves nothing; workers read but cannot change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cohousing.chores.models import (
    Absence,
    AssignmentStatus,
    CapacityShare,
    ChoreAssignment,
    ChoreExclusion,
)
from cohousing.extensions import db
from tests.fixtures.chores import TODAY, active_chore, chores_url, count, people_form
from tests.fixtures.households import text

# --- who takes part -------------------------------------------------------------------


def test_capacity_and_exclusions_are_saved_and_replanned(
    chores_coordinator, chore_house, residents
):
    anna, bruno = residents
    kitchen = active_chore("Clean the kitchen")
    page = text(chores_coordinator.get(chores_url(chore_house, "/people")))
    assert f'name="out-{kitchen.id}-{anna.id}"' in page and ">0.5<" in page
    data = people_form(
        residents, **{f"capacity-{bruno.id}": "50", f"out-{kitchen.id}-{anna.id}": "1"}
    )
    response = chores_coordinator.post(chores_url(chore_house, "/people"), data=data)
    assert response.status_code == 303
    share = db.session.scalar(select(CapacityShare).filter_by(person_id=bruno.id))
    assert share.share_hundredths == 50
    assert count(ChoreExclusion, chore_id=kitchen.id, person_id=anna.id) == 1
    future = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.chore_id == kitchen.id,
            ChoreAssignment.due_on >= TODAY,
            ChoreAssignment.status == AssignmentStatus.PLANNED,
        )
    ).all()
    assert future and all(t.person_id == bruno.id for t in future)
    # and back: unticking includes her again
    chores_coordinator.post(chores_url(chore_house, "/people"), data=people_form(residents))
    assert count(ChoreExclusion) == 0


def test_a_capacity_outside_the_list_is_refused(chores_coordinator, chore_house, residents):
    anna = residents[0]
    data = people_form(residents, **{f"capacity-{anna.id}": "999"})
    response = chores_coordinator.post(chores_url(chore_house, "/people"), data=data)
    assert response.status_code == 422
    assert "Choose one of the shares in the list." in text(response)
    assert count(CapacityShare) == 0


def test_a_chore_nobody_can_do_is_planned_for_nobody_and_said_so(
    chores_coordinator, chore_house, residents
):
    kitchen = active_chore("Clean the kitchen")
    data = people_form(residents, **{f"out-{kitchen.id}-{p.id}": "1" for p in residents})
    assert chores_coordinator.post(chores_url(chore_house, "/people"), data=data).status_code == 303
    future = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.chore_id == kitchen.id, ChoreAssignment.due_on >= TODAY
        )
    ).all()
    assert len(future) == 14 and all(t.person_id is None for t in future)
    page = text(chores_coordinator.get(chores_url(chore_house)))
    assert "14 turns in the next two weeks have nobody who can do them" in page
    assert "Nobody could take it" in page


# --- absences -------------------------------------------------------------------------


def test_an_absence_ending_before_it_starts_keeps_the_form_and_saves_nothing(
    chores_coordinator, chore_house, residents
):
    data = {
        "person_id": residents[0].id,
        "kind": "hospital",
        "starts_on": "2026-12-10",
        "ends_on": "2026-12-01",
    }
    response = chores_coordinator.post(chores_url(chore_house, "/absences"), data=data)
    page = text(response)
    assert response.status_code == 422
    assert "The last day cannot be before the first day." in page
    assert 'value="2026-12-10"' in page and 'value="2026-12-01"' in page
    assert count(Absence) == 0


def test_overlapping_absences_are_merged_and_said_so(chores_coordinator, chore_house, residents):
    anna = residents[0]
    first = {
        "person_id": anna.id,
        "kind": "holiday",
        "starts_on": "2026-11-27",
        "ends_on": "2026-11-29",
    }
    assert (
        chores_coordinator.post(chores_url(chore_house, "/absences"), data=first).status_code == 303
    )
    second = dict(first, starts_on="2026-11-29", ends_on="2026-12-02")
    response = chores_coordinator.post(chores_url(chore_house, "/absences"), data=second)
    page = text(chores_coordinator.get(response.headers["Location"]))
    assert "they are now one" in page
    absence = db.session.scalar(select(Absence))
    assert (absence.starts_on, absence.ends_on) == (date(2026, 11, 27), date(2026, 12, 2))
    assert count(Absence) == 1
    away = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.due_on.between(absence.starts_on, absence.ends_on)
        )
    ).all()
    assert away and all(t.person_id != anna.id for t in away)
    removed = chores_coordinator.post(chores_url(chore_house, f"/absences/{absence.id}/delete"))
    assert removed.status_code == 303 and count(Absence) == 0


def test_a_worker_cannot_add_an_absence(chores_worker, chore_house, residents):
    data = {
        "person_id": residents[0].id,
        "kind": "holiday",
        "starts_on": "2026-11-27",
        "ends_on": "2026-11-29",
    }
    assert chores_worker.post(chores_url(chore_house, "/absences"), data=data).status_code == 403
    assert count(Absence) == 0
