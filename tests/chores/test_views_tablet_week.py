"""Chores on the tablet beyond today: the house today, the week, "why me?", fairness bars,
"I'll be away"; and the today fragment's fixed query budget."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask import g, render_template
from sqlalchemy import func, select

from cohousing.chores.models import (
    Absence,
    AssignmentStatus,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
)
from cohousing.chores.services import mark_done, today_screen
from cohousing.extensions import db
from tests.conftest import counting_queries
from tests.fixtures.chores import TODAY
from tests.fixtures.households import text

# --- the query budget -----------------------------------------------------------------


def add_history(household, chores, person, days: int) -> None:
    for back in range(1, days + 1):
        for chore in chores:
            assignment = ChoreAssignment(
                household_id=household.id,
                chore_id=chore.id,
                due_on=TODAY - timedelta(days=back),
                person_id=person.id,
                status=AssignmentStatus.DONE,
            )
            assignment.completion = ChoreCompletion(done_by_id=person.id)
            assignment.completion.credits = [
                ChoreCredit(person_id=person.id, points_hundredths=100)
            ]
            db.session.add(assignment)
    db.session.flush()


def today_turns(household) -> list[ChoreAssignment]:
    return list(
        db.session.scalars(
            select(ChoreAssignment).filter_by(household_id=household.id, due_on=TODAY)
        )
    )


def render_fragment(app, household, person) -> str:
    """The today screen's chores section as the tablet's today view renders it: the data
    from `today_screen`, passed as `chores_today` (the template itself runs no query)."""
    with app.test_request_context("/tablet/today"):
        g.tablet = SimpleNamespace(household=household)
        g.resident = person
        return render_template(
            "chores/_tablet_today.html",
            resident=person,
            chores_today=today_screen(household, person),
            today=household.today(),
            icon_name="chores",
            title="My chores today",
        )


def test_the_today_fragment_uses_a_fixed_number_of_queries(app, chore_house, residents, turn):
    anna, bruno = residents
    chores = {turn(anna).chore, turn(bruno).chore}
    render_fragment(app, chore_house, anna)  # warm up
    db.session.expire_all()
    with counting_queries() as short:
        html = render_fragment(app, chore_house, anna)
    assert turn(anna).chore.name in html
    add_history(chore_house, chores, anna, 200)
    db.session.expire_all()
    with counting_queries() as long:
        render_fragment(app, chore_house, anna)
    assert len(long) == len(short) <= 6, short  # 6: what changed in my plan
    assert not [q for q in long if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_today_fragment_without_its_data_shows_no_chores_and_runs_no_query(
    app, chore_house, residents
):
    with app.test_request_context("/tablet/today"), counting_queries() as statements:
        html = render_template(
            "chores/_tablet_today.html",
            resident=residents[0],
            today=TODAY,
            icon_name="chores",
            title="My chores today",
        )
    assert statements == [] and "chore-card" not in html
    assert "/tablet/chores/week" in html


# --- week, why, fairness, the house today ---------------------------------------------


def test_the_week_lists_days_with_faces_and_why_me(anna_chores_tablet, residents, turn):
    anna = residents[0]
    mine = turn(anna)
    page = text(anna_chores_tablet.get("/tablet/chores/week"))
    assert "Week of 23 November 2026" in page
    assert page.count('<li class="week-day') == 7
    assert f"/tablet/chores/{mine.id}/why" in page
    assert "Fair shares" in page
    why = text(anna_chores_tablet.get(f"/tablet/chores/{mine.id}/why"))
    assert "You are at your fair share." in why  # nothing done yet
    assert "The chore goes to who is furthest below their fair share." in why
    fragment = anna_chores_tablet.htmx("get", "/tablet/chores/week?week=2026-W49")
    assert "<html" not in text(fragment) and "Week of 30 November 2026" in text(fragment)


def test_fairness_bars_and_why_me_show_the_same_balance(
    anna_chores_tablet, residents, turn, chore_house
):
    """Anna does today's 2-point kitchen alone: 1 point above her share, Bruno 1 below; the
    bars, "why me?" and the planner read the same kept balance."""
    anna, _bruno = residents
    kitchen = next(t for t in today_turns(chore_house) if t.chore.effort_points == 2)
    mark_done(kitchen, anna)
    db.session.commit()
    page = text(anna_chores_tablet.get("/tablet/chores/week"))
    assert "Anna Bianchi has done 1 point more than their fair share." in page
    assert "Bruno Rossi has done 1 point less than their fair share." in page
    assert 'class="bar-balance above pct-17"' in page  # 1 of 3 points: a sixth
    assert 'class="bar-balance below pct-17"' in page
    mine = turn(anna, TODAY + timedelta(days=1))
    why = text(anna_chores_tablet.get(f"/tablet/chores/{mine.id}/why"))
    assert "You have done 1 point more than your fair share." in why


def test_the_house_today_lists_everyone_and_anyone_can_mark_it(
    bruno_chores_tablet, residents, turn
):
    anna = residents[0]
    hers = turn(anna)
    page = text(bruno_chores_tablet.get("/tablet/chores"))
    assert "Anna Bianchi" in page and "I did it" in page
    bruno_chores_tablet.post(f"/tablet/chores/{hers.id}/done")
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=hers.id))
    assert completion.done_by_id == residents[1].id


# --- I'll be away ---------------------------------------------------------------------


def test_away_with_the_end_before_the_start_keeps_what_was_typed(anna_chores_tablet):
    response = anna_chores_tablet.post(
        "/tablet/chores/away",
        data={"kind": "holiday", "starts_on": "2026-12-10", "ends_on": "2026-12-05"},
    )
    page = text(response)
    assert response.status_code == 422
    assert "The last day cannot be before the first day." in page
    assert 'value="2026-12-10"' in page and 'value="2026-12-05"' in page
    assert db.session.scalar(select(func.count()).select_from(Absence)) == 0


def test_away_moves_my_turns_to_the_others(anna_chores_tablet, residents, turn):
    bruno = residents[1]
    day = TODAY + timedelta(days=2)
    response = anna_chores_tablet.post(
        "/tablet/chores/away",
        data={"kind": "holiday", "starts_on": day.isoformat(), "ends_on": day.isoformat()},
    )
    assert response.status_code == 303
    turns = db.session.scalars(select(ChoreAssignment).filter_by(due_on=day)).all()
    assert turns and all(t.person_id == bruno.id for t in turns)
    assert "Your chores on those days go to the others." in text(
        anna_chores_tablet.get(response.headers["Location"])
    )
