"""Staff money pages besides expenses and payments: settings, recurring expenses, monthly
contributions, and deleting a contribution payment recorded by mistake."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.money.models import ContributionPayment, Expense, MoneySettings, RecurringExpense
from cohousing.money.services import SYSTEM, record_contribution_payment, set_contribution
from cohousing.staff.models import Role
from tests.fixtures.households import text
from tests.fixtures.money import count, expense_form, url


def test_kitty_mode_and_arrears_settings(client, login, coordinator, money_house, pair, book):
    anna, bruno = pair
    book(money_house, anna, 3000, [anna, bruno])
    login(coordinator)
    response = client.post(
        url(money_house, "/settings"),
        data={"kitty_mode": "y", "arrears_threshold": "50", "arrears_days": "10"},
    )
    assert response.status_code == 303
    page = text(client.get(url(money_house)))
    assert "Bruno Rossi puts" in page and "in the house pot" in page
    bad = client.post(url(money_house, "/settings"), data={"arrears_days": "999"})
    assert bad.status_code == 422 and "366" in text(bad)


def test_recurring_rent_created_and_ended(client, login, coordinator, money_house, pair):
    anna, bruno = pair
    login(coordinator)
    data = {
        "description": "Affitto",
        "amount": "900",
        "category": "rent",
        "payer": anna.id,
        "period": "monthly",
        "day": "1",
        "starts_on": "2026-12-01",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
    }
    data["submission_id"] = "rec-1"
    assert client.post(url(money_house, "/recurring/new"), data=data).status_code == 303
    assert client.post(url(money_house, "/recurring/new"), data=data).status_code == 303
    recurring = db.session.scalar(select(RecurringExpense))  # two taps: one rent
    assert recurring.amount_cents == 90000 and len(recurring.participants) == 2
    assert "Affitto" in text(client.get(url(money_house)))
    stop = url(money_house, f"/recurring/{recurring.id}/stop")
    assert client.post(stop, data={"last_day": "2027-06-30"}).status_code == 303
    assert recurring.ends_on == date(2027, 6, 30)
    bad = client.post(
        url(money_house, "/recurring/new"), data={**data, "amount": "0", "submission_id": "r2"}
    )
    assert bad.status_code == 422 and count(RecurringExpense) == 1


def test_a_weekly_expense_takes_its_day_from_the_weekday_names(
    client, login, coordinator, money_house, pair
):
    anna, bruno = pair
    coordinator.preferred_language = "it"
    db.session.commit()
    login(coordinator)
    form = text(client.get(url(money_house, "/recurring/new")))
    assert '<option value="2">mercoledì</option>' in form and "0 Monday" not in form
    data = {
        "description": "Pulizie",
        "amount": "20",
        "category": "other",
        "payer": anna.id,
        "period": "weekly",
        "day": "1",
        "weekday": "2",
        "starts_on": "2026-12-01",
        f"in-{anna.id}": "1",
        f"in-{bruno.id}": "1",
        "submission_id": "weekly-1",
    }
    assert client.post(url(money_house, "/recurring/new"), data=data).status_code == 303
    assert db.session.scalar(select(RecurringExpense)).day == 2
    assert "ogni settimana, di mercoledì" in text(client.get(url(money_house)))
    bad = {**data, "weekday": "9", "submission_id": "weekly-2"}
    refused = client.post(url(money_house, "/recurring/new"), data=bad)
    assert refused.status_code == 422 and count(RecurringExpense) == 1


def test_contribution_paid_and_overdue_months_on_the_page(
    client, login, coordinator, money_house, pair
):
    anna, _bruno = pair
    login(coordinator)
    data = {"person": anna.id, "amount": "150", "due_day": "5", "starts_on": "2026-09-01"}
    assert client.post(url(money_house, "/contributions/new"), data=data).status_code == 303
    paid = {"person": anna.id, "month": "2026-09-01", "amount": "150", "paid_on": "2026-09-04"}
    assert client.post(url(money_house, "/contributions/paid"), data=paid).status_code == 303
    page = text(client.get(url(money_house)))
    section = page[page.index(f'id="contribution-{anna.id}"') :]
    assert "paid" in section and "overdue, " in section
    assert "Overdue: €300.00" in section


def test_italian_staff_type_and_read_italian_amounts(client, login, make_staff, money_house, pair):
    anna, bruno = pair
    login(make_staff(Role.COORDINATOR, language="it"))
    data = expense_form(anna, bruno, amount="1.234,50")
    assert client.post(url(money_house, "/expenses/new"), data=data).status_code == 303
    assert db.session.scalar(select(Expense.amount_cents)) == 123450
    page = text(client.get(url(money_house)))
    assert "1.234,50\xa0€" in page and "617,25" in page


def test_a_contribution_payer_must_live_in_the_household(
    client, login, coordinator, money_house, other_household, pair
):
    from cohousing.households.services import current_residents

    anna, _bruno = pair
    (zeno,) = current_residents(other_household)
    set_contribution(money_house, anna.id, monthly_cents=15000, starts_on=date(2026, 9, 1))
    db.session.commit()
    login(coordinator)
    paid = {"person": zeno.id, "month": "2026-11-01", "amount": "150", "paid_on": "2026-11-04"}
    response = client.htmx("post", url(money_house, "/contributions/paid"), data=paid)
    assert response.status_code == 422 and "live in this household" in text(response)
    assert count(ContributionPayment) == 0


def test_settings_and_contributions_are_for_managers(client, login, worker, money_house, pair):
    login(worker)
    assert client.get(url(money_house, "/settings")).status_code == 403
    assert client.post(url(money_house, "/settings"), data={"kitty_mode": "y"}).status_code == 403
    data = {"person": pair[0].id, "amount": "150", "due_day": "5", "starts_on": "2026-09-01"}
    assert client.post(url(money_house, "/contributions/new"), data=data).status_code == 403
    assert count(MoneySettings) == 0


# --- a contribution payment recorded by mistake ------------------------------------------


@pytest.fixture
def wrong_payment(money_house, pair):
    """Anna pays €150 a month from November; November's €150 was recorded twice."""
    anna, _bruno = pair
    set_contribution(money_house, anna.id, monthly_cents=15000, starts_on=date(2026, 11, 1))
    for _ in range(2):
        payment = record_contribution_payment(
            money_house,
            anna.id,
            month=date(2026, 11, 1),
            cents=15000,
            paid_on=date(2026, 11, 3),
            by=SYSTEM,
        )
    db.session.commit()
    return payment


def delete_url(household, payment) -> str:
    return url(household, f"/contributions/payments/{payment.id}/delete")


def test_the_money_page_has_a_delete_button_by_each_payment(manager, money_house, wrong_payment):
    page = text(manager.get(url(money_house)))
    line = page[page.index(f'id="contribution-payment-{wrong_payment.id}"') :]
    assert "€150.00 for November 2026, paid on Nov 3, 2026" in line
    assert f'action="{delete_url(money_house, wrong_payment)}"' in line
    assert 'name="csrf_token"' in line and "hx-confirm=" in line
    assert page.count('id="contribution-payment-') == 2


def test_a_manager_deletes_it_plainly_and_it_no_longer_counts(
    manager, money_house, pair, wrong_payment
):
    before = text(manager.get(url(money_house)))
    assert "Up to date" in before
    response = manager.post(delete_url(money_house, wrong_payment))
    assert response.status_code == 303 and response.headers["Location"].endswith("/money")
    assert db.session.get(ContributionPayment, wrong_payment.id).deleted_at is not None
    page = text(manager.get(url(money_house)))
    assert f'id="contribution-payment-{wrong_payment.id}"' not in page
    assert page.count('id="contribution-payment-') == 1  # the right one stays
    audit = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "contribution.payment_deleted")
    )
    assert audit.detail == f"contribution payment {wrong_payment.id}"
    assert audit.subject_person_id == pair[0].id and audit.staff_id is not None


def test_with_htmx_the_overview_comes_back_without_it(manager, money_house, wrong_payment):
    response = manager.htmx("post", delete_url(money_house, wrong_payment))
    page = text(response)
    assert response.status_code == 200
    assert 'id="money-overview"' in page[:200]
    assert "<html" not in page
    assert f'id="contribution-payment-{wrong_payment.id}"' not in page


def test_deleting_it_twice_says_so(manager, money_house, wrong_payment):
    manager.post(delete_url(money_house, wrong_payment))
    again = manager.htmx("post", delete_url(money_house, wrong_payment))
    assert again.status_code == 422 and "This payment was deleted." in text(again)
    plain = manager.post(delete_url(money_house, wrong_payment))
    assert plain.status_code == 422 and "<html" in text(plain)
    deletions = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "contribution.payment_deleted")
    ).all()
    assert len(deletions) == 1


def test_a_worker_may_not_delete_it(client, login, worker, money_house, wrong_payment):
    login(worker)
    page = text(client.get(url(money_house)))
    assert "€150.00 for November 2026" in page
    assert delete_url(money_house, wrong_payment) not in page
    assert client.post(delete_url(money_house, wrong_payment)).status_code == 403
    assert db.session.get(ContributionPayment, wrong_payment.id).deleted_at is None


def test_another_households_payment_is_404(
    client, login, coordinator, money_house, other_household, wrong_payment
):
    login(coordinator)
    response = client.post(delete_url(other_household, wrong_payment))
    assert response.status_code == 404
    assert db.session.get(ContributionPayment, wrong_payment.id).deleted_at is None
    assert client.post(url(money_house, "/contributions/payments/999999/delete")).status_code == 404


@pytest.mark.parametrize(
    ("moment", "first", "last"),
    [
        ("2026-11-25T09:00:00+00:00", "June 2026", "November 2026"),
        ("2026-03-31T09:00:00+00:00", "October 2025", "March 2026"),
        ("2027-01-01T12:00:00+00:00", "August 2026", "January 2027"),
    ],
)
def test_the_money_page_shows_six_months_of_a_contribution(
    client, login, coordinator, clock, money_house, pair, moment, first, last
):
    anna, _bruno = pair
    set_contribution(money_house, anna.id, monthly_cents=15000, starts_on=date(2025, 1, 1))
    for membership in money_house.memberships:
        membership.started_on = date(2025, 1, 1)
    db.session.commit()
    clock.set_now(datetime.fromisoformat(moment))
    login(coordinator)
    page = text(client.get(url(money_house)))
    section = page[page.index(f'id="contribution-{anna.id}"') :]
    months = section[section.index('<ul class="months">') : section.index("</ul>")]
    shown = [line.split(":")[0].strip() for line in months.split("<li>")[1:]]
    assert len(shown) == 6
    assert (shown[0], shown[-1]) == (first, last)
