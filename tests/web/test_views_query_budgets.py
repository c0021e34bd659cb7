"""Staff pages that record a view commit once, after rendering, and read nothing twice.

Committing in the middle of a request expired every loaded row, and the template read the
household, the signed-in account and each resident back, one query each.
"""

from __future__ import annotations

from cohousing.extensions import db
from cohousing.households.services import current_residents
from tests.tablet.test_views_today_queries import add_history


def measure(client, url: str, count_queries) -> tuple[int, list[str], str]:
    db.session.expunge_all()  # as a new request: nothing loaded yet
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), statements, response.get_data(as_text=True)


def test_household_page_reads_the_household_and_account_once(
    client, login, worker, household, count_queries
):
    login(worker)
    url = f"/households/{household.id}"
    queries, statements, page = measure(client, url, count_queries)
    assert "Casa Serena" in page
    household_reads = [s for s in statements if s.lstrip().startswith("SELECT household.")]
    assert len(household_reads) == 1
    assert queries <= 12


def test_summary_reads_each_resident_once_however_many_live_there(
    client, login, worker, make_household, count_queries
):
    login(worker)
    small = make_household("Casa Piccola", workers=(worker,))
    big = make_household(
        "Casa Grande",
        workers=(worker,),
        residents=tuple((f"Persona {i}", "1234") for i in range(6)),
    )

    small_id, big_id = small.id, big.id

    def person_reads(household_id: int) -> int:
        _, statements, page = measure(
            client, f"/dashboard/households/{household_id}", count_queries
        )
        assert "Casa" in page
        return sum(1 for s in statements if s.lstrip().startswith("SELECT person."))

    assert person_reads(small_id) == person_reads(big_id) <= 2


def test_money_page_costs_the_same_with_a_short_or_long_history(
    client, login, worker, household, count_queries
):
    login(worker)
    people = current_residents(household)
    household_id, person_ids = household.id, [p.id for p in people]
    add_history(household, people, 1, 3)
    url = f"/households/{household_id}/money"
    short, statements, _ = measure(client, url, count_queries)
    balance_reads = [s for s in statements if "money_balance" in s]
    assert len(balance_reads) == 1  # the kept balances once, for the table and the transfers
    assert not [s for s in statements if "sum(" in s and "expense_payer" in s]  # no history
    from cohousing.households.models import Household
    from cohousing.people.models import Person

    household = db.session.get(Household, household_id)
    add_history(household, [db.session.get(Person, i) for i in person_ids], 4, 200)
    long, _, page = measure(client, url, count_queries)
    assert short == long <= 16
    assert "Spesa" in page


def test_concern_list_loads_households_and_people_with_the_concerns(
    client, login, coordinator, make_household, count_queries
):
    from cohousing.wellbeing.models import Concern, ConcernKind, ConcernSource, Urgency

    login(coordinator)

    def add(count: int) -> None:
        for i in range(count):
            house = make_household(f"Casa {i:02d}-{count}")
            db.session.add(
                Concern(
                    household_id=house.id,
                    person_id=current_residents(house)[0].id,
                    kind=ConcernKind.HELP_REQUEST,
                    urgency=Urgency.NORMAL,
                    source=ConcernSource.PERSON,
                )
            )
        db.session.commit()

    add(2)
    few, _, page = measure(client, "/concerns/", count_queries)
    assert "Casa 00-2" in page and "Casa 01-2" in page
    add(8)
    many, _, page = measure(client, "/concerns/", count_queries)
    assert "Casa 07-8" in page
    assert few == many


def test_summary_reads_the_account_once_and_commits_once(
    client, login, worker, household, count_queries
):
    """A GET whose view wrote nothing leaves the one commit to the access register: a
    commit before it expired the signed-in account, which the register read back."""
    login(worker)
    queries, statements, page = measure(
        client, f"/dashboard/households/{household.id}", count_queries
    )
    assert "Casa Serena" in page
    assert len([s for s in statements if "FROM staff_account" in s]) == 1
    assert len([s for s in statements if s.lstrip().startswith("INSERT INTO audit_event")]) >= 1
    assert queries <= 12
