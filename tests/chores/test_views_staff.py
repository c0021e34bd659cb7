"""Staff chore screens: roles, household scope, the chores page, add/edit/stop a chore,
the A4 week; bad input keeps what was typed and saves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.chores.models import Chore, ChoreAssignment, RecurrenceKind
from cohousing.extensions import db
from tests.fixtures.chores import TODAY, active_chore, chore_form, chores_url, count
from tests.fixtures.households import text

# --- access ---------------------------------------------------------------------------


def test_coordinator_sees_the_chores_the_week_and_can_manage(chores_coordinator, chore_house):
    page = text(chores_coordinator.get(chores_url(chore_house)))
    assert "Clean the kitchen" in page and "Take out the rubbish" in page
    assert "Every day" in page
    assert "Week of 23 November 2026" in page
    assert "Add a chore" in page and "Who takes part" in page
    assert "Fair shares" in page
    assert "Anna Bianchi" in page and "Bruno Rossi" in page
    assert "Clean the bathroom" in page and "Stopped" in page  # the template's, stopped


def test_a_linked_worker_reads_but_cannot_change(chores_worker, chore_house):
    page = text(chores_worker.get(chores_url(chore_house)))
    assert "Clean the kitchen" in page and "Add a chore" not in page
    assert chores_worker.get(chores_url(chore_house, "/new")).status_code == 403
    assert chores_worker.post(chores_url(chore_house, "/new"), data=chore_form()).status_code == 403
    assert chores_worker.get(chores_url(chore_house, "/people")).status_code == 200
    looked = db.session.scalar(select(AuditEvent).filter_by(action="chores.participation_viewed"))
    assert looked.household_id == chore_house.id and looked.staff_id is not None
    assert chores_worker.post(chores_url(chore_house, "/people"), data={}).status_code == 403
    assert count(Chore, name="Water the garden") == 0


def test_another_household_is_404(client, login, other_worker, chore_house):
    login(other_worker)
    for path in ("", "/print", "/people"):
        assert client.get(chores_url(chore_house, path)).status_code == 404, path


def test_a_foreign_chore_in_my_household_url_is_404(
    chores_coordinator, chore_house, other_household
):
    foreign = db.session.scalars(select(Chore).filter_by(household_id=other_household.id)).first()
    assert chores_coordinator.get(chores_url(chore_house, f"/{foreign.id}/edit")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, chore_house):
    response = client.get(chores_url(chore_house))
    assert response.status_code in (302, 303) and "/auth/login" in response.headers["Location"]


def test_the_household_page_links_to_its_chores(chores_coordinator, chore_house):
    assert chores_url(chore_house) in text(chores_coordinator.get(f"/households/{chore_house.id}"))


# --- add, edit, stop ------------------------------------------------------------------


def test_adding_a_chore_plans_it(chores_coordinator, chore_house):
    response = chores_coordinator.post(chores_url(chore_house, "/new"), data=chore_form())
    assert response.status_code == 303
    chore = db.session.scalar(select(Chore).filter_by(name="Water the garden"))
    assert chore.recurrence_kind is RecurrenceKind.WEEKDAYS and chore.rule.weekdays == (0, 3)
    turns = db.session.scalars(select(ChoreAssignment).filter_by(chore_id=chore.id)).all()
    assert {t.due_on.weekday() for t in turns} == {0, 3} and len(turns) == 4
    again = chores_coordinator.post(chores_url(chore_house, "/new"), data=chore_form())
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
    chores_coordinator, chore_house, changes, field, message
):
    before = count(Chore)
    data = (
        chore_form(name="Sweep the yard", **changes)
        if "name" not in changes
        else chore_form(**changes)
    )
    response = chores_coordinator.post(chores_url(chore_house, "/new"), data=data)
    page = text(response)
    assert response.status_code == 422
    error = page[page.index(f'id="{field}-error"') :][:300] if f'id="{field}-error"' in page else ""
    assert message in error, page[:3000]
    if "name" not in changes:
        assert 'value="Sweep the yard"' in page
    assert count(Chore) == before


def test_bad_rule_with_htmx_answers_the_form_fragment(chores_coordinator, chore_house):
    response = chores_coordinator.htmx(
        "post",
        chores_url(chore_house, "/new"),
        data=chore_form(recurrence_kind="every_n_days", every_days="0"),
    )
    assert response.status_code == 422
    assert "<html" not in text(response) and 'id="chore-form"' in text(response)


def test_monthly_on_day_31_is_saved_with_the_clamp_note(chores_coordinator, chore_house):
    response = chores_coordinator.post(
        chores_url(chore_house, "/new"), data=chore_form(recurrence_kind="monthly", month_day="31")
    )
    assert response.status_code == 303
    page = text(chores_coordinator.get(response.headers["Location"]))
    assert "falls on the month&#39;s last day" in page or "falls on the month's last day" in page
    assert "(the last day in shorter months)" in page
    chore = db.session.scalar(select(Chore).filter_by(name="Water the garden"))
    turn = db.session.scalar(select(ChoreAssignment).filter_by(chore_id=chore.id))
    assert turn.due_on == date(2026, 11, 30)  # November has 30 days


def test_editing_a_chore_replans_it(chores_coordinator, chore_house):
    chore = active_chore("Take out the rubbish")
    form = text(chores_coordinator.get(chores_url(chore_house, f"/{chore.id}/edit")))
    assert 'value="Take out the rubbish"' in form
    response = chores_coordinator.post(
        chores_url(chore_house, f"/{chore.id}/edit"),
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


def test_stopping_a_chore_removes_its_future_turns(chores_coordinator, chore_house):
    chore = active_chore("Take out the rubbish")
    response = chores_coordinator.post(
        chores_url(chore_house, f"/{chore.id}/active"), data={"active": "0"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Chore, chore.id).active is False
    assert count(ChoreAssignment, chore_id=chore.id) == 0


# --- the printable week ---------------------------------------------------------------


def test_the_printable_week_is_one_table_without_navigation(chores_worker, chore_house):
    response = chores_worker.get(chores_url(chore_house, "/print?week=2026-W49"))
    page = text(response)
    assert response.status_code == 200
    assert "chores of the week of 30 November 2026" in page
    assert 'class="topbar"' not in page and "css/chores.css" in page
    assert page.count("<tr>") == 3  # the head and the two chores
    assert "Anna Bianchi" in page and "Bruno Rossi" in page


def test_a_bad_week_shows_the_current_one(chores_worker, chore_house):
    page = text(chores_worker.get(chores_url(chore_house, "/print?week=2026-W99")))
    assert "chores of the week of 23 November 2026" in page


def test_the_week_fragment_for_htmx(chores_worker, chore_house):
    response = chores_worker.htmx("get", chores_url(chore_house, "?week=2026-W49"))
    assert "<html" not in text(response) and "Week of 30 November 2026" in text(response)
    assert "HX-Request" in response.headers["Vary"]
