"""Take the README's screenshots: the demo data, served locally, seen in Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

It builds the demo in a throwaway SQLite file, serves it on 127.0.0.1, enrols a tablet
and walks the main screens as a resident (portrait 800x1280, landscape 1280x800), a
coordinator and a worker, in Italian. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from cohousing import create_app  # noqa: E402
from cohousing.demo import create_demo  # noqa: E402
from cohousing.extensions import db  # noqa: E402
from config import Config  # noqa: E402

PORTRAIT = {"width": 800, "height": 1280}
LANDSCAPE = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def demo_app(folder: str):
    class ShotConfig(Config):
        SECRET_KEY = "screenshots-only-" + "x" * 32
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder}/shots.sqlite3"

    app = create_app(ShotConfig)
    with app.app_context():
        db.create_all()
        create_demo()
        db.session.commit()
    return app


def enrol_code(app, household_name: str) -> str:
    from sqlalchemy import select

    from cohousing.households.models import Household
    from cohousing.tablet.services import start_enrolment

    with app.app_context(), app.test_request_context():
        household = db.session.scalar(select(Household).filter_by(name=household_name))
        code = start_enrolment(household, "Tablet di casa", staff_id=None)
        db.session.commit()
        return code


def staff_session(browser, base: str, email: str, password: str, viewport=LANDSCAPE):
    context = browser.new_context(base_url=base, viewport=viewport, locale="it-IT")
    page = context.new_page()
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    return context, page


ADMIN_PAGES = (
    ("admin@example.org", "Lucca-admin-demo", "/organisations/", "admin-organisations"),
    (
        "amministrazione@example.org",
        "Lucca-orgadmin-demo",
        "/organisation/settings",
        "organisation-settings",
    ),
)


def admin_pages(browser, base: str, shot) -> None:
    """The installation admin's organisations, and an organisation admin's settings."""
    for email, password, path, name in ADMIN_PAGES:
        context, page = staff_session(browser, base, email, password)
        page.goto(path)
        shot(page, f"{name}-landscape")
        page.set_viewport_size(PORTRAIT)
        shot(page, f"{name}-portrait")
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = demo_app(tempfile.mkdtemp(prefix="cohousing-shots-"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def shot(page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / f"{name}.png"))
        print(out / f"{name}.png")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        # A resident of Casa Girasole on the house tablet.
        for viewport, suffix in ((PORTRAIT, "portrait"), (LANDSCAPE, "landscape")):
            context = browser.new_context(base_url=base, viewport=viewport, locale="it-IT")
            page = context.new_page()
            page.goto(f"/tablet/enrol?code={enrol_code(app, 'Casa Girasole')}")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_url("**/tablet/")
            page.get_by_text("Giulia Marchetti", exact=True).click()
            page.wait_for_load_state("networkidle")
            for digit in "4719":  # the on-screen keypad, as a resident taps it
                page.get_by_role("button", name=digit, exact=True).click()
            page.get_by_role("button", name="OK").click()
            page.wait_for_url("**/tablet/today")
            shot(page, f"tablet-today-demo-{suffix}")
            if suffix == "portrait":
                for path, name in (
                    ("/tablet/money", "tablet-money"),
                    ("/tablet/chores/week", "tablet-chores-week"),
                    ("/tablet/house", "tablet-house-life"),
                    ("/tablet/wellbeing/mine", "tablet-my-checkins"),
                ):
                    response = page.goto(path)
                    if response and response.ok:
                        shot(page, f"{name}-portrait")
                for path, part, name in (
                    ("/tablet/chores/week", ".fairness", "tablet-chores-fairness"),
                    ("/tablet/wellbeing/mine", "#fine-title", "tablet-all-fine"),
                ):
                    page.goto(path)
                    page.locator(part).scroll_into_view_if_needed()
                    shot(page, f"{name}-portrait")
            context.close()

        # The coordinator and a worker, on a laptop-sized screen.
        context, page = staff_session(
            browser, base, "coordinatrice@example.org", "Lucca-coord-demo"
        )
        for path, name in (
            ("/households/", "staff-households"),
            ("/households/new", "staff-new-household"),
            ("/dashboard/overview", "staff-overview"),
        ):
            page.goto(path)
            shot(page, f"{name}-landscape")
        page.goto("/households/")
        page.get_by_role("link", name="Casa Girasole").first.click()
        shot(page, "staff-household-landscape")
        context.close()

        admin_pages(browser, base, shot)

        context, page = staff_session(browser, base, "walter@example.org", "Lucca-walter-demo")
        shot(page, "staff-dashboard-landscape")
        page.goto("/concerns/")
        shot(page, "staff-concerns-landscape")
        context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
