"""Mutual help and mediation without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohousing.community.models import HelpKind, HelpPost
from cohousing.community.services import (
    ask_for_mediation,
    board,
    mark_done,
    mediators,
    open_posts,
    post_help,
    take,
)
from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.models import LinkFunction, WorkerLink
from cohousing.rules import RuleError
from cohousing.wellbeing.models import Concern, ConcernKind, Urgency


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_help_is_taken_once_and_both_can_mark_it_done(household, anna_bruno):
    anna, bruno = anna_bruno
    post = post_help(household, anna.id, HelpKind.REQUEST, "School run on Tuesday?")
    with pytest.raises(RuleError):
        take(post, anna.id)  # not your own
    take(post, bruno.id)
    take(post, bruno.id)  # a double tap
    assert post.taken_by_id == bruno.id
    with pytest.raises(RuleError, match="already taken"):
        take(post, 999999)
    with pytest.raises(RuleError, match="Only the person"):
        mark_done(post, 999999)
    mark_done(post, bruno.id)
    assert post.state == "done"
    assert open_posts(household) == []
    assert board(household) == [post]


@pytest.mark.parametrize("body", ["", "  ", "x" * 281])
def test_a_help_post_needs_short_text(household, anna_bruno, body):
    with pytest.raises(RuleError) as refused:
        post_help(household, anna_bruno[0].id, HelpKind.OFFER, body)
    assert refused.value.field == "body" and count(HelpPost) == 0


def test_a_help_post_is_saved_once_per_submission(household, anna_bruno):
    post_help(household, anna_bruno[0].id, HelpKind.OFFER, "Shopping", submission_id="h1")
    with pytest.raises(AlreadySubmitted):
        post_help(household, anna_bruno[0].id, HelpKind.OFFER, "Shopping", submission_id="h1")
    assert count(HelpPost) == 1


def test_mediation_is_a_private_non_urgent_concern(household, anna_bruno):
    anna, _ = anna_bruno
    concern = ask_for_mediation(household, anna.id, "Noise at night")
    assert concern.kind is ConcernKind.MEDIATION
    assert concern.urgency is Urgency.NORMAL
    assert concern.raised_by_person_id == anna.id
    with pytest.raises(RuleError):
        ask_for_mediation(household, anna.id, "x" * 2001)
    assert count(Concern) == 1


def test_mediation_is_asked_once_per_submission(household, anna_bruno):
    anna, _ = anna_bruno
    ask_for_mediation(household, anna.id, "Noise", submission_id="m1")
    with pytest.raises(AlreadySubmitted):
        ask_for_mediation(household, anna.id, "Noise", submission_id="m1")
    assert count(Concern) == 1


def test_mediators_are_the_workers_linked_as_mediators(household, worker):
    assert mediators(household) == []  # `worker` follows the house as a social worker
    [link] = db.session.scalars(select(WorkerLink).filter_by(household_id=household.id)).all()
    link.function = LinkFunction.MEDIATOR
    db.session.flush()
    assert mediators(household) == [worker.display_name]
