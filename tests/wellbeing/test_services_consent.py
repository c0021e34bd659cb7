"""Consent stays the resident's: a worker only proposes; the resident accepts, refuses, or
chooses something else; every step is in the history and the register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cohousing.audit.models import AuditEvent
from cohousing.extensions import db
from cohousing.households.services import current_residents, move_out
from cohousing.rules import RuleError
from cohousing.wellbeing.models import SHARE_ORDER, ProposalStatus, ShareLevel
from cohousing.wellbeing.services import (
    SHARE_LABELS,
    answer_proposal,
    consent_history,
    current_share,
    is_wider,
    pending_proposal,
    propose_share,
    set_share,
    shares_of,
    shows_mood,
    visible_fields,
)


def actions(person) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.subject_person_id == person.id,
                AuditEvent.action.startswith("wellbeing.sharing"),
            )
            .order_by(AuditEvent.id)
        )
    )


def test_a_proposal_changes_nothing_until_the_resident_accepts(app, household, worker, clock):
    anna = current_residents(household)[0]
    with app.test_request_context():
        proposal = propose_share(anna, household, ShareLevel.MOOD_TAGS_NOTE, staff=worker)
        assert current_share(anna, household) is ShareLevel.MOOD
        assert pending_proposal(anna) == proposal
        clock.advance(timedelta(minutes=5))
        row = answer_proposal(anna, household, proposal.id, accept=True)
    assert row.changed_by_person_id == anna.id and row.changed_by_staff_id is None
    assert current_share(anna, household) is ShareLevel.MOOD_TAGS_NOTE
    assert pending_proposal(anna) is None
    assert [e.what for e in consent_history(anna)] == ["changed", "accepted", "proposed"]
    assert consent_history(anna)[-1].staff_name == worker.display_name
    assert actions(anna) == [
        "wellbeing.sharing_proposed",
        "wellbeing.sharing_accepted",
        "wellbeing.sharing_changed",
    ]


def test_refused_once_and_never_answered_twice(app, household, worker):
    anna = current_residents(household)[0]
    with app.test_request_context():
        proposal = propose_share(anna, household, ShareLevel.MOOD_TAGS, staff=worker)
        assert answer_proposal(anna, household, proposal.id, accept=False) is None
        with pytest.raises(RuleError):
            answer_proposal(anna, household, proposal.id, accept=True)
    assert current_share(anna, household) is ShareLevel.MOOD
    assert proposal.status is ProposalStatus.REFUSED
    assert "wellbeing.sharing_refused" in actions(anna)


def test_the_residents_own_choice_replaces_a_waiting_proposal(app, household, worker):
    anna = current_residents(household)[0]
    with app.test_request_context():
        first = propose_share(anna, household, ShareLevel.MOOD_TAGS, staff=worker)
        second = propose_share(anna, household, ShareLevel.MOOD_TAGS_NOTE, staff=worker)
        db.session.refresh(first)
        assert first.status is ProposalStatus.REPLACED and pending_proposal(anna) == second
        set_share(anna, household, ShareLevel.MOOD_TAGS, by_person=anna)
        db.session.refresh(second)
    assert second.status is ProposalStatus.REPLACED and pending_proposal(anna) is None
    assert current_share(anna, household) is ShareLevel.MOOD_TAGS


def test_nobody_answers_for_someone_else(app, household, worker):
    anna, bruno = current_residents(household)
    with app.test_request_context():
        proposal = propose_share(anna, household, ShareLevel.MOOD_TAGS, staff=worker)
        for who, proposal_id in ((bruno, proposal.id), (anna, None), (anna, 10**9)):
            with pytest.raises(RuleError):
                answer_proposal(who, household, proposal_id, accept=True)
    assert current_share(anna, household) is ShareLevel.MOOD


def test_no_proposal_for_what_is_shared_already_or_for_who_moved_out(app, household, worker):
    anna, bruno = current_residents(household)
    move_out(household, bruno.id, household.today())
    with app.test_request_context():
        with pytest.raises(RuleError) as same:
            propose_share(anna, household, ShareLevel.MOOD, staff=worker)
        assert "already" in str(same.value.message)
        with pytest.raises(RuleError):
            propose_share(bruno, household, ShareLevel.MOOD_TAGS, staff=worker)
    assert pending_proposal(anna) is None and pending_proposal(bruno) is None


# --- sharing nothing: only that a check-in was made ---------------------------------------


def test_nothing_is_the_narrowest_level_and_hides_the_mood():
    assert SHARE_ORDER[0] is ShareLevel.NOTHING
    assert set(SHARE_ORDER) == set(ShareLevel) and set(SHARE_LABELS) == set(ShareLevel)
    assert all(is_wider(level, ShareLevel.NOTHING) for level in SHARE_ORDER[1:])
    assert not shows_mood(ShareLevel.NOTHING) and visible_fields(ShareLevel.NOTHING) == (
        False,
        False,
    )
    assert all(shows_mood(level) for level in SHARE_ORDER[1:])


def test_sharing_nothing_is_the_residents_one_tap_and_kept_in_the_history(
    app, household, worker, clock
):
    anna, bruno = current_residents(household)
    with app.test_request_context():
        waiting = propose_share(anna, household, ShareLevel.MOOD_TAGS, staff=worker)
        with pytest.raises(RuleError):
            set_share(anna, household, ShareLevel.NOTHING, by_person=bruno)
        clock.advance(timedelta(minutes=1))
        row = set_share(anna, household, ShareLevel.NOTHING, by_person=anna)
        db.session.refresh(waiting)
    assert row.changed_by_person_id == anna.id
    assert current_share(anna, household) is ShareLevel.NOTHING
    assert waiting.status is ProposalStatus.REPLACED
    assert shares_of(household, [anna.id, bruno.id]) == {
        anna.id: ShareLevel.NOTHING,
        bruno.id: ShareLevel.MOOD,
    }
    history = consent_history(anna)
    assert (history[0].what, history[0].share) == ("changed", ShareLevel.NOTHING)
    detail = db.session.scalar(
        select(AuditEvent.detail).where(
            AuditEvent.subject_person_id == anna.id,
            AuditEvent.action == "wellbeing.sharing_changed",
        )
    )
    assert detail == "mood -> nothing"


def test_from_nothing_a_worker_only_proposes_and_the_resident_accepts(
    app, household, worker, clock
):
    anna = current_residents(household)[0]
    with app.test_request_context():
        set_share(anna, household, ShareLevel.NOTHING, by_person=anna)
        clock.advance(timedelta(minutes=1))
        proposal = propose_share(anna, household, ShareLevel.MOOD, staff=worker)
        assert current_share(anna, household) is ShareLevel.NOTHING  # nothing changes yet
        assert answer_proposal(anna, household, proposal.id, accept=False) is None
        assert current_share(anna, household) is ShareLevel.NOTHING
        clock.advance(timedelta(minutes=1))
        again = propose_share(anna, household, ShareLevel.MOOD, staff=worker)
        clock.advance(timedelta(minutes=1))
        answer_proposal(anna, household, again.id, accept=True)
    assert current_share(anna, household) is ShareLevel.MOOD
    assert [e.what for e in consent_history(anna)][:3] == ["changed", "accepted", "proposed"]


def test_a_worker_can_propose_sharing_nothing_too(app, household, worker):
    anna = current_residents(household)[0]
    with app.test_request_context():
        proposal = propose_share(anna, household, ShareLevel.NOTHING, staff=worker)
        assert current_share(anna, household) is ShareLevel.MOOD
        answer_proposal(anna, household, proposal.id, accept=True)
    assert current_share(anna, household) is ShareLevel.NOTHING
