"""Chore set-up and the rota in the database: template, replan, absences, capacity, exclusions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale, gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.chores.models import (
    Absence,
    AbsenceKind,
    AssignmentStatus,
    CapacityShare,
    Chore,
    ChoreAssignment,
)
from cohousing.chores.services import (
    ChoreData,
    Recurrence,
    RecurrenceKind,
    add_absence,
    ask_for,
    balances,
    create_chore,
    current_capacity,
    exclude,
    exclusions_of,
    include,
    mark_done,
    remove_absence,
    rota,
    save_participation,
    set_capacity,
    set_chore_active,
)
from cohousing.chores.services.planner import NOBODY_ELIGIBLE
from cohousing.database.idempotency import AlreadySubmitted
from cohousing.extensions import db
from cohousing.households.services import TEMPLATES, current_residents
from cohousing.rules import RuleError

TODAY = date(2026, 11, 25)  # the frozen clock's day in Rome
DAILY = Recurrence(RecurrenceKind.DAILY)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def people(household):
    anna, bruno = current_residents(household)
    return anna, bruno


def assignments(household, chore=None) -> list[ChoreAssignment]:
    query = select(ChoreAssignment).where(ChoreAssignment.household_id == household.id)
    if chore is not None:
        query = query.where(ChoreAssignment.chore_id == chore.id)
    return list(db.session.scalars(query.order_by(ChoreAssignment.due_on, ChoreAssignment.id)))


def only_chore(household, name="Water the roses", points=1) -> Chore:
    """Stop the template chores and add one daily chore, for easy counting."""
    for chore in db.session.scalars(select(Chore).filter_by(household_id=household.id)):
        set_chore_active(chore, False)
    return create_chore(household, ChoreData(name, DAILY, effort_points=points))


def in_household_language(household, msgid: str) -> str:
    with force_locale(household.locale):
        return gettext(msgid)


def test_a_new_household_starts_with_its_template_chores_planned(household, people):
    chores = list(db.session.scalars(select(Chore).filter_by(household_id=household.id)))
    expected = {in_household_language(household, t.name) for t in TEMPLATES[household.kind].chores}
    assert {c.name for c in chores} == expected
    kitchen = next(
        c for c in chores if c.name == in_household_language(household, "Clean the kitchen")
    )
    planned = assignments(household)
    assert planned and {a.due_on for a in planned} <= {day(i) for i in range(14)}
    assert {a.due_on for a in planned if a.chore_id == kitchen.id} == {day(i) for i in range(14)}
    assert {a.person_id for a in planned} == {people[0].id, people[1].id}
    effort = {p.id: 0 for p in people}
    for a in planned:
        effort[a.person_id] += a.chore.effort_points
    biggest = max(c.effort_points for c in chores)
    assert abs(effort[people[0].id] - effort[people[1].id]) <= 2 * biggest
    assert db.session.scalar(
        select(func.count()).where(
            AuditEvent.household_id == household.id, AuditEvent.action == "chores.from_template"
        )
    )


def test_extend_plan_keeps_the_rota_stable_and_fills_new_days(household, clock):
    before = {(a.chore_id, a.due_on): a.person_id for a in assignments(household)}
    clock.advance(timedelta(days=1))
    rota.extend_plan(household)
    after = {(a.chore_id, a.due_on): a.person_id for a in assignments(household)}
    assert {k: v for k, v in after.items() if k in before} == before
    assert any(due == day(14) for _, due in after)


def test_replan_keeps_done_and_skipped_assignments(household, people):
    anna, _ = people
    chore = only_chore(household)
    first = assignments(household, chore)[0]
    mark_done(first, anna)
    add_absence(household, anna.id, AbsenceKind.HOSPITAL, day(0), day(13))
    first = db.session.get(ChoreAssignment, first.id)
    assert first.status is AssignmentStatus.DONE and first.completion.done_by_id == anna.id
    rest = [a for a in assignments(household, chore) if a.id != first.id]
    assert rest and all(a.person_id != anna.id for a in rest)


def test_an_absence_replans_only_from_its_first_day(household, people):
    anna, bruno = people
    chore = only_chore(household)
    past = ChoreAssignment(
        household_id=household.id, chore_id=chore.id, due_on=day(-1), person_id=anna.id
    )
    db.session.add(past)
    before = {a.due_on: a.person_id for a in assignments(household, chore)}
    add_absence(household, anna.id, AbsenceKind.HOLIDAY, day(-3), day(2))
    add_absence(household, bruno.id, AbsenceKind.HOLIDAY, day(10), day(11))
    after = {a.due_on: a.person_id for a in assignments(household, chore)}
    assert after[day(-1)] == anna.id  # the past is never re-planned
    assert all(after[day(i)] == bruno.id for i in range(3))
    assert all(after[day(i)] == anna.id for i in (10, 11))
    assert after[day(12)] is not None and before.keys() == after.keys()


def test_an_absence_that_ends_before_it_starts_is_refused(household, people):
    with pytest.raises(RuleError) as refused:
        add_absence(household, people[0].id, AbsenceKind.HOLIDAY, day(5), day(4))
    assert refused.value.field == "ends_on"
    assert db.session.scalar(select(func.count()).select_from(Absence)) == 0


@pytest.mark.parametrize("far", [date(9999, 12, 31), date(1, 1, 1), date(2201, 1, 1)])
def test_an_absence_on_a_day_no_calendar_shows_is_refused(household, people, far):
    for starts_on, ends_on, field in [(day(1), far, "ends_on"), (far, day(1), "starts_on")]:
        with pytest.raises(RuleError) as refused:
            add_absence(household, people[0].id, AbsenceKind.HOLIDAY, starts_on, ends_on)
        assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Absence)) == 0


def test_participation_is_saved_together_or_refused_by_field(household, people):
    anna, bruno = people
    chore = only_chore(household)
    with pytest.raises(RuleError) as refused:
        save_participation(household, {anna.id: 100, bruno.id: 33}, set())
    assert set(refused.value.errors) == {f"capacity-{bruno.id}"}
    save_participation(household, {anna.id: 100, bruno.id: 50}, {(chore.id, anna.id)})
    assert current_capacity(household) == {bruno.id: 50}
    assert exclusions_of(household) == {(chore.id, anna.id)}
    assert {a.person_id for a in assignments(household, chore)} == {bruno.id}


def test_overlapping_and_touching_absences_merge(household, people):
    anna, _ = people
    add_absence(household, anna.id, AbsenceKind.HOLIDAY, day(1), day(5))
    add_absence(household, anna.id, AbsenceKind.CUSTODY, day(8), day(9))
    result = add_absence(household, anna.id, AbsenceKind.HOSPITAL, day(4), day(7))
    assert result.merged == [(day(1), day(5)), (day(8), day(9))]
    rows = list(db.session.scalars(select(Absence).filter_by(person_id=anna.id)))
    assert [(a.starts_on, a.ends_on, a.kind) for a in rows] == [
        (day(1), day(9), AbsenceKind.HOSPITAL)
    ]
    assert not [
        a
        for a in assignments(household)
        if a.person_id == anna.id and 1 <= (a.due_on - TODAY).days <= 9
    ]


def test_removing_an_absence_gives_turns_back(household, people):
    anna, _ = people
    chore = only_chore(household)
    absence = add_absence(household, anna.id, AbsenceKind.HOLIDAY, day(0), day(13)).absence
    assert anna.id not in {a.person_id for a in assignments(household, chore)}
    remove_absence(absence)
    assert anna.id in {a.person_id for a in assignments(household, chore)}


def test_capacity_shapes_the_rota_and_keeps_its_history(household, people):
    anna, bruno = people
    chore = only_chore(household)
    set_capacity(household, bruno.id, 50, valid_from=day(-10))
    set_capacity(household, bruno.id, 0, valid_from=day(7))
    shares = db.session.scalars(select(CapacityShare).filter_by(person_id=bruno.id)).all()
    assert sorted(s.share_hundredths for s in shares) == [0, 50]
    planned = assignments(household, chore)
    assert all(a.person_id == anna.id for a in planned if a.due_on >= day(7))
    assert any(a.person_id == bruno.id for a in planned if a.due_on < day(7))
    set_capacity(household, bruno.id, 100, valid_from=day(7))  # same day: replaced
    assert db.session.scalar(select(func.count()).where(CapacityShare.person_id == bruno.id)) == 2


@pytest.mark.parametrize("share", [-1, 301])
def test_a_capacity_out_of_range_is_refused(household, people, share):
    with pytest.raises(RuleError) as refused:
        set_capacity(household, people[0].id, share)
    assert refused.value.field == "share"


def test_someone_from_elsewhere_cannot_be_given_a_capacity(household, other_household):
    zeno = current_residents(other_household)[0]
    with pytest.raises(RuleError):
        set_capacity(household, zeno.id, 100)


def test_exclusion_and_a_chore_nobody_can_do(household, people):
    anna, bruno = people
    chore = only_chore(household)
    exclude(chore, anna.id, reason="back pain")
    assert {a.person_id for a in assignments(household, chore)} == {bruno.id}
    exclude(chore, bruno.id)
    open_turns = assignments(household, chore)
    assert all(a.person_id is None and a.reason == NOBODY_ELIGIBLE for a in open_turns)
    include(chore, anna.id)
    assert {a.person_id for a in assignments(household, chore)} == {anna.id}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ChoreData("", DAILY), "name"),
        (ChoreData("Mop", DAILY, effort_points=4), "effort_points"),
        (ChoreData("Mop", DAILY, minutes=0), "minutes"),
        (ChoreData("Mop", Recurrence(RecurrenceKind.EVERY_N_DAYS, 0, 0, TODAY)), "every_days"),
        (ChoreData("Mop", Recurrence(RecurrenceKind.MONTHLY, month_day=32)), "month_day"),
        (ChoreData("Mop", Recurrence(RecurrenceKind.WEEKDAYS, weekdays_mask=0)), "weekdays"),
    ],
)
def test_bad_chores_are_refused_with_the_field_to_fix(household, data, field):
    count = db.session.scalar(select(func.count()).select_from(Chore))
    with pytest.raises(RuleError) as refused:
        create_chore(household, data)
    assert refused.value.field == field and str(refused.value.message)
    assert db.session.scalar(select(func.count()).select_from(Chore)) == count


def test_monthly_31_is_accepted(household):
    chore = create_chore(
        household, ChoreData("Pay the bills", Recurrence(RecurrenceKind.MONTHLY, month_day=31))
    )
    assert [a.due_on for a in assignments(household, chore)] == [date(2026, 11, 30)]


def test_a_chore_form_sent_twice_makes_one_chore(household):
    create_chore(household, ChoreData("Mop", DAILY), submission="tok-1")
    with pytest.raises(AlreadySubmitted):
        create_chore(household, ChoreData("Mop", DAILY), submission="tok-1")
    assert db.session.scalar(select(func.count()).where(Chore.name == "Mop")) == 1


def test_stopping_a_chore_removes_its_future_turns_only(household, people):
    chore = only_chore(household)
    first = assignments(household, chore)[0]
    mark_done(first, people[0])
    set_chore_active(chore, False)
    assert [a.id for a in assignments(household, chore)] == [first.id]


def test_a_when_needed_chore_is_planned_only_when_asked_for(household, people):
    chore = create_chore(
        household, ChoreData("Defrost the freezer", Recurrence(RecurrenceKind.WHEN_NEEDED), 3)
    )
    assert assignments(household, chore) == []
    asked = ask_for(chore, day(2))
    assert asked.due_on == day(2) and asked.person_id in {p.id for p in people}
    assert ask_for(chore, day(2)).id == asked.id  # asking twice is one turn
    set_capacity(household, people[0].id, 100)  # a re-plan keeps the turn asked for
    assert [a.due_on for a in assignments(household, chore)] == [day(2)]
    with pytest.raises(RuleError):
        ask_for(chore, day(20))
    daily = create_chore(household, ChoreData("Sweep", DAILY))
    with pytest.raises(RuleError):
        ask_for(daily)


def test_a_helped_turn_is_shared_by_capacity_among_who_was_home(household, people):
    anna, bruno = people
    chore = only_chore(household, points=2)
    set_capacity(household, bruno.id, 50, valid_from=day(0))
    mark_done(assignments(household, chore)[0], anna, helpers=[bruno.id])
    kept = balances.read(household)
    assert kept[anna.id].done == 100 and kept[bruno.id].done == 100
    assert kept[anna.id].share == pytest.approx(133.33, abs=0.01)  # 2 points, 1 : 0.5
    assert kept[bruno.id].share == pytest.approx(66.67, abs=0.01)
    assert kept[anna.id].balance == pytest.approx(-33.33, abs=0.01)
    assert kept[anna.id].balance + kept[bruno.id].balance == pytest.approx(0)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["absence", "capacity", "exclude", "include", "done"]),
        st.integers(0, 1),  # who
        st.integers(-3, 13),  # a day
        st.integers(0, 5),  # a length, or a share in halves
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_after_any_changes_nobody_is_planned_when_they_cannot(household, people, operations):
    """Absences, capacity changes, exclusions and completions in any order, through the
    services: every planned turn ahead still goes to someone present, able and living here."""
    with db.session.begin_nested() as savepoint:
        chore = db.session.scalars(select(Chore).filter_by(household_id=household.id)).first()
        for kind, who, offset, size in operations:
            person = people[who]
            if kind == "absence":
                add_absence(
                    household, person.id, AbsenceKind.OTHER, day(offset), day(offset + size)
                )
            elif kind == "capacity":
                set_capacity(household, person.id, size * 50, valid_from=day(max(offset, 0)))
            elif kind == "exclude":
                exclude(chore, person.id)
            elif kind == "include":
                include(chore, person.id)
            else:
                turn = next(
                    (
                        a
                        for a in assignments(household, chore)
                        if a.status is AssignmentStatus.PLANNED
                    ),
                    None,
                )
                if turn is not None and turn.due_on <= TODAY:
                    mark_done(turn, person)
        for turn in assignments(household):
            if turn.status is not AssignmentStatus.PLANNED or turn.person_id is None:
                continue
            status = rota.why_eligible(household, turn.chore_id, turn.due_on, turn.person_id)
            assert status == "eligible", (turn.due_on, turn.person_id, status)
        savepoint.rollback()
