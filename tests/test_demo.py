"""`flask cohousing demo` and `flask cohousing tablet-code`, run through the CLI runner."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cohousing.audit.models import AuditEvent
from cohousing.demo import HOUSEHOLDS, STAFF
from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, Membership, WorkerLink
from cohousing.households.services import current_residents, current_worker_links
from cohousing.people.models import Person
from cohousing.people.services import verify_secret
from cohousing.staff.models import Role, StaffAccount
from cohousing.tablet.models import EnrolmentCode
from cohousing.tablet.services import complete_enrolment


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["cohousing", *args])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_creates_the_three_households_and_six_staff(app):
    result = run(app, "demo")

    assert result.exit_code == 0, result.output
    households = {h.name: h for h in db.session.scalars(select(Household))}
    assert set(households) == {"Casa Girasole", "Casa dei Tigli", "Appartamento Via Elisa"}
    assert households["Casa Girasole"].kind is HouseholdKind.FAMILY
    assert households["Casa dei Tigli"].kind is HouseholdKind.ELDERLY
    assert households["Appartamento Via Elisa"].kind is HouseholdKind.SUPPORTED_LIVING
    sizes = {name: len(current_residents(h)) for name, h in households.items()}
    assert sizes == {"Casa Girasole": 4, "Casa dei Tigli": 3, "Appartamento Via Elisa": 3}
    for household in households.values():
        dwelling = household.dwelling
        assert "Lucca" in dwelling.address
        assert dwelling.landlord_name
        assert dwelling.monthly_rent_cents > 0
        assert dwelling.lease_start < dwelling.lease_end

    roles = sorted(a.role.value for a in db.session.scalars(select(StaffAccount)))
    assert roles == ["admin", "coordinator", "coordinator", "org_admin", "worker", "worker"]
    assert count(AuditEvent) > 0  # made through the services, so audited like the screens


def test_each_worker_follows_different_households(app):
    run(app, "demo")

    followed: dict[str, set[str]] = {}
    for household in db.session.scalars(select(Household)):
        for link in current_worker_links(household):
            followed.setdefault(link.worker.email, set()).add(household.name)
    assert followed == {
        "walter@example.org": {"Casa Girasole", "Appartamento Via Elisa"},
        "olga@example.org": {"Casa dei Tigli"},
    }


def test_two_organisations_run_the_households_and_employ_the_staff(app):
    run(app, "demo")

    runs = {h.name: h.organisation.name for h in db.session.scalars(select(Household))}
    assert runs == {
        "Casa Girasole": "Comune di Lucca",
        "Casa dei Tigli": "Comune di Lucca",
        "Appartamento Via Elisa": "Azienda USL Toscana Nord Ovest",
    }
    employs = {
        a.email: a.organisation.name if a.organisation else None
        for a in db.session.scalars(select(StaffAccount))
    }
    assert employs["admin@example.org"] is None  # the installation's
    assert employs["olga@example.org"] == "Azienda USL Toscana Nord Ovest"
    assert employs["walter@example.org"] == "Comune di Lucca"
    assert employs["ugo@example.org"] == "Azienda USL Toscana Nord Ovest"


def test_printed_logins_work(app):
    output = run(app, "demo").output

    assert "DEMO ONLY" in output
    assert "http://cohousing.test/auth/login" in output  # the app's APP_BASE_URL
    assert "http://cohousing.test/tablet/enrol" in output
    assert ".venv/bin/flask --app cohousing cohousing tablet-code" in output
    for staff in STAFF:
        assert staff.email in output and staff.password in output
        account = db.session.scalar(select(StaffAccount).filter_by(email=staff.email))
        assert account.role is staff.role
        assert verify_secret(account.password_hash, staff.password)
    for demo in HOUSEHOLDS:
        assert demo.name in output
        for resident in demo.residents:
            assert f"{resident.display_name}" in output and f"PIN {resident.pin}" in output
            person = db.session.scalar(select(Person).filter_by(display_name=resident.display_name))
            assert verify_secret(person.pin_hash, resident.pin)


def test_second_run_adds_nothing_and_repeats_the_logins(app):
    run(app, "demo")
    before = [count(m) for m in (StaffAccount, Household, Person, Membership, WorkerLink)]

    again = run(app, "demo")

    assert again.exit_code == 0, again.output
    assert "already exists" in again.output
    assert all(staff.email in again.output for staff in STAFF)
    after = [count(m) for m in (StaffAccount, Household, Person, Membership, WorkerLink)]
    assert after == before


def test_demo_never_mixes_with_real_data(app, make_staff):
    make_staff(Role.ADMIN, email="real.admin@comune.example.org")

    result = run(app, "demo")

    assert result.exit_code == 0, result.output
    assert "Nothing was added" in result.output
    assert count(Household) == 0
    assert count(StaffAccount) == 1
    assert "password" not in result.output


def test_tablet_code_enrols_a_tablet_once(app, household):
    result = run(app, "tablet-code", str(household.id), "--name", "Tablet cucina")

    assert result.exit_code == 0, result.output
    assert household.name in result.output
    assert "http://cohousing.test/tablet/enrol" in result.output
    code = result.output.split(": ", 1)[1].split()[0]
    enrolment = db.session.scalar(select(EnrolmentCode))
    assert enrolment.household_id == household.id
    assert enrolment.created_by_id is None
    tablet, _secret = complete_enrolment(code)
    assert tablet.household_id == household.id
    assert tablet.name == "Tablet cucina"


def test_tablet_code_for_an_unknown_household_fails_plainly(app):
    result = run(app, "tablet-code", "999999")

    assert result.exit_code != 0
    assert "No active household with id 999999" in result.output
    assert count(EnrolmentCode) == 0


def test_tablet_code_links_where_the_app_runs(app, household, monkeypatch):
    given = run(app, "tablet-code", str(household.id), "--base-url", "http://10.0.0.5:8080/")
    assert "Open http://10.0.0.5:8080/tablet/enrol on the tablet" in given.output
    monkeypatch.setitem(app.config, "SERVER_NAME", "casa.example.org")
    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    named = run(app, "tablet-code", str(household.id))
    assert "Open https://casa.example.org/tablet/enrol on the tablet" in named.output


def test_demo_prints_commands_that_work_from_the_checkout(app):
    output = run(app, "demo", "--base-url", "http://127.0.0.1:5001").output
    assert "http://127.0.0.1:5001/auth/login" in output
    assert re.search(r"tablet-code \d+ --base-url http://127\.0\.0\.1:5001", output)
    assert "\n  1. flask " not in output


def test_create_admin_help_lists_no_password_option(app):
    help_text = run(app, "create-admin", "--help").output
    assert "--password" not in help_text and "never given as an argument" in help_text
    refused = run(app, "create-admin", "--password", "x")
    assert refused.exit_code != 0 and "No such option" in refused.output


def test_send_digests_says_where_the_emails_went(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    assert run(app, "send-digests").output.strip() == (
        "0 digest email(s) written to instance/outbox/ (MAIL_SERVER is not set)."
    )
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    assert run(app, "send-digests").output.strip() == "0 digest email(s) sent."
