"""Chores on the house tablet: today, done/undo/skip/swap (htmx and plain), week, away."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from flask import g, render_template
from sqlalchemy import delete, func, select

from cohousing.chores.models import (
    Absence,
    AssignmentStatus,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreSwap,
    SwapStatus,
)
from cohousing.extensions import db
from tests.conftest import counting_queries
from tests.fixtures.households import text

TODAY = date(2026, 11, 25)


def completions(assignment) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ChoreCompletion)
        .where(ChoreCompletion.assignment_id == assignment.id, ChoreCompletion.undone_at.is_(None))
    )


def fresh(assignment) -> ChoreAssignment:
    db.session.expire_all()
    return db.session.get(ChoreAssignment, assignment.id)


# --- the today screen ---------------------------------------------------------------------


def test_today_shows_my_chores_with_done_skip_swap_and_links(anna_tablet, residents, turn):
    anna, _bruno = residents
    mine = turn(anna)
    page = text(anna_tablet.get("/tablet/today"))
    card = page[page.index(f'id="chore-{mine.id}"') :]
    assert mine.chore.name in card
    assert f"/tablet/chores/{mine.id}/done" in card
    assert "With help from…" in card and "Skip" in card and "Ask to swap" in card
    assert "/tablet/chores/week" in page and "/tablet/chores" in page
    assert "Not ready yet." not in page[: page.index('id="section-money"')]


def test_a_swap_request_for_me_is_at_the_top_and_yes_takes_the_turn(
    anna_tablet, bruno_tablet, residents, turn
):
    anna, bruno = residents
    mine = turn(anna)
    response = anna_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id}
    )
    assert response.status_code == 200
    assert "Bruno Rossi will answer next time" in text(response)
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    assert swap.status is SwapStatus.PENDING

    page = text(bruno_tablet.get("/tablet/today"))
    request = page.index(f'id="swap-{swap.id}"')
    assert request < page.index('class="chore-card')
    assert f"Anna Bianchi asks you to take “{mine.chore.name}”" in page

    answered = bruno_tablet.htmx("post", f"/tablet/chores/swaps/{swap.id}", data={"answer": "yes"})
    assert "The chore is yours now" in text(answered)
    assert fresh(mine).person_id == bruno.id and fresh(mine).pinned


def test_saying_no_to_a_swap_keeps_the_turn_plain_request(
    anna_tablet, bruno_tablet, residents, turn
):
    anna, bruno = residents
    mine = turn(anna)
    anna_tablet.post(f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id})
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    response = bruno_tablet.post(f"/tablet/chores/swaps/{swap.id}", data={"answer": "no"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/today")
    assert fresh(mine).person_id == anna.id
    assert db.session.get(ChoreSwap, swap.id).status is SwapStatus.DECLINED


def test_only_the_asked_resident_can_answer_a_swap(anna_tablet, residents, turn):
    anna, bruno = residents
    mine = turn(anna)
    anna_tablet.post(f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id})
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    assert (
        anna_tablet.post(f"/tablet/chores/swaps/{swap.id}", data={"answer": "yes"}).status_code
        == 404
    )


def test_swap_without_a_choice_says_so(anna_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/swap", data={})
    assert response.status_code == 422 and "Choose who you ask." in text(response)
    assert db.session.scalar(select(func.count()).select_from(ChoreSwap)) == 0


# --- done, undo -----------------------------------------------------------------------------


def test_done_with_htmx_swaps_the_card_to_done_and_undo(anna_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "tap-1"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page and f'id="chore-{mine.id}"' in page
    assert "Done" in page and "Undo" in page and 'hx-trigger="load delay:61s"' in page
    assert fresh(mine).status is AssignmentStatus.DONE and completions(mine) == 1


def test_done_without_js_redirects_back_to_today(anna_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_tablet.post(f"/tablet/chores/{mine.id}/done", data={"submission_id": "t"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/today")
    assert completions(mine) == 1
    page = text(anna_tablet.get("/tablet/today"))
    assert "Well done! Marked as done." in page


def test_a_double_tap_on_done_is_one_completion(anna_tablet, residents, turn):
    mine = turn(residents[0])
    first = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "x"})
    again = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "x"})
    other = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "y"})
    assert first.status_code == again.status_code == other.status_code == 200
    assert "This was already done." in text(other)
    assert db.session.scalar(select(func.count()).select_from(ChoreCompletion)) == 1
    credits = db.session.scalars(select(ChoreCredit)).all()
    assert [(c.person_id, c.points_hundredths) for c in credits] == [
        (residents[0].id, mine.chore.effort_points * 100)
    ]


def test_done_with_help_credits_both_and_records_who_did_it(anna_tablet, residents, turn):
    anna, bruno = residents
    mine = turn(anna)
    response = anna_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"helpers": [str(bruno.id)]}
    )
    assert "with help from Bruno Rossi" in text(response)
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=mine.id))
    assert completion.done_by_id == anna.id
    shares = {c.person_id: c.points_hundredths for c in completion.credits}
    assert set(shares) == {anna.id, bruno.id}
    assert sum(shares.values()) == mine.chore.effort_points * 100


def test_undo_within_a_minute_puts_it_back(anna_tablet, residents, turn, clock):
    mine = turn(residents[0])
    anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/done")
    clock.advance(timedelta(seconds=50))
    response = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/undo")
    assert response.status_code == 200 and "Undone" in text(response)
    assert f"/tablet/chores/{mine.id}/done" in text(response)
    assert fresh(mine).status is AssignmentStatus.PLANNED and completions(mine) == 0


def test_undo_after_61_seconds_is_refused_with_a_message(anna_tablet, residents, turn, clock):
    mine = turn(residents[0])
    anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/done")
    clock.advance(timedelta(seconds=61))
    response = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/undo")
    assert response.status_code == 422
    assert "It is too late to undo this." in text(response)
    assert "Undo</span>" not in text(response)  # the button is gone
    assert fresh(mine).status is AssignmentStatus.DONE and completions(mine) == 1
    plain = anna_tablet.post(f"/tablet/chores/{mine.id}/undo")
    assert plain.status_code == 303
    assert "It is too late to undo this." in text(anna_tablet.get("/tablet/today"))


# --- skip ---------------------------------------------------------------------------------


def test_skip_with_a_reason_htmx_and_plain(anna_tablet, residents, turn, chore_house):
    anna = residents[0]
    mine = turn(anna)
    response = anna_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/skip", data={"reason": "ill", "note": "flu"}
    )
    assert response.status_code == 200 and "Skipped" in text(response)
    assert "I am ill: flu" in text(response)
    assert fresh(mine).status is AssignmentStatus.SKIPPED
    tomorrow = turn(anna, TODAY + timedelta(days=1))
    # skipping tomorrow's turn from the week works without JavaScript too
    plain = anna_tablet.post(f"/tablet/chores/{tomorrow.id}/skip", data={"reason": "away"})
    assert plain.status_code == 303
    assert fresh(tomorrow).status is AssignmentStatus.SKIPPED


def test_skip_for_another_reason_needs_words(anna_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_tablet.htmx("post", f"/tablet/chores/{mine.id}/skip", data={"reason": "other"})
    assert response.status_code == 422 and "Say why, in a few words." in text(response)
    assert fresh(mine).status is AssignmentStatus.PLANNED


# --- scope ----------------------------------------------------------------------------------


def test_a_resident_of_another_household_gets_404_on_a_foreign_turn(
    resident_client, other_household, residents, turn
):
    zeno_tablet = resident_client(other_household, other_household.memberships[0].person, "4321")
    mine = turn(residents[0])
    for path in ("done", "undo", "skip", "swap", "why", "card"):
        method = "get" if path in ("why", "card") else "post"
        response = zeno_tablet.open(
            f"/tablet/chores/{mine.id}/{path}", method=method.upper(), data={"reason": "ill"}
        )
        assert response.status_code == 404, path
    assert fresh(mine).status is AssignmentStatus.PLANNED


def test_chore_pages_need_a_resident(enrolled_client, chore_house):
    client = enrolled_client(chore_house)
    response = client.get("/tablet/chores/week")
    assert response.status_code == 303 and "/tablet" in response.headers["Location"]


# --- the query budget -------------------------------------------------------------------------


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


def render_fragment(app, household, person) -> str:
    with app.test_request_context("/tablet/today"):
        g.tablet = SimpleNamespace(household=household)
        g.resident = person
        return render_template(
            "chores/_tablet_today.html",
            resident=person,
            today=household.today(),
            icon_name="chores",
            title="My chores today",
        )


def test_the_today_fragment_uses_a_fixed_number_of_queries(app, chore_house, residents, turn):
    anna, bruno = residents
    chores = {turn(anna).chore, turn(bruno).chore}
    render_fragment(app, chore_house, anna)  # warm up: the plan is complete
    db.session.expire_all()
    with counting_queries() as short:
        html = render_fragment(app, chore_house, anna)
    assert turn(anna).chore.name in html
    add_history(chore_house, chores, anna, 200)
    db.session.expire_all()
    with counting_queries() as long:
        render_fragment(app, chore_house, anna)
    assert len(long) == len(short) <= 9, short


# --- week, why, fairness, lazy plan -----------------------------------------------------


def test_the_week_lists_days_with_faces_and_why_me(anna_tablet, residents, turn):
    anna = residents[0]
    mine = turn(anna)
    page = text(anna_tablet.get("/tablet/chores/week"))
    assert "Week of 23 November 2026" in page
    assert page.count('<li class="week-day') == 7
    assert f"/tablet/chores/{mine.id}/why" in page
    assert "Fair shares, last 4 weeks" in page
    why = text(anna_tablet.get(f"/tablet/chores/{mine.id}/why"))
    assert "your fair share is" in why
    assert "Bruno Rossi has" in why
    fragment = anna_tablet.htmx("get", "/tablet/chores/week?week=2026-W49")
    assert "<html" not in text(fragment) and "Week of 30 November 2026" in text(fragment)


def test_fairness_bars_show_points_done_against_the_fair_share(
    anna_tablet, residents, turn, chore_house
):
    anna = residents[0]
    add_history(chore_house, [turn(anna).chore], anna, 4)
    db.session.commit()
    page = text(anna_tablet.get("/tablet/chores/week"))
    assert "Anna Bianchi has done 4 points; a fair share is 2." in page
    assert "Bruno Rossi has done 0 points; a fair share is 2." in page
    assert 'style="width: 100%"' in page


def test_the_week_extends_a_plan_that_ran_short(anna_tablet, chore_house):
    db.session.execute(
        delete(ChoreAssignment).where(ChoreAssignment.due_on > TODAY + timedelta(days=3))
    )
    db.session.commit()
    anna_tablet.get("/tablet/chores/week")
    last = db.session.scalar(
        select(func.max(ChoreAssignment.due_on)).where(
            ChoreAssignment.household_id == chore_house.id
        )
    )
    assert last == TODAY + timedelta(days=13)


def test_the_house_today_lists_everyone_and_anyone_can_mark_it(bruno_tablet, residents, turn):
    anna = residents[0]
    hers = turn(anna)
    page = text(bruno_tablet.get("/tablet/chores"))
    assert "Anna Bianchi" in page and "I did it" in page
    bruno_tablet.post(f"/tablet/chores/{hers.id}/done")
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=hers.id))
    assert completion.done_by_id == residents[1].id


# --- I'll be away ---------------------------------------------------------------------------


def test_away_with_the_end_before_the_start_keeps_what_was_typed(anna_tablet):
    response = anna_tablet.post(
        "/tablet/chores/away",
        data={"kind": "holiday", "starts_on": "2026-12-10", "ends_on": "2026-12-05"},
    )
    page = text(response)
    assert response.status_code == 422
    assert "The last day cannot be before the first day." in page
    assert 'value="2026-12-10"' in page and 'value="2026-12-05"' in page
    assert db.session.scalar(select(func.count()).select_from(Absence)) == 0


def test_away_moves_my_turns_to_the_others(anna_tablet, residents, turn):
    bruno = residents[1]
    day = TODAY + timedelta(days=2)
    response = anna_tablet.post(
        "/tablet/chores/away",
        data={"kind": "holiday", "starts_on": day.isoformat(), "ends_on": day.isoformat()},
    )
    assert response.status_code == 303
    turns = db.session.scalars(select(ChoreAssignment).filter_by(due_on=day)).all()
    assert turns and all(t.person_id == bruno.id for t in turns)
    assert "Your chores on those days go to the others." in text(
        anna_tablet.get(response.headers["Location"])
    )


def test_nobody_skips_someone_else_s_turn(bruno_tablet, residents, turn):
    hers = turn(residents[0])
    response = bruno_tablet.htmx("post", f"/tablet/chores/{hers.id}/skip", data={"reason": "ill"})
    assert response.status_code == 422
    assert "You can only skip your own chores." in text(response)
    assert fresh(hers).status is AssignmentStatus.PLANNED
