"""Chore turns are planned by the daily job and by the writes that change the plan, never
by showing a page: the pages show what is planned and write nothing; the job extends a plan
that ran short; a page opened right after a write shows its turns; the demo has a rota."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from cohousing.chores.models import Absence, AbsenceKind, AssignmentStatus, ChoreAssignment
from cohousing.chores.services import add_absence, plan_all_households, request_swap
from cohousing.extensions import db
from tests.fixtures.chores import (
    TODAY,
    active_chore,
    chore_form,
    chores_url,
    count,
    people_form,
)
from tests.fixtures.households import text

LAST_DAY = TODAY + timedelta(days=13)
SHORT_UNTIL = TODAY + timedelta(days=3)
NEXT_WEEK = "2026-W49"  # 30 November to 6 December: past the short plan


def run_short(household) -> None:
    """The daily job did not run: the plan ends three days from today."""
    db.session.execute(
        delete(ChoreAssignment).where(
            ChoreAssignment.household_id == household.id, ChoreAssignment.due_on > SHORT_UNTIL
        )
    )
    db.session.commit()


def last_planned(household):
    return db.session.scalar(
        select(func.max(ChoreAssignment.due_on)).where(ChoreAssignment.household_id == household.id)
    )


def days_planned(household, chore) -> set:
    return set(
        db.session.scalars(
            select(ChoreAssignment.due_on).where(
                ChoreAssignment.chore_id == chore.id, ChoreAssignment.due_on >= TODAY
            )
        )
    )


# --- pages show what is planned, and write nothing ----------------------------------------


def test_the_week_shows_what_is_planned_and_the_job_extends_a_plan_that_ran_short(
    app, anna_chores_tablet, chore_house
):
    run_short(chore_house)
    before = count(ChoreAssignment)
    page = text(anna_chores_tablet.get(f"/tablet/chores/week?week={NEXT_WEEK}"))
    assert "Week of 30 November 2026" in page
    assert page.count("No chores.") == 7  # nothing planned that week yet, and none added
    assert count(ChoreAssignment) == before and last_planned(chore_house) == SHORT_UNTIL
    result = app.test_cli_runner().invoke(args=["cohousing", "plan-chores"])
    assert result.exit_code == 0, result.output
    assert last_planned(chore_house) == LAST_DAY
    page = text(anna_chores_tablet.get(f"/tablet/chores/week?week={NEXT_WEEK}"))
    assert "Clean the kitchen" in page and page.count("No chores.") == 0


@pytest.mark.parametrize(
    "path",
    [
        "/tablet/today",
        "/tablet/chores",
        "/tablet/chores/week",
        f"/tablet/chores/week?week={NEXT_WEEK}",
        "/tablet/chores/away",
        "/tablet/chores/calendar",
    ],
)
def test_no_tablet_page_plans_while_it_is_shown(anna_chores_tablet, chore_house, path):
    run_short(chore_house)
    before = count(ChoreAssignment)
    response = anna_chores_tablet.get(path)
    assert response.status_code == 200
    assert count(ChoreAssignment) == before and last_planned(chore_house) == SHORT_UNTIL


@pytest.mark.parametrize("path", ["", f"?week={NEXT_WEEK}", "/print", "/people", "/new"])
def test_no_staff_page_plans_while_it_is_shown(chores_coordinator, chore_house, path):
    run_short(chore_house)
    before = count(ChoreAssignment)
    assert chores_coordinator.get(chores_url(chore_house, path)).status_code == 200
    fragment = chores_coordinator.htmx("get", chores_url(chore_house, path))
    assert fragment.status_code == 200
    assert count(ChoreAssignment) == before and last_planned(chore_house) == SHORT_UNTIL


# --- the writes that change the plan plan it themselves ------------------------------------


def _new_chore(client, household, residents):
    return client.post(chores_url(household, "/new"), data=chore_form(weekdays=["0", "2"]))


def _edit(client, household, residents):
    chore = active_chore("Take out the rubbish")
    data = chore_form(name="Take out the rubbish", recurrence_kind="daily", submission_id="")
    return client.post(chores_url(household, f"/{chore.id}/edit"), data=data)


def _stop(client, household, residents):
    chore = active_chore("Take out the rubbish")
    return client.post(chores_url(household, f"/{chore.id}/active"), data={"active": "0"})


def _people(client, household, residents):
    data = people_form(residents, **{f"capacity-{residents[1].id}": "50"})
    return client.post(chores_url(household, "/people"), data=data)


def _absence(client, household, residents):
    day = (TODAY + timedelta(days=8)).isoformat()
    data = {"person_id": residents[0].id, "kind": "holiday", "starts_on": day, "ends_on": day}
    return client.post(chores_url(household, "/absences"), data=data)


def _absence_removed(client, household, residents):
    absence = db.session.scalar(select(Absence).filter_by(household_id=household.id))
    return client.post(chores_url(household, f"/absences/{absence.id}/delete"))


WRITES = {
    "a chore added": _new_chore,
    "a chore edited": _edit,
    "a chore stopped": _stop,
    "who takes part": _people,
    "an absence recorded": _absence,
    "an absence deleted": _absence_removed,
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_a_write_that_changes_the_plan_plans_the_14_days_ahead(
    chores_coordinator, chore_house, residents, write
):
    add_absence(chore_house, residents[0].id, AbsenceKind.HOLIDAY, TODAY, TODAY)
    db.session.commit()
    run_short(chore_house)
    response = WRITES[write](chores_coordinator, chore_house, residents)
    assert response.status_code == 303, text(response)[:2000]
    kitchen = active_chore("Clean the kitchen")
    assert days_planned(chore_house, kitchen) == {TODAY + timedelta(days=i) for i in range(14)}
    page = text(chores_coordinator.get(chores_url(chore_house, f"?week={NEXT_WEEK}")))
    assert "Clean the kitchen" in page and "Week of 30 November 2026" in page


def test_a_swap_answered_plans_the_14_days_ahead(
    anna_chores_tablet, bruno_chores_tablet, chore_house, residents
):
    anna, bruno = residents
    asked = db.session.scalar(select(ChoreAssignment).filter_by(due_on=SHORT_UNTIL).limit(1))
    owner, other = (anna, bruno) if asked.person_id == anna.id else (bruno, anna)
    tablet = bruno_chores_tablet if other is bruno else anna_chores_tablet
    swap = request_swap(asked, owner, other.id)
    db.session.commit()
    run_short(chore_house)
    response = tablet.post(f"/tablet/chores/swaps/{swap.id}", data={"answer": "yes"})
    assert response.status_code == 303
    assert last_planned(chore_house) == LAST_DAY
    assert db.session.get(ChoreAssignment, asked.id).person_id == other.id
    page = text(tablet.get(f"/tablet/chores/week?week={NEXT_WEEK}"))
    assert "Clean the kitchen" in page and page.count("No chores.") == 0


# --- the daily job and the demo -------------------------------------------------------


def test_plan_chores_extends_every_household(app, chore_house):
    db.session.execute(ChoreAssignment.__table__.delete().where(ChoreAssignment.due_on > TODAY))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cohousing", "plan-chores"])
    assert result.exit_code == 0, result.output
    last = db.session.scalar(select(func.max(ChoreAssignment.due_on)))
    assert last == LAST_DAY
    again = app.test_cli_runner().invoke(args=["cohousing", "plan-chores"])
    assert again.exit_code == 0


def test_the_daily_job_plans_every_active_household_and_keeps_what_is_planned(
    chore_house, other_household
):
    run_short(chore_house)
    kept = {
        (a.chore_id, a.due_on): a.person_id for a in db.session.scalars(select(ChoreAssignment))
    }
    assert plan_all_households() >= 2
    assert last_planned(chore_house) == LAST_DAY == last_planned(other_household)
    after = {
        (a.chore_id, a.due_on): a.person_id for a in db.session.scalars(select(ChoreAssignment))
    }
    assert {key: after[key] for key in kept} == kept


def test_the_demo_has_a_14_day_rota_and_a_history(app):
    from cohousing.chores.demo import add_chores_demo
    from cohousing.households.models import Household

    assert app.test_cli_runner().invoke(args=["cohousing", "demo"]).exit_code == 0
    for household in db.session.scalars(select(Household)):
        ahead = db.session.scalars(
            select(ChoreAssignment).where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.due_on.between(TODAY, LAST_DAY),
            )
        ).all()
        assert {a.due_on for a in ahead} >= {TODAY, LAST_DAY}
        assert all(a.person_id is not None for a in ahead)
        done = db.session.scalar(
            select(func.count())
            .select_from(ChoreAssignment)
            .where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.status == AssignmentStatus.DONE,
            )
        )
        assert done >= 10
        assert add_chores_demo(household) == []  # runs once
