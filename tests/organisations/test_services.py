"""Organisations without HTTP: creating and renaming, the settings' rules, and the
organisation's value used wherever a setting is read, the installation's as fallback."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cohousing.organisations.models import OrganisationKind
from cohousing.organisations.services import (
    OrganisationSettings,
    create_organisation,
    emergency_number,
    escalate_after,
    mail_sender,
    organisations_with_counts,
    rename_organisation,
    retention_months,
    update_settings,
)
from cohousing.rules import RuleError
from cohousing.staff.models import Role
from cohousing.wellbeing.services import (
    emergency_number_of,
    help_numbers_of,
)
from cohousing.wellbeing.services import (
    update_settings as household_settings,
)


def test_a_name_is_needed_and_is_the_organisations_own(organisation):
    with pytest.raises(RuleError) as error:
        create_organisation(name="  ", kind="municipality")
    assert error.value.field == "name"
    with pytest.raises(RuleError) as error:
        create_organisation(name="Comune di Lucca", kind="foundation")
    assert error.value.field == "name"
    with pytest.raises(RuleError) as error:
        create_organisation(name="Comune di Capannori", kind="ministry")
    assert error.value.field == "kind"


def test_renaming_keeps_the_name_unique(organisation, other_organisation):
    with pytest.raises(RuleError):
        rename_organisation(organisation, name=other_organisation.name, kind="municipality")
    rename_organisation(organisation, name="Comune di Lucca (Sociale)", kind="foundation")
    assert organisation.name == "Comune di Lucca (Sociale)"
    assert organisation.kind is OrganisationKind.FOUNDATION


def test_empty_settings_fall_back_to_the_installation(app, organisation):
    assert emergency_number(organisation) == app.config["EMERGENCY_NUMBER"]
    assert escalate_after(organisation) == app.config["ESCALATE_AFTER"]
    assert mail_sender(organisation) == app.config["MAIL_FROM"]
    assert (
        retention_months(organisation, app.config)["concerns"]
        == app.config["RETENTION_CONCERNS_MONTHS"]
    )


def test_the_organisations_settings_are_used(app, organisation):
    update_settings(
        organisation,
        OrganisationSettings(
            emergency_number="118",
            help_numbers="Guardia medica: 0583 000 500\n\n",
            escalate_after_minutes=15,
            mail_from="Cohousing@Comune.example.org",
            retention_concerns_months=36,
        ),
    )
    assert emergency_number(organisation) == "118"
    assert escalate_after(organisation) == timedelta(minutes=15)
    assert mail_sender(organisation) == "cohousing@comune.example.org"
    months = retention_months(organisation, app.config)
    assert months["concerns"] == 36
    assert months["visit_notes"] == app.config["RETENTION_VISIT_NOTES_MONTHS"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"emergency_number": "11a"}, "emergency_number"),
        ({"escalate_after_minutes": 0}, "escalate_after_minutes"),
        ({"escalate_after_minutes": 24 * 60 + 1}, "escalate_after_minutes"),
        ({"mail_from": "not an address"}, "mail_from"),
        ({"retention_checkin_notes_months": 0}, "retention_checkin_notes_months"),
        ({"retention_visit_notes_months": 241}, "retention_visit_notes_months"),
        ({"help_numbers": "\n".join(["1"] * 11)}, "help_numbers"),
    ],
)
def test_bad_settings_are_refused_on_their_field_and_nothing_changes(organisation, changes, field):
    with pytest.raises(RuleError) as error:
        update_settings(organisation, OrganisationSettings(**changes))
    assert error.value.field == field
    assert organisation.emergency_number == "" and organisation.escalate_after_minutes is None


def test_a_household_shows_its_own_numbers_then_its_organisations(household, organisation):
    update_settings(
        organisation,
        OrganisationSettings(emergency_number="118", help_numbers="Comune: 0583 1"),
    )
    household_settings(
        household,
        missed_enabled=False,
        missed_days=None,
        low_mood_enabled=False,
        help_numbers="Vicina: 333 2\nComune: 0583 1",
    )
    assert [(n.name, n.number) for n in help_numbers_of(household)] == [
        ("Vicina", "333 2"),
        ("Comune", "0583 1"),
    ]
    assert emergency_number_of(household) == "118"


def test_the_installation_admin_sees_counts_not_names(
    make_household, make_staff, organisation, other_organisation
):
    make_household("Casa Uno")
    make_household("Casa Due", organisation=other_organisation)
    make_staff(Role.COORDINATOR)
    make_staff(Role.WORKER, organisation=other_organisation)
    counts = {
        row.organisation.name: (row.households, row.staff) for row in organisations_with_counts()
    }
    assert counts == {"Comune di Lucca": (1, 1), "Azienda USL Toscana Nord Ovest": (1, 1)}
