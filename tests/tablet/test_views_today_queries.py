"""The resident's today screen: a fixed, small number of queries, whatever the history.

The today screen is what a tablet opens most. Its budget (12 queries) covers the device and
the resident (2), the check-in, the chores, money and house life; none may grow with the
days of check-ins, chores, expenses or notices behind it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from cohousing.chores.models import AssignmentStatus, Chore, ChoreAssignment, ChoreCompletion
from cohousing.community.models import HelpKind, HelpPost, Notice
from cohousing.community.services import (
    house_life_counts,
    next_meeting,
    open_polls,
    open_posts,
    unread_count,
)
from cohousing.extensions import db
from cohousing.households.models import Household
from cohousing.households.services import current_residents
from cohousing.money.models import Expense, ExpenseCategory, ExpensePayer, ExpenseShare, SplitKind
from cohousing.money.services import rebuild_balances
from cohousing.people.models import Person
from cohousing.wellbeing.models import CheckIn

TODAY = date(2026, 11, 25)
BUDGET = 12


def add_history(household, people, first: int, last: int) -> None:
    """From `first` to `last` days ago: check-ins, chore turns (some undone), expenses."""
    chores = list(db.session.scalars(select(Chore).filter_by(household_id=household.id)))
    for back in range(first, last + 1):
        day = TODAY - timedelta(days=back)
        for person in people:
            db.session.add(
                CheckIn(person_id=person.id, household_id=household.id, local_date=day, mood=3)
            )
        for index, chore in enumerate(chores[:2]):
            person = people[(back + index) % len(people)]
            done = back % 5 != 0
            turn = ChoreAssignment(
                household_id=household.id,
                chore_id=chore.id,
                due_on=day,
                person_id=person.id,
                status=AssignmentStatus.DONE if done else AssignmentStatus.PLANNED,
            )
            if done:
                turn.completion = ChoreCompletion(done_by_id=person.id)
            db.session.add(turn)
        payer = people[back % len(people)]
        expense = Expense(
            household_id=household.id,
            description="Spesa",
            amount_cents=1000 * len(people),
            spent_on=day,
            category=ExpenseCategory.GROCERIES,
            split_kind=SplitKind.EQUAL,
            by_person_id=payer.id,
        )
        expense.payers = [ExpensePayer(person_id=payer.id, cents=1000 * len(people))]
        expense.shares = [ExpenseShare(person_id=p.id, cents=1000) for p in people]
        db.session.add(expense)
        if back % 3 == 0:
            db.session.add(
                Notice(household_id=household.id, body="Notice", author_person_id=payer.id)
            )
            db.session.add(
                HelpPost(
                    household_id=household.id,
                    kind=HelpKind.OFFER,
                    body="Help",
                    posted_by_id=payer.id,
                )
            )
    db.session.flush()
    rebuild_balances([household.id])  # rows added straight to the tables
    db.session.commit()


def test_today_costs_the_same_few_queries_with_a_short_or_a_long_history(
    household, resident_client, count_queries
):
    people = current_residents(household)
    client = resident_client(household, people[0], "1234")

    def measure() -> tuple[int, str]:
        db.session.expunge_all()  # as a new request: nothing loaded yet
        with count_queries() as statements:
            response = client.get("/tablet/today")
        assert response.status_code == 200
        return len(statements), response.get_data(as_text=True)

    add_history(household, people, 1, 3)
    household_id, person_ids = household.id, [p.id for p in people]
    short, page = measure()
    assert "Hello, Anna Bianchi" in page
    household = db.session.get(Household, household_id)
    add_history(household, [db.session.get(Person, i) for i in person_ids], 4, 400)
    long, page = measure()
    assert short == long <= BUDGET, (short, long)
    assert "Hello, Anna Bianchi" in page


def test_the_today_screen_counts_house_life_as_the_boards_do(household, resident_client):
    """The one-query summary agrees with the notice board, polls, help and meetings pages."""
    people = current_residents(household)
    add_history(household, people, 1, 30)
    done = db.session.scalars(select(HelpPost).filter_by(household_id=household.id)).first()
    done.done_at = done.created_at
    db.session.commit()
    counts = house_life_counts(household, people[0].id)
    assert counts["unread"] == unread_count(household, people[0].id) == 10
    assert counts["help"] == len(open_posts(household)) == 9
    assert counts["polls"] == len(open_polls(household))
    assert (counts["meeting"] is None) == (next_meeting(household) is None)
