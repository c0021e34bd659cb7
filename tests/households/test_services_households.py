"""Household rules without HTTP: creating a household, its dwelling and rent as typed,
editing it, archiving it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.database import idempotency
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, LinkFunction
from cohousing.households.services import (
    MAX_RENT_CENTS,
    DwellingData,
    NewResident,
    archive_household,
    create_household,
    current_residents,
    current_stays,
    current_worker_links,
    kinds,
    unarchive_household,
    update_household,
)
from cohousing.money.services import parse_optional_amount
from cohousing.people.models import AVATAR_COLOURS, Person
from cohousing.rules import RuleError
from cohousing.staff.models import Role
from tests.fixtures.people import default_organisation_id

TODAY = date(2026, 11, 25)


def names(people) -> list[str]:
    return [p.display_name for p in people]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- euros as people type them --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("900", 90000),
        ("900,50", 90050),
        ("900.50", 90050),
        ("900,5", 90050),
        ("1.234,50", 123450),
        ("1,234.50", 123450),
        ("1.234", 123400),
        ("1.234.567,89", 123456789),
        ("€ 900", 90000),
        ("900 €", 90000),
        ("  0,99 ", 99),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_euro_cents_reads_what_people_type(typed, cents):
    assert parse_optional_amount(typed, "it") == cents


@pytest.mark.parametrize(
    "typed", ["-5", "abc", "9,00,0", "1.234.50", "12,345,6", "1,2345", "9e3", ","]
)
def test_parse_euro_cents_refuses_what_is_not_an_amount(typed):
    with pytest.raises(RuleError):
        parse_optional_amount(typed)


@given(
    cents=st.integers(min_value=0, max_value=10**11),
    style=st.sampled_from(["it", "en", "plain_comma", "plain_dot", "euro_sign"]),
)
def test_formatting_cents_and_parsing_them_back_gives_the_same_cents(cents, style):
    amount = Decimal(cents) / 100
    if style in ("it", "en"):
        text = format_decimal(amount, format="#,##0.00", locale=style)
    elif style == "plain_comma":
        text = f"{cents // 100},{cents % 100:02d}"
    elif style == "plain_dot":
        text = f"{cents // 100}.{cents % 100:02d}"
    else:
        text = f"€ {cents // 100},{cents % 100:02d}"
    assert parse_optional_amount(text) == cents


# --- creating a household -------------------------------------------------------------


def test_create_household_with_residents_dwelling_and_linked_workers(make_staff, monkeypatch):
    social, health = make_staff(Role.WORKER), make_staff(Role.WORKER)
    applied = []
    monkeypatch.setattr(kinds, "_created_hooks", [lambda h, t: applied.append((h, t))])
    household = create_household(
        name="  Casa Nuova ",
        kind=HouseholdKind.HOUSING_FIRST,
        dwelling=DwellingData(
            address="Via Roma 1",
            monthly_rent_cents=45050,
            lease_start=date(2026, 12, 1),
            lease_end=date(2030, 11, 30),
        ),
        residents=[NewResident("Maria Neri", "2468"), NewResident("Luigi Gialli", "135790")],
        worker_ids=[social.id, health.id],
        organisation_id=default_organisation_id(),
        worker_functions={health.id: LinkFunction.HEALTH_WORKER},
    )
    db.session.commit()

    assert household.name == "Casa Nuova"
    assert household.dwelling.monthly_rent_cents == 45050
    assert household.dwelling.lease_end == date(2030, 11, 30)
    assert names(current_residents(household)) == ["Luigi Gialli", "Maria Neri"]
    stays = current_stays(household)
    assert {s.started_on for s in stays} == {TODAY}
    colours = {s.person.avatar_colour for s in stays}
    assert colours == set(AVATAR_COLOURS[:2])  # chosen automatically, each a different one
    functions = {link.worker_id: link.function for link in current_worker_links(household)}
    assert functions == {
        social.id: LinkFunction.SOCIAL_WORKER,
        health.id: LinkFunction.HEALTH_WORKER,
    }
    assert applied == [(household, kinds.TEMPLATES[HouseholdKind.HOUSING_FIRST])]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.household_id == household.id)
    ).all()
    assert actions.count("resident.added") == 2
    assert "household.created" in actions and actions.count("worker.linked") == 2


def test_the_same_submission_creates_one_household():
    def create():
        return create_household(
            name="Casa Doppia",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(),
            residents=[NewResident("Anna", "1234")],
            worker_ids=[],
            organisation_id=default_organisation_id(),
            submission_id="tap-tap",
        )

    first = create()
    db.session.commit()
    with pytest.raises(idempotency.AlreadySubmitted) as second:
        create()
    assert second.value.result == str(first.id)
    assert (
        db.session.scalar(
            select(func.count()).select_from(Household).where(Household.name == "Casa Doppia")
        )
        == 1
    )


@pytest.mark.parametrize(
    ("dwelling", "field"),
    [
        (DwellingData(lease_start=date(2027, 1, 1), lease_end=date(2026, 12, 31)), "lease_end"),
        (DwellingData(lease_start=date(2027, 1, 1), lease_end=date(2027, 1, 1)), "lease_end"),
        (DwellingData(monthly_rent_cents=-1), "monthly_rent"),
        (DwellingData(monthly_rent_cents=MAX_RENT_CENTS + 1), "monthly_rent"),
    ],
)
def test_create_refuses_a_bad_dwelling_and_saves_nothing(dwelling, field):
    before = (count(Household), count(Person))
    with pytest.raises(RuleError) as error:
        create_household(
            name="Casa",
            kind=HouseholdKind.FAMILY,
            dwelling=dwelling,
            residents=[NewResident("Anna", "1234")],
            worker_ids=[],
            organisation_id=default_organisation_id(),
        )
    assert error.value.field == field
    assert (count(Household), count(Person)) == before


@pytest.mark.parametrize("pin", ["abcd", "123", "1234567", "12 34", ""])
def test_create_refuses_a_pin_that_is_not_4_to_6_digits(pin):
    before = count(Household)
    with pytest.raises(RuleError) as error:
        create_household(
            name="Casa",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(),
            residents=[NewResident("Anna", pin)],
            worker_ids=[],
            organisation_id=default_organisation_id(),
        )
    assert error.value.field == "pin"
    assert count(Household) == before


def test_two_households_may_share_a_name(make_household):
    make_household("Casa Verde")
    make_household("Casa Verde")
    assert (
        db.session.scalar(
            select(func.count()).select_from(Household).where(Household.name == "Casa Verde")
        )
        == 2
    )


def test_create_refuses_an_empty_name():
    with pytest.raises(RuleError) as error:
        create_household(
            name="   ",
            kind=HouseholdKind.FAMILY,
            dwelling=DwellingData(),
            residents=[],
            worker_ids=[],
            organisation_id=default_organisation_id(),
        )
    assert error.value.field == "name"


def test_update_household_checks_the_lease_and_the_idle_time(household):
    dwelling = DwellingData(lease_start=date(2027, 1, 1), lease_end=date(2026, 1, 1))
    with pytest.raises(RuleError) as error:
        update_household(
            household,
            name="X",
            kind=HouseholdKind.FAMILY,
            locale="en",
            tablet_idle_seconds=60,
            dwelling=dwelling,
        )
    assert error.value.field == "lease_end"
    with pytest.raises(RuleError) as error:
        update_household(
            household,
            name="X",
            kind=HouseholdKind.FAMILY,
            locale="en",
            tablet_idle_seconds=601,
            dwelling=DwellingData(),
        )
    assert error.value.field == "tablet_idle_seconds"
    update_household(
        household,
        name="Casa Blu",
        kind=HouseholdKind.ELDERLY,
        locale="en",
        tablet_idle_seconds=120,
        dwelling=DwellingData(monthly_rent_cents=100),
    )
    assert (household.name, household.locale, household.tablet_idle_seconds) == (
        "Casa Blu",
        "en",
        120,
    )
    assert household.dwelling.monthly_rent_cents == 100


def test_archive_and_unarchive(household):
    archive_household(household)
    assert household.archived_at is not None
    unarchive_household(household)
    assert household.archived_at is None
