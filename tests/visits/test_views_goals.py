"""Goal screens: adding, listing (audited), reviewing; refusals keep what was typed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents
from cohousing.visits.models import Goal, GoalStatus
from cohousing.visits.services import add_goal
from tests.fixtures.households import text


def count_goals() -> int:
    return db.session.scalar(select(func.count(Goal.id)))


def test_goals_are_added_listed_and_audited(client, login, worker, hf_flat, clock):
    elena = current_residents(hf_flat)[0]
    login(worker)
    bad = client.post(
        f"/households/{hf_flat.id}/goals",
        data={
            "person_id": str(elena.id),
            "title": "Find a course",
            "review_on": (hf_flat.today() - timedelta(days=2)).isoformat(),
        },
    )
    assert bad.status_code == 422
    assert "cannot be in the past" in text(bad)
    assert "Find a course" in text(bad)
    assert count_goals() == 0
    ok = client.post(
        f"/households/{hf_flat.id}/goals",
        data={
            "person_id": str(elena.id),
            "title": "Find a course",
            "steps": "Visit the library",
            "review_on": (hf_flat.today() + timedelta(days=14)).isoformat(),
        },
    )
    assert ok.status_code == 303
    goal = db.session.scalar(select(Goal))
    assert goal.title == "Find a course"
    clock.advance(timedelta(days=20))
    login(worker)  # the staff session ended after its idle time
    page = text(client.get(f"/households/{hf_flat.id}/goals"))
    assert "Review date passed" in page
    viewed = db.session.scalars(select(AuditEvent).filter_by(action="goal.viewed")).all()
    assert viewed and all(e.subject_person_id == elena.id for e in viewed)
    review = client.post(
        f"/households/{hf_flat.id}/goals/{goal.id}/review", data={"status": "reached"}
    )
    assert review.status_code == 303
    db.session.expire_all()
    assert goal.status is GoalStatus.REACHED


def test_a_goal_sent_twice_is_added_once(client, login, worker, hf_flat):
    elena = current_residents(hf_flat)[0]
    login(worker)
    data = {
        "person_id": str(elena.id),
        "title": "Cook",
        "review_on": (hf_flat.today() + timedelta(days=7)).isoformat(),
        "submission_id": "goal-once",
    }
    assert client.post(f"/households/{hf_flat.id}/goals", data=data).status_code == 303
    again = client.htmx("post", f"/households/{hf_flat.id}/goals", data=data)
    assert again.headers["HX-Redirect"] == f"/households/{hf_flat.id}/goals"
    assert count_goals() == 1


def test_a_goal_for_someone_of_another_household_is_refused(
    client, login, worker, hf_flat, other_household
):
    zeno = current_residents(other_household)[0]
    login(worker)
    response = client.post(
        f"/households/{hf_flat.id}/goals",
        data={
            "person_id": str(zeno.id),
            "title": "Theirs",
            "review_on": (hf_flat.today() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Choose someone who lives in this household." in text(response)
    assert count_goals() == 0


def test_a_review_needs_a_status_and_an_active_goal_a_date(app, client, login, worker, hf_flat):
    elena = current_residents(hf_flat)[0]
    with app.test_request_context():
        goal = add_goal(
            hf_flat,
            person_id=elena.id,
            title="Cook",
            steps="",
            review_on=hf_flat.today() + timedelta(days=7),
            staff=worker,
        )
        db.session.commit()
    login(worker)
    url = f"/households/{hf_flat.id}/goals/{goal.id}/review"
    no_status = client.post(url, data={})
    assert no_status.status_code == 422 and "Choose how it is going." in text(no_status)
    no_date = client.post(url, data={"status": "active", "review_on": ""})
    assert no_date.status_code == 422 and "Choose when to look at it again." in text(no_date)
    db.session.expire_all()
    assert goal.review_on == hf_flat.today() + timedelta(days=7)


def test_another_households_goal_is_404(app, client, login, worker, hf_flat, other_household):
    zeno = current_residents(other_household)[0]
    with app.test_request_context():
        theirs = add_goal(
            other_household,
            person_id=zeno.id,
            title="Theirs",
            steps="",
            review_on=other_household.today() + timedelta(days=7),
            staff=None,
        )
        db.session.commit()
    login(worker)
    for url in (
        f"/households/{hf_flat.id}/goals/{theirs.id}/review",
        f"/households/{other_household.id}/goals/{theirs.id}/review",
    ):
        assert client.post(url, data={"status": "stopped"}).status_code == 404
    db.session.expire_all()
    assert theirs.status is GoalStatus.ACTIVE


def test_the_new_goal_offers_a_review_in_three_months(client, login, worker, hf_flat):
    login(worker)
    page = text(client.get(f"/households/{hf_flat.id}/goals"))
    assert (
        'name="review_on" required type="date" value="2027-02-25"' in page
    )  # today is 25 Nov 2026
    crumbs = page[page.index('class="muted crumbs"') :].split("</p>")[0]
    assert hf_flat.name in crumbs and "Personal goals" in crumbs and "Visits" not in crumbs
