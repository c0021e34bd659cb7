"""Check-ins, sharing choices and household settings: the rules, without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import current_residents
from cohousing.rules import RuleError
from cohousing.wellbeing.models import CheckIn, ShareLevel, WellbeingProfile, WellbeingSettings
from cohousing.wellbeing.services import (
    current_share,
    get_settings,
    record_checkin,
    set_share,
    settings_to_change,
    todays_checkin_for,
    update_settings,
)

# --- check-ins ---------------------------------------------------------------------------


def test_a_later_checkin_the_same_day_replaces_it(household):
    anna = current_residents(household)[0]
    record_checkin(household, anna.id, 2, ["lonely"], "first")
    record_checkin(household, anna.id, 4, ["good_day"], "second")
    db.session.commit()
    rows = list(db.session.scalars(select(CheckIn)))
    assert len(rows) == 1
    assert (rows[0].mood, rows[0].tags, rows[0].note) == (4, "good_day", "second")


def test_one_tap_changes_the_mood_and_keeps_the_extras(household):
    anna = current_residents(household)[0]
    record_checkin(household, anna.id, 2, ["lonely", "bogus"], "note")
    record_checkin(household, anna.id, 3, keep_extras=True)
    row = db.session.scalar(select(CheckIn))
    assert (row.mood, row.tags, row.note) == (3, "lonely", "note")


@pytest.mark.parametrize("mood", [0, 6, -1, 10**400])
def test_a_mood_outside_the_five_faces_is_refused(household, mood):
    anna = current_residents(household)[0]
    with pytest.raises(RuleError) as error:
        record_checkin(household, anna.id, mood)
    assert error.value.field == "mood"
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_a_note_over_2000_characters_is_refused(household):
    anna = current_residents(household)[0]
    record_checkin(household, anna.id, 3, note="x" * 2000)
    with pytest.raises(RuleError) as error:
        record_checkin(household, anna.id, 3, note="x" * 2001)
    assert error.value.field == "note"


def test_a_note_loses_its_control_characters(household):
    anna = current_residents(household)[0]
    record_checkin(household, anna.id, 3, note="a\x00b\x07c\nd")
    db.session.commit()
    assert db.session.scalar(select(CheckIn.note)) == "abc\nd"


def test_a_checkin_for_someone_not_in_the_household_is_refused(household, other_household):
    zeno = current_residents(other_household)[0]
    with pytest.raises(LookupError):
        record_checkin(household, zeno.id, 3)


def test_todays_checkin_for_the_today_screen(household):
    anna, bruno = current_residents(household)
    made = record_checkin(household, anna.id, 5)
    assert todays_checkin_for(household, anna) is made
    assert todays_checkin_for(household, bruno) is None
    assert todays_checkin_for(household, None) is None


# --- household settings --------------------------------------------------------------------


def test_settings_come_from_the_household_kind(make_household, household):
    flat = make_household("Flat", HouseholdKind.SUPPORTED_LIVING)
    first = make_household("HF", HouseholdKind.HOUSING_FIRST)
    assert get_settings(flat).missed_days_alert == 2
    assert get_settings(first).missed_days_alert == 3
    assert get_settings(household).missed_days_alert is None  # family: off


def test_reading_settings_of_an_older_household_saves_nothing(make_household):
    flat = make_household("Flat", HouseholdKind.SUPPORTED_LIVING)
    db.session.execute(delete(WellbeingSettings))  # as before this area existed
    assert get_settings(flat).missed_days_alert == 2  # the template's defaults
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(WellbeingSettings)) == 0
    settings_to_change(flat).help_numbers = "Night: 1"
    db.session.commit()
    assert db.session.scalar(select(WellbeingSettings.help_numbers)) == "Night: 1"


def test_update_settings_keeps_short_clean_lines(household):
    update_settings(
        household,
        missed_enabled=True,
        missed_days=4,
        low_mood_enabled=False,
        help_numbers="Night: 0583\x00 1\n\n  Day: 2  \n",
    )
    db.session.commit()
    settings = get_settings(household)
    assert (settings.missed_days_alert, settings.low_mood_enabled) == (4, False)
    assert settings.help_numbers == "Night: 0583 1\nDay: 2"


@pytest.mark.parametrize(
    ("missed_enabled", "missed_days", "help_numbers", "field"),
    [
        (True, None, "", "missed_days"),
        (True, 0, "", "missed_days"),
        (True, 31, "", "missed_days"),
        (True, 10**400, "", "missed_days"),
        (False, None, "\n".join(["1"] * 11), "help_numbers"),
        (False, None, "x" * 101, "help_numbers"),
    ],
)
def test_update_settings_refuses_what_breaks_a_rule(
    household, missed_enabled, missed_days, help_numbers, field
):
    with pytest.raises(RuleError) as error:
        update_settings(
            household,
            missed_enabled=missed_enabled,
            missed_days=missed_days,
            low_mood_enabled=True,
            help_numbers=help_numbers,
        )
    assert error.value.field == field
    assert get_settings(household).missed_days_alert is None  # unchanged


def test_turning_the_missed_rule_off_ignores_the_days(make_household):
    flat = make_household("Flat", HouseholdKind.SUPPORTED_LIVING)
    update_settings(
        flat, missed_enabled=False, missed_days=None, low_mood_enabled=True, help_numbers=""
    )
    assert get_settings(flat).missed_days_alert is None


# --- sharing ---------------------------------------------------------------------------------


def test_a_resident_narrows_and_widens_what_is_shared(make_household):
    flat = make_household("Flat", HouseholdKind.SUPPORTED_LIVING)  # mood and tags
    marco = current_residents(flat)[0]
    assert set_share(marco, flat, ShareLevel.MOOD, by_person=marco) is not None
    assert current_share(marco, flat) is ShareLevel.MOOD
    assert set_share(marco, flat, ShareLevel.MOOD, by_person=marco) is None  # no change
    assert set_share(marco, flat, ShareLevel.MOOD_TAGS_NOTE, by_person=marco) is not None
    assert current_share(marco, flat) is ShareLevel.MOOD_TAGS_NOTE


def test_nobody_else_changes_a_residents_sharing(household):
    anna, bruno = current_residents(household)
    with pytest.raises(RuleError) as error:
        set_share(anna, household, ShareLevel.MOOD_TAGS_NOTE, by_person=bruno)
    assert error.value.field == "share"
    assert db.session.scalar(select(func.count()).select_from(WellbeingProfile)) == 0
