"""Demo data: two organisations (the municipality of Lucca and the local health authority),
three households, their staff and residents, with printed logins.

Made through the same services the screens use, so the demo obeys every rule (and writes
the same audit rows). Passwords and PINs are fixed and public: DEMO ONLY.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from sqlalchemy import func, select

from cohousing.extensions import db
from cohousing.households.models import Household, HouseholdKind, LinkFunction
from cohousing.households.services import (
    DwellingData,
    NewResident,
    create_household,
    link_worker,
)
from cohousing.organisations.models import Organisation, OrganisationKind
from cohousing.organisations.services import (
    OrganisationSettings,
    create_organisation,
    update_settings,
)
from cohousing.staff.models import Role, StaffAccount
from cohousing.staff.services import create_staff, find_account

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
WARNING = "DEMO ONLY: these passwords and PINs are public. Never use them on a real server."


COMUNE = "comune"
USL = "usl"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    settings: OrganisationSettings


ORGANISATIONS = (
    DemoOrganisation(
        COMUNE,
        "Comune di Lucca",
        OrganisationKind.MUNICIPALITY,
        OrganisationSettings(
            help_numbers="Servizi sociali del Comune: 0583 000 400",
            mail_from="cohousing@comune-lucca.example.org",
        ),
    ),
    DemoOrganisation(
        USL,
        "Azienda USL Toscana Nord Ovest",
        OrganisationKind.HEALTH_AUTHORITY,
        OrganisationSettings(
            help_numbers="Guardia medica: 0583 000 500",
            escalate_after_minutes=20,
            mail_from="cohousing@usl-nordovest.example.org",
        ),
    ),
)


@dataclass(frozen=True)
class DemoStaff:
    key: str
    email: str
    name: str
    role: Role
    password: str
    organisation_key: str | None = COMUNE  # None: the installation admin


@dataclass(frozen=True)
class DemoHousehold:
    name: str
    kind: HouseholdKind
    dwelling: DwellingData
    residents: tuple[NewResident, ...]
    worker_key: str
    link_function: LinkFunction
    organisation_key: str = COMUNE


STAFF = (
    DemoStaff(
        "admin", "admin@example.org", "Ada Amministratrice", Role.ADMIN, "Lucca-admin-demo", None
    ),
    DemoStaff(
        "org_admin",
        "amministrazione@example.org",
        "Ornella Amministrazione",
        Role.ORG_ADMIN,
        "Lucca-orgadmin-demo",
    ),
    DemoStaff(
        "coordinator",
        "coordinatrice@example.org",
        "Carla Coordinatrice",
        Role.COORDINATOR,
        "Lucca-coord-demo",
    ),
    DemoStaff("walter", "walter@example.org", "Walter Operatore", Role.WORKER, "Lucca-walter-demo"),
    DemoStaff(
        "usl_coordinator",
        "ugo@example.org",
        "Ugo Coordinatore",
        Role.COORDINATOR,
        "Lucca-ugo-demo",
        USL,
    ),
    DemoStaff("olga", "olga@example.org", "Olga Operatrice", Role.WORKER, "Lucca-olga-demo", USL),
)

HOUSEHOLDS = (
    DemoHousehold(
        name="Casa Girasole",
        kind=HouseholdKind.FAMILY,
        dwelling=DwellingData(
            address="Via San Giorgio 28, 55100 Lucca",
            landlord_name="Fondazione Casa Lucca",
            landlord_contact="alloggi@fondazione-casa.example.org, 0583 000 101",
            monthly_rent_cents=95_000,
            lease_start=date(2025, 9, 1),
            lease_end=date(2029, 8, 31),
        ),
        residents=(
            NewResident(display_name="Giulia Marchetti", pin="4719"),
            NewResident(display_name="Leo Marchetti", pin="3852"),
            NewResident(display_name="Sara Conti", pin="6093"),
            NewResident(display_name="Emma Conti", pin="7246"),
        ),
        worker_key="walter",
        link_function=LinkFunction.SOCIAL_WORKER,
    ),
    DemoHousehold(
        name="Casa dei Tigli",
        kind=HouseholdKind.ELDERLY,
        dwelling=DwellingData(
            address="Via della Zecca 9, 55100 Lucca",
            landlord_name="E.R.P. Lucca",
            landlord_contact="inquilini@erp-lucca.example.org, 0583 000 202",
            monthly_rent_cents=120_000,
            lease_start=date(2026, 1, 1),
            lease_end=date(2029, 12, 31),
        ),
        residents=(
            NewResident(display_name="Maria Lenzi", pin="5137"),
            NewResident(display_name="Giuseppe Pardini", pin="2864"),
            NewResident(display_name="Franca Bertolucci", pin="9421"),
        ),
        worker_key="olga",
        link_function=LinkFunction.HEALTH_WORKER,
    ),
    DemoHousehold(
        name="Appartamento Via Elisa",
        kind=HouseholdKind.SUPPORTED_LIVING,
        dwelling=DwellingData(
            address="Via Elisa 17, 55100 Lucca",
            landlord_name="Paola Nieri",
            landlord_contact="paola.nieri@example.org, 333 000 0303",
            monthly_rent_cents=68_000,
            lease_start=date(2024, 3, 1),
            lease_end=date(2028, 2, 29),
        ),
        residents=(
            NewResident(display_name="Marco Del Carlo", pin="3608"),
            NewResident(display_name="Davide Giannini", pin="7185"),
            NewResident(display_name="Samuel Okafor", pin="4952", preferred_language="en"),
        ),
        worker_key="walter",  # the municipality's worker, in a house the USL runs
        link_function=LinkFunction.SOCIAL_WORKER,
        organisation_key=USL,
    ),
)


def demo_exists() -> bool:
    """The demo's admin account is there: the demo ran on this database before."""
    return find_account(STAFF[0].email) is not None


def database_is_empty() -> bool:
    """No staff and no households: nothing real that demo data could mix with."""
    staff = db.session.scalar(select(func.count()).select_from(StaffAccount))
    households = db.session.scalar(select(func.count()).select_from(Household))
    return not staff and not households


def _organisation(name: str, kind: OrganisationKind) -> Organisation:
    """The demo's organisation: one of that name already there (made by hand, or left
    without staff or households) is used, not refused."""
    found = db.session.scalar(select(Organisation).where(Organisation.name == name))
    return found or create_organisation(name=name, kind=kind)


def create_demo(base_url: str = DEFAULT_BASE_URL) -> list[str]:
    """Fill an empty database with the demo; returns the lines to print. The caller commits.

    Runs once: on a database that already has the demo it only repeats the logins, and on
    one with other data it adds nothing, so it can never mix with real records.
    """
    if demo_exists():
        return ["Demo data already exists; nothing was added.", "", *logins(base_url)]
    if not database_is_empty():
        return [
            "This database already has staff or households; the demo fills only an empty "
            "database. Nothing was added."
        ]
    organisations = {}
    for demo_organisation in ORGANISATIONS:
        organisation = _organisation(demo_organisation.name, demo_organisation.kind)
        update_settings(organisation, demo_organisation.settings)
        organisations[demo_organisation.key] = organisation
    accounts = {
        staff.key: create_staff(
            email=staff.email,
            display_name=staff.name,
            role=staff.role,
            password=staff.password,
            organisation_id=organisations[staff.organisation_key].id
            if staff.organisation_key
            else None,
        )
        for staff in STAFF
    }
    from cohousing.chores.demo import add_chores_demo
    from cohousing.community.demo import add_community_demo
    from cohousing.money.demo import add_money_demo
    from cohousing.visits.demo import add_visits_demo
    from cohousing.wellbeing.demo import add_wellbeing_demo

    wellbeing_lines: list[str] = []
    for demo in HOUSEHOLDS:
        household = create_household(
            name=demo.name,
            kind=demo.kind,
            dwelling=demo.dwelling,
            residents=list(demo.residents),
            worker_ids=[],
            organisation_id=organisations[demo.organisation_key].id,
        )
        link_worker(
            household,
            accounts[demo.worker_key].id,
            started_on=household.today(),
            function=demo.link_function,
        )
        db.session.flush()
        wellbeing_lines += add_wellbeing_demo(household)
        wellbeing_lines += add_visits_demo(household, accounts[demo.worker_key])
        wellbeing_lines += add_chores_demo(household)
        if demo.kind is HouseholdKind.FAMILY:
            wellbeing_lines += add_money_demo(household)
            wellbeing_lines += add_community_demo(household)
    db.session.flush()
    return ["Demo data created.", "", *logins(base_url), "", *wellbeing_lines]


def _url(endpoint: str, base_url: str) -> str:
    with current_app.test_request_context(base_url=base_url):
        return url_for(endpoint, _external=True)


def logins(base_url: str = DEFAULT_BASE_URL) -> list[str]:
    """Every demo login: staff email and password, each household's residents and PINs."""
    staff_by_key = {staff.key: staff for staff in STAFF}
    lines = [WARNING, "", f"Staff sign in at {_url('staff.login', base_url)}"]
    width = max(len(staff.email) for staff in STAFF)
    names = {o.key: o.name for o in ORGANISATIONS}
    for staff in STAFF:
        where = names[staff.organisation_key] if staff.organisation_key else "installation"
        lines.append(
            f"  {staff.email:<{width}}  password: {staff.password:<20} "
            f"({staff.role.value}, {staff.name}, {where})"
        )
    lines.append(
        "  The two admins (installation, organisation) set up two-step sign-in (an "
        "authenticator app) at their first sign-in."
    )
    lines += ["", "Households: residents tap their name on the house tablet and type the PIN"]
    household_ids = dict(
        db.session.execute(
            select(Household.name, Household.id).where(
                Household.name.in_([demo.name for demo in HOUSEHOLDS])
            )
        ).all()
    )
    for demo in HOUSEHOLDS:
        worker = staff_by_key[demo.worker_key]
        household_id = household_ids.get(demo.name, "?")
        lines.append(
            f"  [{household_id}] {demo.name} ({demo.kind.value}, "
            f"{names[demo.organisation_key]}), {demo.dwelling.address}; "
            f"followed by {worker.name}"
        )
        for resident in demo.residents:
            lines.append(f"      {resident.display_name:<20} PIN {resident.pin}")
    example_id = next(iter(household_ids.values()), 1)
    lines += [
        "",
        "Enrol a house tablet (one-time code, valid for a few minutes):",
        f"  1. .venv/bin/flask --app cohousing cohousing tablet-code {example_id}"
        f" --base-url {base_url}   (the household id)",
        "     or, signed in as the coordinator, open the household and ask for a tablet code;",
        f"  2. on the tablet open {_url('tablet.enrol', base_url)} and type the code.",
        "  To try it on one computer, use a private window (or another browser) as the tablet.",
    ]
    return lines
