"""Chores on the house tablet, today: the today screen, done/undo/skip/swap (htmx and
plain), and the scope (another household's turn is 404)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.chores.models import (
    AbsenceKind,
    AssignmentStatus,
    ChoreAssignment,
    ChoreCompletion,
    ChoreCredit,
    ChoreSwap,
    PlanChange,
    SwapStatus,
)
from cohousing.chores.services import add_absence
from cohousing.extensions import db
from tests.fixtures.chores import TODAY
from tests.fixtures.households import text


def completions(assignment) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ChoreCompletion)
        .where(ChoreCompletion.assignment_id == assignment.id, ChoreCompletion.undone_at.is_(None))
    )


def fresh(assignment) -> ChoreAssignment:
    db.session.expire_all()
    return db.session.get(ChoreAssignment, assignment.id)


# --- the today screen -----------------------------------------------------------------


def test_today_shows_my_chores_with_done_skip_swap_and_links(anna_chores_tablet, residents, turn):
    anna, _bruno = residents
    mine = turn(anna)
    page = text(anna_chores_tablet.get("/tablet/today"))
    card = page[page.index(f'id="chore-{mine.id}"') :]
    assert mine.chore.name in card
    assert f"/tablet/chores/{mine.id}/done" in card
    assert "With help from…" in card and "Skip" in card and "Ask to swap" in card
    assert "/tablet/chores/week" in page and "/tablet/chores" in page
    assert "Not ready yet." not in page[: page.index('id="section-money"')]


def test_a_swap_request_for_me_is_at_the_top_and_yes_takes_the_turn(
    anna_chores_tablet, bruno_chores_tablet, residents, turn
):
    anna, bruno = residents
    mine = turn(anna)
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id}
    )
    assert response.status_code == 200
    assert "Bruno Rossi will answer next time" in text(response)
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    assert swap.status is SwapStatus.PENDING

    page = text(bruno_chores_tablet.get("/tablet/today"))
    request = page.index(f'id="swap-{swap.id}"')
    assert request < page.index('class="chore-card')
    assert f"Anna Bianchi asks you to take “{mine.chore.name}”" in page

    answered = bruno_chores_tablet.htmx(
        "post", f"/tablet/chores/swaps/{swap.id}", data={"answer": "yes"}
    )
    assert "The chore is yours now" in text(answered)
    assert fresh(mine).person_id == bruno.id and fresh(mine).pinned


def test_saying_no_to_a_swap_keeps_the_turn_plain_request(
    anna_chores_tablet, bruno_chores_tablet, residents, turn
):
    anna, bruno = residents
    mine = turn(anna)
    anna_chores_tablet.post(f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id})
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    response = bruno_chores_tablet.post(f"/tablet/chores/swaps/{swap.id}", data={"answer": "no"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/today")
    assert fresh(mine).person_id == anna.id
    assert db.session.get(ChoreSwap, swap.id).status is SwapStatus.DECLINED


def test_only_the_asked_resident_can_answer_a_swap(anna_chores_tablet, residents, turn):
    anna, bruno = residents
    mine = turn(anna)
    anna_chores_tablet.post(f"/tablet/chores/{mine.id}/swap", data={"to_person_id": bruno.id})
    swap = db.session.scalar(select(ChoreSwap).filter_by(assignment_id=mine.id))
    assert (
        anna_chores_tablet.post(
            f"/tablet/chores/swaps/{swap.id}", data={"answer": "yes"}
        ).status_code
        == 404
    )


def test_swap_without_a_choice_says_so(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/swap", data={})
    assert response.status_code == 422 and "Choose who you ask." in text(response)
    assert db.session.scalar(select(func.count()).select_from(ChoreSwap)) == 0


# --- done, undo -----------------------------------------------------------------------


def test_done_with_htmx_swaps_the_card_to_done_and_undo(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "tap-1"}
    )
    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page and f'id="chore-{mine.id}"' in page
    assert "Done" in page and "Undo" in page and 'hx-trigger="load delay:61s"' in page
    assert fresh(mine).status is AssignmentStatus.DONE and completions(mine) == 1


def test_done_without_js_redirects_back_to_today(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_chores_tablet.post(
        f"/tablet/chores/{mine.id}/done", data={"submission_id": "t"}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/today")
    assert completions(mine) == 1
    page = text(anna_chores_tablet.get("/tablet/today"))
    assert "Well done! Marked as done." in page


def test_a_double_tap_on_done_is_one_completion(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    first = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "x"}
    )
    again = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "x"}
    )
    other = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"submission_id": "y"}
    )
    assert first.status_code == again.status_code == other.status_code == 200
    assert "This was already done." in text(other)
    assert db.session.scalar(select(func.count()).select_from(ChoreCompletion)) == 1
    credits = db.session.scalars(select(ChoreCredit)).all()
    assert [(c.person_id, c.points_hundredths) for c in credits] == [
        (residents[0].id, mine.chore.effort_points * 100)
    ]


def test_done_with_help_credits_both_and_records_who_did_it(anna_chores_tablet, residents, turn):
    anna, bruno = residents
    mine = turn(anna)
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/done", data={"helpers": [str(bruno.id)]}
    )
    assert "with help from Bruno Rossi" in text(response)
    completion = db.session.scalar(select(ChoreCompletion).filter_by(assignment_id=mine.id))
    assert completion.done_by_id == anna.id
    shares = {c.person_id: c.points_hundredths for c in completion.credits}
    assert set(shares) == {anna.id, bruno.id}
    assert sum(shares.values()) == mine.chore.effort_points * 100


def test_undo_within_a_minute_puts_it_back(anna_chores_tablet, residents, turn, clock):
    mine = turn(residents[0])
    anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/done")
    clock.advance(timedelta(seconds=50))
    response = anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/undo")
    assert response.status_code == 200 and "Undone" in text(response)
    assert f"/tablet/chores/{mine.id}/done" in text(response)
    assert fresh(mine).status is AssignmentStatus.PLANNED and completions(mine) == 0


def test_undo_after_61_seconds_is_refused_with_a_message(
    anna_chores_tablet, residents, turn, clock
):
    mine = turn(residents[0])
    anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/done")
    clock.advance(timedelta(seconds=61))
    response = anna_chores_tablet.htmx("post", f"/tablet/chores/{mine.id}/undo")
    assert response.status_code == 422
    assert "It is too late to undo this." in text(response)
    assert "Undo</span>" not in text(response)  # the button is gone
    assert fresh(mine).status is AssignmentStatus.DONE and completions(mine) == 1
    plain = anna_chores_tablet.post(f"/tablet/chores/{mine.id}/undo")
    assert plain.status_code == 303
    assert "It is too late to undo this." in text(anna_chores_tablet.get("/tablet/today"))


# --- skip -----------------------------------------------------------------------------


def test_skip_with_a_reason_htmx_and_plain(anna_chores_tablet, residents, turn, chore_house):
    anna = residents[0]
    mine = turn(anna)
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/skip", data={"reason": "ill", "note": "flu"}
    )
    assert response.status_code == 200 and "Skipped" in text(response)
    assert "I am ill: flu" in text(response)
    assert fresh(mine).status is AssignmentStatus.SKIPPED
    tomorrow = turn(anna, TODAY + timedelta(days=1))
    # skipping tomorrow's turn from the week works without JavaScript too
    plain = anna_chores_tablet.post(f"/tablet/chores/{tomorrow.id}/skip", data={"reason": "away"})
    assert plain.status_code == 303
    assert fresh(tomorrow).status is AssignmentStatus.SKIPPED


def test_skip_for_another_reason_needs_words(anna_chores_tablet, residents, turn):
    mine = turn(residents[0])
    response = anna_chores_tablet.htmx(
        "post", f"/tablet/chores/{mine.id}/skip", data={"reason": "other"}
    )
    assert response.status_code == 422 and "Say why, in a few words." in text(response)
    assert fresh(mine).status is AssignmentStatus.PLANNED


def test_nobody_skips_someone_else_s_turn(bruno_chores_tablet, residents, turn):
    hers = turn(residents[0])
    response = bruno_chores_tablet.htmx(
        "post", f"/tablet/chores/{hers.id}/skip", data={"reason": "ill"}
    )
    assert response.status_code == 422
    assert "You can only skip your own chores." in text(response)
    assert fresh(hers).status is AssignmentStatus.PLANNED


# --- scope ----------------------------------------------------------------------------


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


# --- what changed in my plan ------------------------------------------------------------


def _bruno_away_soon(chore_house, residents) -> None:
    """Bruno is away from tomorrow for three days: his turns go to Anna, who is told."""
    add_absence(
        chore_house,
        residents[1].id,
        AbsenceKind.HOLIDAY,
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=3),
    )
    db.session.commit()


def _notes(person) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(PlanChange)
        .where(PlanChange.person_id == person.id, PlanChange.seen_at.is_(None))
    )


def test_what_changed_is_on_my_today_screen_until_got_it_htmx(
    anna_chores_tablet, chore_house, residents
):
    anna, _bruno = residents
    _bruno_away_soon(chore_house, residents)
    page = text(anna_chores_tablet.get("/tablet/today"))
    assert "What changed in your chores" in page
    assert "New for you: “" in page or "moved to" in page
    assert "/tablet/chores/changes/seen" in page and "Got it" in page
    assert _notes(anna) > 0
    response = anna_chores_tablet.htmx("post", "/tablet/chores/changes/seen")
    assert response.status_code == 200 and text(response) == ""
    assert _notes(anna) == 0
    assert "What changed in your chores" not in text(anna_chores_tablet.get("/tablet/today"))


def test_got_it_plain_goes_back_to_today_and_only_hides_my_notes(
    anna_chores_tablet, bruno_chores_tablet, chore_house, residents
):
    anna, bruno = residents
    _bruno_away_soon(chore_house, residents)
    assert _notes(bruno) > 0 and _notes(anna) > 0
    response = bruno_chores_tablet.post("/tablet/chores/changes/seen")
    assert response.status_code == 303 and response.headers["Location"].endswith("/tablet/today")
    assert _notes(bruno) == 0 and _notes(anna) > 0


def test_what_changed_speaks_italian(anna_chores_tablet, chore_house, residents):
    chore_house.locale = "it"
    db.session.commit()
    _bruno_away_soon(chore_house, residents)
    page = text(anna_chores_tablet.get("/tablet/today"))
    assert "Cosa è cambiato nelle tue faccende" in page and "Ho capito" in page
    assert "Nuovo turno per te" in page or "è stato spostato a" in page


def test_got_it_needs_a_resident(enrolled_client, chore_house):
    response = enrolled_client(chore_house).post("/tablet/chores/changes/seen")
    assert response.status_code in (302, 303, 403)
