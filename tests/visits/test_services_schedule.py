"""How often a household expects a visit, and the overdue-visit job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.rules import RuleError
from cohousing.visits.models import VisitKind
from cohousing.visits.services import check_overdue_visits, set_interval, visit_interval
from cohousing.wellbeing.models import Concern, ConcernKind


def test_housing_first_expects_a_visit_every_7_days_others_none(app, hf_flat, household):
    assert visit_interval(hf_flat) == 7
    assert visit_interval(household) is None
    with app.test_request_context():
        set_interval(household, 14)
        set_interval(hf_flat, None)
    assert visit_interval(household) == 14 and visit_interval(hf_flat) is None


@pytest.mark.parametrize("days", [0, 91, -3])
def test_the_rhythm_is_between_1_and_90_days(app, household, days):
    with app.test_request_context(), pytest.raises(RuleError) as refused:
        set_interval(household, days)
    assert refused.value.field == "every_days" and visit_interval(household) is None


def test_an_overdue_visit_raises_one_concern_per_expected_day(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=6)
        assert check_overdue_visits() == []  # due tomorrow
        clock.advance(timedelta(days=2))
        raised = check_overdue_visits()
        again = check_overdue_visits()
        db.session.commit()
    assert [c.kind for c in raised] == [ConcernKind.OVERDUE_VISIT]
    assert again == []
    assert db.session.scalar(select(func.count(Concern.id))) == 1


def test_a_call_nobody_answered_does_not_count_as_a_visit(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=9)
        add_visit(hf_flat, days_ago=1, kind=VisitKind.NO_ANSWER)
        raised = check_overdue_visits()
    assert len(raised) == 1


def test_an_agreed_earlier_date_is_when_the_visit_is_due(app, hf_flat, add_visit, clock):
    with app.test_request_context():
        add_visit(hf_flat, days_ago=4, next_visit_on=hf_flat.today() - timedelta(days=1))
        raised = check_overdue_visits()
    assert len(raised) == 1
    assert raised[0].dedupe_key.endswith((hf_flat.today() - timedelta(days=1)).isoformat())


def test_the_check_visits_command_at_a_moment_and_a_bad_moment(app, hf_flat, clock):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "2026-11-30T12:00"])
    assert "0 overdue visit concern(s) raised" in result.output
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "2026-12-05T12:00"])
    assert "1 overdue visit concern(s) raised" in result.output
    assert clock.now().day == 25  # the clock is given back
    result = runner.invoke(args=["cohousing", "check-visits", "--at", "soon"])
    assert result.exit_code != 0 and "--at" in result.output
    assert db.session.scalar(select(func.count(Concern.id))) == 1
