"""Staff chore screens: roles, household scope, chores add/edit/stop, who takes part,
absences, the A4 week; bad input keeps what was typed and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.chores.models import (
    Absence,
    AssignmentStatus,
    CapacityShare,
    Chore,
    ChoreAssignment,
    ChoreExclusion,
)
from cohousing.chores.recurrence import RecurrenceKind
from cohousing.extensions import db
from tests.fixtures.households import text

TODAY = date(2026, 11, 25)


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def active_chore(name: str) -> Chore:
    return db.session.scalar(select(Chore).filter_by(name=name, active=True))


def url(household, rest: str = "") -> str:
    return f"/households/{household.id}/chores{rest}"


def chore_form(**changes) -> dict:
    data = {
        "submission_id": "chore-1",
        "name": "Water the garden",
        "icon": "plant",
        "effort_points": "2",
        "minutes": "",
        "area": "building",
        "recurrence_kind": "weekdays",
        "weekdays": ["0", "3"],
        "every_days": "",
        "anchor_on": "",
        "month_day": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def as_coordinator(client, login, coordinator):
    return login(coordinator)


@pytest.fixture
def as_worker(client, login, worker):
    return login(worker)


# --- access ---------------------------------------------------------------------------------


def test_coordinator_sees_the_chores_the_week_and_can_manage(as_coordinator, chore_house):
    page = text(as_coordinator.get(url(chore_house)))
    assert "Clean the kitchen" in page and "Take out the rubbish" in page
    assert "Every day" in page
    assert "Week of 23 November 2026" in page
    assert "Add a chore" in page and "Who takes part" in page
    assert "Fair shares, last 4 weeks" in page
    assert "Anna Bianchi" in page and "Bruno Rossi" in page
    assert "Clean the bathroom" in page and "Stopped" in page  # the template's, stopped


def test_a_linked_worker_reads_but_cannot_change(as_worker, chore_house):
    page = text(as_worker.get(url(chore_house)))
    assert "Clean the kitchen" in page and "Add a chore" not in page
    assert as_worker.get(url(chore_house, "/new")).status_code == 403
    assert as_worker.post(url(chore_house, "/new"), data=chore_form()).status_code == 403
    assert as_worker.get(url(chore_house, "/people")).status_code == 200
    looked = db.session.scalar(select(AuditEvent).filter_by(action="chores.participation_viewed"))
    assert looked.household_id == chore_house.id and looked.staff_id is not None
    assert as_worker.post(url(chore_house, "/people"), data={}).status_code == 403
    assert count(Chore, name="Water the garden") == 0


def test_another_household_is_404(client, login, other_worker, chore_house):
    login(other_worker)
    for path in ("", "/print", "/people"):
        assert client.get(url(chore_house, path)).status_code == 404, path


def test_a_foreign_chore_in_my_household_url_is_404(as_coordinator, chore_house, other_household):
    foreign = db.session.scalars(select(Chore).filter_by(household_id=other_household.id)).first()
    assert as_coordinator.get(url(chore_house, f"/{foreign.id}/edit")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, chore_house):
    response = client.get(url(chore_house))
    assert response.status_code in (302, 303) and "/auth/login" in response.headers["Location"]


def test_the_household_page_links_to_its_chores(as_coordinator, chore_house):
    assert url(chore_house) in text(as_coordinator.get(f"/households/{chore_house.id}"))


# --- add, edit, stop ---------------------------------------------------------------------


def test_adding_a_chore_plans_it(as_coordinator, chore_house):
    response = as_coordinator.post(url(chore_house, "/new"), data=chore_form())
    assert response.status_code == 303
    chore = db.session.scalar(select(Chore).filter_by(name="Water the garden"))
    assert chore.recurrence_kind is RecurrenceKind.WEEKDAYS and chore.rule.weekdays == (0, 3)
    turns = db.session.scalars(select(ChoreAssignment).filter_by(chore_id=chore.id)).all()
    assert {t.due_on.weekday() for t in turns} == {0, 3} and len(turns) == 4
    again = as_coordinator.post(url(chore_house, "/new"), data=chore_form())
    assert again.status_code == 303 and count(Chore, name="Water the garden") == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"recurrence_kind": "every_n_days", "every_days": "0"},
            "every_days",
            "Choose a number of days of 1 or more.",
        ),
        (
            {"recurrence_kind": "monthly", "month_day": "32"},
            "month_day",
            "Choose a day of the month from 1 to 31.",
        ),
        (
            {"recurrence_kind": "weekdays", "weekdays": []},
            "weekdays",
            "Choose at least one day of the week.",
        ),
        ({"name": "  "}, "name", "Give the chore a name."),
    ],
)
def test_bad_rules_keep_what_was_typed_and_save_nothing(
    as_coordinator, chore_house, changes, field, message
):
    before = count(Chore)
    data = (
        chore_form(name="Sweep the yard", **changes)
        if "name" not in changes
        else chore_form(**changes)
    )
    response = as_coordinator.post(url(chore_house, "/new"), data=data)
    page = text(response)
    assert response.status_code == 422
    error = page[page.index(f'id="{field}-error"') :][:300] if f'id="{field}-error"' in page else ""
    assert message in error, page[:3000]
    if "name" not in changes:
        assert 'value="Sweep the yard"' in page
    assert count(Chore) == before


def test_bad_rule_with_htmx_answers_the_form_fragment(as_coordinator, chore_house):
    response = as_coordinator.htmx(
        "post",
        url(chore_house, "/new"),
        data=chore_form(recurrence_kind="every_n_days", every_days="0"),
    )
    assert response.status_code == 422
    assert "<html" not in text(response) and 'id="chore-form"' in text(response)


def test_monthly_on_day_31_is_saved_with_the_clamp_note(as_coordinator, chore_house):
    response = as_coordinator.post(
        url(chore_house, "/new"), data=chore_form(recurrence_kind="monthly", month_day="31")
    )
    assert response.status_code == 303
    page = text(as_coordinator.get(response.headers["Location"]))
    assert "falls on the month&#39;s last day" in page or "falls on the month's last day" in page
    assert "(the last day in shorter months)" in page
    chore = db.session.scalar(select(Chore).filter_by(name="Water the garden"))
    turn = db.session.scalar(select(ChoreAssignment).filter_by(chore_id=chore.id))
    assert turn.due_on == date(2026, 11, 30)  # November has 30 days


def test_editing_a_chore_replans_it(as_coordinator, chore_house):
    chore = active_chore("Take out the rubbish")
    form = text(as_coordinator.get(url(chore_house, f"/{chore.id}/edit")))
    assert 'value="Take out the rubbish"' in form
    response = as_coordinator.post(
        url(chore_house, f"/{chore.id}/edit"),
        data=chore_form(
            name="Rubbish out", recurrence_kind="weekdays", weekdays=["4"], submission_id=""
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Chore, chore.id).name == "Rubbish out"
    future = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.chore_id == chore.id, ChoreAssignment.due_on >= TODAY
        )
    ).all()
    assert future and {t.due_on.weekday() for t in future} == {4}


def test_stopping_a_chore_removes_its_future_turns(as_coordinator, chore_house):
    chore = active_chore("Take out the rubbish")
    response = as_coordinator.post(url(chore_house, f"/{chore.id}/active"), data={"active": "0"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Chore, chore.id).active is False
    assert count(ChoreAssignment, chore_id=chore.id) == 0


# --- who takes part ---------------------------------------------------------------------------


def people_form(chore_house, residents, **extra) -> dict:
    data = {f"capacity-{p.id}": "100" for p in residents}
    data.update(extra)
    return data


def test_capacity_and_exclusions_are_saved_and_replanned(as_coordinator, chore_house, residents):
    anna, bruno = residents
    kitchen = active_chore("Clean the kitchen")
    page = text(as_coordinator.get(url(chore_house, "/people")))
    assert f'name="out-{kitchen.id}-{anna.id}"' in page and ">0.5<" in page
    data = people_form(
        chore_house, residents, **{f"capacity-{bruno.id}": "50", f"out-{kitchen.id}-{anna.id}": "1"}
    )
    response = as_coordinator.post(url(chore_house, "/people"), data=data)
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
    as_coordinator.post(url(chore_house, "/people"), data=people_form(chore_house, residents))
    assert count(ChoreExclusion) == 0


def test_a_capacity_outside_the_list_is_refused(as_coordinator, chore_house, residents):
    anna = residents[0]
    data = people_form(chore_house, residents, **{f"capacity-{anna.id}": "999"})
    response = as_coordinator.post(url(chore_house, "/people"), data=data)
    assert response.status_code == 422
    assert "Choose one of the shares in the list." in text(response)
    assert count(CapacityShare) == 0


# --- absences ---------------------------------------------------------------------------------


def test_an_absence_ending_before_it_starts_keeps_the_form_and_saves_nothing(
    as_coordinator, chore_house, residents
):
    data = {
        "person_id": residents[0].id,
        "kind": "hospital",
        "starts_on": "2026-12-10",
        "ends_on": "2026-12-01",
    }
    response = as_coordinator.post(url(chore_house, "/absences"), data=data)
    page = text(response)
    assert response.status_code == 422
    assert "The last day cannot be before the first day." in page
    assert 'value="2026-12-10"' in page and 'value="2026-12-01"' in page
    assert count(Absence) == 0


def test_overlapping_absences_are_merged_and_said_so(as_coordinator, chore_house, residents):
    anna = residents[0]
    first = {
        "person_id": anna.id,
        "kind": "holiday",
        "starts_on": "2026-11-27",
        "ends_on": "2026-11-29",
    }
    assert as_coordinator.post(url(chore_house, "/absences"), data=first).status_code == 303
    second = dict(first, starts_on="2026-11-29", ends_on="2026-12-02")
    response = as_coordinator.post(url(chore_house, "/absences"), data=second)
    page = text(as_coordinator.get(response.headers["Location"]))
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
    removed = as_coordinator.post(url(chore_house, f"/absences/{absence.id}/delete"))
    assert removed.status_code == 303 and count(Absence) == 0


def test_a_worker_cannot_add_an_absence(as_worker, chore_house, residents):
    data = {
        "person_id": residents[0].id,
        "kind": "holiday",
        "starts_on": "2026-11-27",
        "ends_on": "2026-11-29",
    }
    assert as_worker.post(url(chore_house, "/absences"), data=data).status_code == 403
    assert count(Absence) == 0


# --- the printable week -------------------------------------------------------------------------


def test_the_printable_week_is_one_table_without_navigation(as_worker, chore_house):
    response = as_worker.get(url(chore_house, "/print?week=2026-W49"))
    page = text(response)
    assert response.status_code == 200
    assert "chores of the week of 30 November 2026" in page
    assert 'class="topbar"' not in page and "css/chores.css" in page
    assert page.count("<tr>") == 3  # the head and the two chores
    assert "Anna Bianchi" in page and "Bruno Rossi" in page


def test_a_bad_week_shows_the_current_one(as_worker, chore_house):
    page = text(as_worker.get(url(chore_house, "/print?week=2026-W99")))
    assert "chores of the week of 23 November 2026" in page


def test_the_week_fragment_for_htmx(as_worker, chore_house):
    response = as_worker.htmx("get", url(chore_house, "?week=2026-W49"))
    assert "<html" not in text(response) and "Week of 30 November 2026" in text(response)
    assert "HX-Request" in response.headers["Vary"]


# --- the demo and the daily job --------------------------------------------------------------


def test_plan_chores_extends_every_household(app, chore_house):
    db.session.execute(ChoreAssignment.__table__.delete().where(ChoreAssignment.due_on > TODAY))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["cohousing", "plan-chores"])
    assert result.exit_code == 0, result.output
    last = db.session.scalar(select(func.max(ChoreAssignment.due_on)))
    assert last == TODAY + timedelta(days=13)
    again = app.test_cli_runner().invoke(args=["cohousing", "plan-chores"])
    assert again.exit_code == 0


def test_the_demo_has_a_14_day_rota_and_a_history(app):
    from cohousing.chores.demo import add_chores_demo
    from cohousing.households.models import Household

    assert app.test_cli_runner().invoke(args=["cohousing", "demo"]).exit_code == 0
    for household in db.session.scalars(select(Household)):
        ahead = db.session.scalars(
            select(ChoreAssignment).where(
                ChoreAssignment.household_id == household.id,
                ChoreAssignment.due_on.between(TODAY, TODAY + timedelta(days=13)),
            )
        ).all()
        assert {a.due_on for a in ahead} >= {TODAY, TODAY + timedelta(days=13)}
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


def test_a_chore_nobody_can_do_is_planned_for_nobody_and_said_so(
    as_coordinator, chore_house, residents
):
    kitchen = active_chore("Clean the kitchen")
    data = people_form(
        chore_house,
        residents,
        **{f"out-{kitchen.id}-{p.id}": "1" for p in residents},
    )
    assert as_coordinator.post(url(chore_house, "/people"), data=data).status_code == 303
    future = db.session.scalars(
        select(ChoreAssignment).where(
            ChoreAssignment.chore_id == kitchen.id, ChoreAssignment.due_on >= TODAY
        )
    ).all()
    assert len(future) == 14 and all(t.person_id is None for t in future)
    page = text(as_coordinator.get(url(chore_house)))
    assert "14 turns in the next two weeks have nobody who can do them" in page
    assert "Nobody could take it" in page
