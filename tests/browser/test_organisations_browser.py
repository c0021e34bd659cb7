"""Two organisations in a real browser: the municipality's coordinator sees only the
municipality's households (another's by id is "not found"); the health authority's worker
linked to one municipality household sees that one and nothing else; the installation
admin sees organisations and counts; an organisation admin keeps its settings."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from cohousing.extensions import db
from cohousing.households.models import HouseholdKind
from cohousing.households.services import DwellingData, NewResident, create_household
from cohousing.organisations.models import OrganisationKind
from cohousing.organisations.services import create_organisation
from cohousing.staff.models import Role
from cohousing.staff.services import create_staff
from tests.browser.screens import LANDSCAPE
from tests.fixtures.main_pages import second_step
from tests.fixtures.people import default_organisation_id, enable_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]

PASSWORD = "una password lunga"


@pytest.fixture
def two_organisations(live_app) -> dict:
    tag = uuid.uuid4().hex[:6]
    with live_app.app_context():
        lucca = default_organisation_id()
        usl = create_organisation(name=f"USL {tag}", kind=OrganisationKind.HEALTH_AUTHORITY)
        db.session.flush()

        def staff(key: str, role: Role, organisation_id: int | None) -> str:
            email = f"{key}-{tag}@example.org"
            account = create_staff(
                email=email,
                display_name=f"{key.title()} {tag}",
                role=role,
                password=PASSWORD,
                organisation_id=organisation_id,
            )
            if account.must_have_two_factor:
                enable_two_factor(account)
                secrets[email] = account.totp_secret
            return email

        secrets: dict[str, str] = {}

        emails = {
            "coordinator": staff("carla", Role.COORDINATOR, lucca),
            "org_admin": staff("ornella", Role.ORG_ADMIN, lucca),
            "installation": staff("ines", Role.ADMIN, None),
            "olga": staff("olga", Role.WORKER, usl.id),
        }
        db.session.flush()
        from cohousing.staff.services import find_account

        olga_id = find_account(emails["olga"]).id

        def house(name: str, organisation_id: int, workers: list[int]):
            return create_household(
                name=name,
                kind=HouseholdKind.ELDERLY,
                dwelling=DwellingData(address="Via della Zecca 9, Lucca"),
                residents=[NewResident(display_name=f"Maria {tag}", pin="5137")],
                worker_ids=workers,
                organisation_id=organisation_id,
            ).id

        ids = {
            "tigli": house(f"Casa dei Tigli {tag}", lucca, [olga_id]),
            "girasole": house(f"Casa Girasole {tag}", lucca, []),
            "usl": house(f"Casa USL {tag}", usl.id, []),
        }
        db.session.commit()
    return {"tag": tag, "emails": emails, "ids": ids, "usl": f"USL {tag}", "secrets": secrets}


def sign_in(
    browser, base_url: str, email: str, locale: str = "it-IT", app=None, secret=None
) -> tuple:
    """Signed in with the password, and (an admin: `app` and the `secret` of their second
    factor) the code step."""
    context = browser.new_context(base_url=base_url, viewport=LANDSCAPE, locale=locale)
    page: Page = context.new_page()
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if secret is not None:
        expect(page).to_have_url(f"{base_url}/auth/code")
        with app.app_context():
            page.fill("input[name=code]", second_step(email, secret))
        page.locator("form:has(input[name=code]) button[type=submit]").click()
    return context, page


def test_each_organisation_sees_only_its_own(browser, base_url, two_organisations, axe_check):
    tag, emails, ids = (
        two_organisations["tag"],
        two_organisations["emails"],
        two_organisations["ids"],
    )

    context, page = sign_in(browser, base_url, emails["coordinator"])
    page.goto("/households/")
    main = page.locator("main")
    expect(main).to_contain_text(f"Casa dei Tigli {tag}")
    expect(main).to_contain_text(f"Casa Girasole {tag}")
    expect(main).not_to_contain_text(f"Casa USL {tag}")
    response = page.goto(f"/households/{ids['usl']}/edit")
    assert response.status == 404
    context.close()

    context, page = sign_in(browser, base_url, emails["olga"], locale="en-GB")
    expect(page.locator("main")).to_contain_text(f"Casa dei Tigli {tag}")  # her dashboard
    page.goto("/households/")
    main = page.locator("main")
    expect(main).to_contain_text(f"Casa dei Tigli {tag}")
    expect(main).not_to_contain_text(f"Casa Girasole {tag}")
    expect(main).not_to_contain_text(f"Casa USL {tag}")
    assert page.goto(f"/households/{ids['girasole']}").status == 404
    axe_check(page, "linked worker of another organisation (en)")
    context.close()


def test_the_admins_pages(browser, base_url, live_app, two_organisations, axe_check):
    emails, secrets = two_organisations["emails"], two_organisations["secrets"]

    installation = emails["installation"]
    context, page = sign_in(
        browser, base_url, installation, app=live_app, secret=secrets[installation]
    )
    expect(page.locator("h1")).to_have_text("Organizzazioni")
    expect(page.locator("main")).to_contain_text(two_organisations["usl"])
    expect(page.locator("main")).not_to_contain_text("Maria")  # counts, never residents
    axe_check(page, "organisations (it)")
    context.close()

    org_admin = emails["org_admin"]
    context, page = sign_in(browser, base_url, org_admin, app=live_app, secret=secrets[org_admin])
    page.goto("/organisation/settings")
    page.fill("input[name=escalate_after_minutes]", "0")
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("#escalate_after_minutes-error")).to_contain_text("Scegli tra 1 e")
    axe_check(page, "organisation settings with an error (it)")
    page.fill("input[name=escalate_after_minutes]", "20")
    page.locator("form button[type=submit].primary").click()
    expect(page.locator("main")).to_contain_text("Impostazioni salvate")
    expect(page.locator("input[name=escalate_after_minutes]")).to_have_value("20")
    context.close()
