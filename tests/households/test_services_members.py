"""Household rules without HTTP: who lives where and when, who follows whom, residents'
details and the PIN a coordinator sets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cohousing.extensions import db
from cohousing.households.models import LinkFunction, Membership
from cohousing.households.services import (
    archive_household,
    current_residents,
    current_worker_links,
    household_people,
    is_locked,
    link_worker,
    move_out,
    move_to,
    move_to_by_id,
    past_memberships,
    reset_pin,
    unlink_worker,
    update_resident,
)
from cohousing.people.models import AVATAR_COLOURS
from cohousing.rules import RuleError
from cohousing.tablet.services import check_pin

TODAY = date(2026, 11, 25)


def names(people) -> list[str]:
    return [p.display_name for p in people]


# --- who lives where, and when ---------------------------------------------------------


def test_current_and_past_residents_follow_the_dates(household, clock):
    anna = current_residents(household)[0]
    move_out(household, anna.id, TODAY + timedelta(days=10))
    db.session.commit()

    assert "Anna Bianchi" in names(current_residents(household, TODAY + timedelta(days=9)))
    assert "Anna Bianchi" not in names(current_residents(household, TODAY + timedelta(days=10)))
    assert past_memberships(household) == []  # not gone yet
    clock.advance(timedelta(days=10))
    past = past_memberships(household)
    assert [(m.person.display_name, m.started_on, m.ended_on) for m in past] == [
        ("Anna Bianchi", TODAY, TODAY + timedelta(days=10))
    ]


def test_household_people_reads_everyone_and_who_lives_there_in_one_query(
    household, other_household, count_queries
):
    anna, bruno = current_residents(household)
    move_out(household, anna.id, TODAY + timedelta(days=10))
    db.session.commit()
    assert household.id  # loaded again, as a request has it
    for day in (TODAY, TODAY + timedelta(days=9), TODAY + timedelta(days=10)):
        with count_queries() as ran:
            everyone, living = household_people(household, day)
        assert len(ran) == 1
        assert set(everyone) == {anna.id, bruno.id}  # a past resident is still named
        assert living == current_residents(household, day)  # the same people, same order
    assert names(household_people(household, TODAY + timedelta(days=10))[1]) == ["Bruno Rossi"]
    assert not set(household_people(other_household)[0]) & {anna.id, bruno.id}


def test_move_out_cannot_be_before_moving_in(household):
    anna = current_residents(household)[0]
    with pytest.raises(RuleError) as error:
        move_out(household, anna.id, TODAY - timedelta(days=1))
    assert error.value.field == "ended_on"
    assert "Anna Bianchi" in names(current_residents(household))


def test_move_to_keeps_the_history_in_both_households(household, other_household):
    anna = current_residents(household)[0]
    move_to(household, anna.id, other_household, TODAY)
    db.session.commit()

    assert "Anna Bianchi" not in names(current_residents(household))
    assert "Anna Bianchi" in names(current_residents(other_household))
    stays = db.session.scalars(
        select(Membership).where(Membership.person_id == anna.id).order_by(Membership.id)
    ).all()
    assert [(m.household_id, m.started_on, m.ended_on) for m in stays] == [
        (household.id, TODAY, TODAY),
        (other_household.id, TODAY, None),
    ]


def test_move_to_refuses_the_same_or_an_archived_household(household, other_household):
    anna = current_residents(household)[0]
    with pytest.raises(RuleError):
        move_to(household, anna.id, household, TODAY)
    archive_household(other_household)
    with pytest.raises(RuleError) as error:
        move_to(household, anna.id, other_household, TODAY)
    assert error.value.field == "target"


# --- workers ----------------------------------------------------------------------------


def test_linking_twice_is_a_no_op(household, worker):
    first = current_worker_links(household)
    again = link_worker(household, worker.id, started_on=TODAY)
    db.session.commit()
    assert again is first[0]
    assert len(current_worker_links(household)) == 1


def test_unlink_ends_the_link_and_keeps_it(household, worker, clock):
    link = current_worker_links(household)[0]
    unlink_worker(household, link.id, TODAY)
    db.session.commit()
    assert current_worker_links(household) == []
    assert link.ended_on == TODAY
    relinked = link_worker(household, worker.id, started_on=TODAY, function=LinkFunction.MEDIATOR)
    assert relinked.id != link.id and relinked.function is LinkFunction.MEDIATOR


def test_only_active_workers_can_be_linked(household, coordinator, make_staff):
    with pytest.raises(RuleError):
        link_worker(household, coordinator.id, started_on=TODAY)


# --- residents -------------------------------------------------------------------------


def test_reset_pin_sets_the_new_pin_and_lifts_a_lock(household):
    anna = current_residents(household)[0]
    for _ in range(5):
        check_pin(anna, "0000")
    assert is_locked(anna)
    reset_pin(household, anna, "97531")
    assert not is_locked(anna) and anna.pin_locks == 0
    assert check_pin(anna, "97531").ok and not check_pin(anna, "1234").ok
    for shape in ("12a4", "١٢٣٤", "12\x0034", "²³⁴⁵"):
        with pytest.raises(RuleError) as error:
            reset_pin(household, anna, shape)
        assert error.value.field == "pin"
    assert check_pin(anna, "97531").ok


def test_update_resident_changes_details_and_bumps_the_photo_version(household):
    anna = current_residents(household)[0]
    update_resident(
        household,
        anna,
        display_name="Anna B.",
        preferred_language="en",
        avatar_colour=AVATAR_COLOURS[3],
        photo=b"jpeg-bytes",
    )
    assert (anna.display_name, anna.preferred_language, anna.avatar_colour) == (
        "Anna B.",
        "en",
        AVATAR_COLOURS[3],
    )
    assert anna.photo_version == 1 and anna.has_photo
    update_resident(
        household,
        anna,
        display_name="Anna B.",
        preferred_language=None,
        avatar_colour=AVATAR_COLOURS[3],
        photo=b"other-bytes",
    )
    assert anna.photo_version == 2
    update_resident(
        household,
        anna,
        display_name="Anna B.",
        preferred_language=None,
        avatar_colour=AVATAR_COLOURS[3],
        remove_photo=True,
    )
    assert not anna.has_photo and anna.photo is None
    with pytest.raises(RuleError):
        update_resident(
            household,
            anna,
            display_name=" ",
            preferred_language=None,
            avatar_colour=AVATAR_COLOURS[0],
        )


def test_a_past_resident_is_not_changed_any_more(household):
    anna = current_residents(household)[0]
    move_out(household, anna.id, TODAY)
    db.session.flush()
    with pytest.raises(RuleError) as error:
        reset_pin(household, anna, "97531")
    assert str(error.value.message) == "This person does not live here now."
    with pytest.raises(RuleError):
        update_resident(
            household,
            anna,
            display_name="Anna B.",
            preferred_language=None,
            avatar_colour=AVATAR_COLOURS[0],
        )
    assert anna.display_name == "Anna Bianchi" and not check_pin(anna, "97531").ok


def test_moving_to_an_unknown_household_id_is_a_message_by_the_field(household):
    anna = current_residents(household)[0]
    with pytest.raises(RuleError) as error:
        move_to_by_id(household, anna.id, 999_999, TODAY)
    assert error.value.field == "target"
    assert "Anna Bianchi" in names(current_residents(household))
