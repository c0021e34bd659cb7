"""A coordinator's first day and a receipt photo, in a real browser: the new-household
form (no kind chosen for them, what each kind changes, the duplicate warning) and an
expense with its receipt, taken on the tablet and opened by the coordinator."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.screens import LANDSCAPE, PORTRAIT
from tests.browser.test_read_aloud_browser import RECORDER, signed_in_tablet
from tests.browser.test_tablet_browser import house, staff_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.no_db_transaction]


def test_new_household_form(new_context, house, shoot, axe_check):  # noqa: F811
    page: Page = staff_page(new_context, house)
    page.goto("/households/new")
    kinds = page.locator("input[name=kind]")
    expect(kinds).to_have_count(4)
    for index in range(4):
        expect(kinds.nth(index)).not_to_be_checked()
    expect(page.locator(".kind-card", has_text="Families")).to_contain_text(
        "Missed check-ins raise no concern."
    )
    page.fill("#name", "Casa Nuova")
    page.locator(".kind-card", has_text="Supported living").click()
    expect(page.locator("#kind-preview")).to_contain_text("A concern is raised after 2 days")
    page.set_viewport_size(PORTRAIT)
    shoot(page, "household-new-portrait")
    page.set_viewport_size(LANDSCAPE)
    shoot(page, "household-new-landscape")
    axe_check(page, "new household en")

    page.goto("/households/new")
    page.fill("#name", "Casa dei Tigli")
    page.fill("#address", "via elisa 3, lucca")  # the house's own address, typed another way
    page.fill("#tablet_idle_minutes", "3")
    page.get_by_role("button", name="Create the household").click()
    expect(page.locator(".kind-cards .error")).to_have_text("Choose the kind of household.")
    expect(page.locator("#name")).to_have_value("Casa dei Tigli")
    axe_check(page, "no kind chosen en")
    page.locator(".kind-card", has_text="Supported living").click()
    page.get_by_role("button", name="Create the household").click()
    warning = page.locator(".duplicate-warning")
    expect(warning).to_contain_text("already exists")
    axe_check(page, "duplicate warning en")
    warning.get_by_label("Yes, create another household with this name").check()
    page.get_by_role("button", name="Create the household").click()
    expect(page.locator(".flash-success")).to_contain_text("is ready")
    expect(page).to_have_url(re.compile(r"/households/\d+$"))
    page.context.close()


def receipt_picture(path) -> None:
    image = Image.new("RGB", (600, 900), "white")
    draw = ImageDraw.Draw(image)
    lines = [
        "SUPERMERCATO",
        "Via Elisa 3, Lucca",
        "",
        "Pane      2,40",
        "Latte     1,80",
        "Mele      4,20",
        "",
        "TOTALE    8,40",
    ]
    for number, line in enumerate(lines):
        draw.text((60, 80 + number * 60), line, fill="black", font_size=40)
    image.save(path, "JPEG")


def test_a_receipt_taken_on_the_tablet_opens_for_the_coordinator(
    new_context,
    house,  # noqa: F811
    shoot,
    axe_check,
    tmp_path,
):
    photo = tmp_path / "IMG_0001.jpg"
    receipt_picture(photo)
    tablet = signed_in_tablet(new_context, house, RECORDER)
    tablet.goto("/tablet/money/add")
    tablet.fill("#amount", "8,40")
    tablet.get_by_role("button", name="Avanti: chi ha pagato").click()
    tablet.get_by_role("button", name="Avanti: chi divide la spesa").click()
    receipt = tablet.locator("#receipt")
    expect(receipt).to_have_attribute("capture", "environment")
    receipt.set_input_files(str(photo))
    tablet.fill("#description", "Spesa al mercato")
    tablet.get_by_role("button", name="Salva la spesa").click()
    expect(tablet).to_have_url(re.compile(r"/tablet/money$"))
    link = tablet.locator(".receipt-link")
    expect(link).to_be_visible()
    axe_check(tablet, "tablet money with a receipt it")

    staff = staff_page(new_context, house)
    staff.goto(f"/households/{house['id']}/money")
    staff.get_by_role("link", name=re.compile("Spesa al mercato")).first.click()
    image = staff.locator("img.receipt-photo")
    expect(image).to_be_visible()
    loaded = "(img) => img.complete && img.naturalWidth > 0"  # visible is not yet decoded
    staff.wait_for_function(loaded, arg=image.element_handle())
    assert staff.evaluate("(img) => img.naturalWidth", image.element_handle()) == 600
    shoot(staff, "expense-receipt")
    axe_check(staff, "expense with receipt en")
    staff.context.close()
