"""Browser tests: a live server with its own app and database, and Chromium via Playwright.

The live app is separate from the unit tests' app: its own database (a temp SQLite file,
or `<TEST_DATABASE_URL>_live` on PostgreSQL), served by werkzeug in a daemon thread.
The server thread reads the same `cohousing.database.clock` as the tests, so tests freeze it at the
real time of day and move it forward on purpose (e.g. past a PIN lock-out).
Every browser context reports Content-Security-Policy (and Permissions-Policy) errors from
Chromium's console, and a test with any of them fails: htmx, the keypad, the auto-lock and
every page must work under the policy the app sends.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from cohousing import create_app
from cohousing.database import clock as app_clock
from cohousing.extensions import db
from config import TestConfig
from tests.browser.screens import PORTRAIT

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "tests" / "vendor" / "axe-4.14.1.min.js"
CHROMIUM = "/usr/bin/chromium"


def _live_database() -> tuple[str, str | None]:
    """The live server's database URL, and the PostgreSQL database to drop at the end."""
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    if test_url.startswith("postgresql"):
        url = make_url(test_url)
        name = f"{url.database}_live"
        import psycopg

        admin = url.set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False), name
    folder = tempfile.mkdtemp(prefix="cohousing-live-")
    return f"sqlite:///{folder}/live.sqlite3", None


@pytest.fixture(scope="session")
def live_app():
    url, _ = _live_database()

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        SERVER_NAME = None

    app = create_app(LiveConfig)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def clock():
    """Frozen at the real time now (not the unit tests' fixed day); tests advance it."""
    app_clock.set_now(datetime.now(UTC).replace(microsecond=0))
    yield app_clock
    app_clock.set_now(None)


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""
POLICY_WORDS = (
    "Content Security Policy",
    "CSP violation",
    "Permissions-Policy",
    "Permissions Policy",
)


@pytest.fixture(autouse=True)
def fail_on_policy_errors(monkeypatch):
    """Every context a test opens (directly or through pytest-playwright's fixtures) listens
    to its console; any policy error found fails the test when it ends."""
    from playwright.sync_api import Browser

    problems: list[str] = []
    open_context = Browser.new_context

    def note(message) -> None:
        if any(word in message.text for word in POLICY_WORDS):
            problems.append(f"{message.type}: {message.text} ({message.location.get('url')})")

    def new_context(self, *args, **kwargs):
        context = open_context(self, *args, **kwargs)
        context.add_init_script(CSP_LISTENER)
        context.on("console", note)
        return context

    monkeypatch.setattr(Browser, "new_context", new_context)
    yield problems
    assert problems == [], "policy errors in the browser console:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages open relative to the live server (replaces pytest-playwright's own fixture)."""
    return live_server


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    return {**browser_context_args, "viewport": PORTRAIT}


@pytest.fixture
def shoot():
    """Save a screenshot under test-artifacts/ (copied by hand to docs/screenshots/)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail on any serious or critical violation."""

    def check(page, where: str) -> list[dict]:
        # Evaluated through DevTools, not added as a <script>: the page's CSP would refuse it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("async () => (await axe.run()).violations")
        bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
        assert not bad, f"{where}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in bad
        )
        return violations

    return check


SIZES_JS = """
(scope) => {
  const problems = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll("a, button, input, select, textarea, [role=button]")) {
      if (el.type === "hidden" || !visible(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 48 || box.height < 48) {
        problems.push(`target ${el.outerHTML.slice(0, 60)} is ${box.width}x${box.height}`);
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!walker.currentNode.textContent.trim() || !visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18) problems.push(`text "${el.textContent.trim().slice(0, 30)}" is ${size}px`);
    }
  }
  return problems;
}
"""


@pytest.fixture
def sizes_check():
    """Touch targets of at least 48 px and text of at least 18 px inside `scope`."""

    def check(page, scope: str = "body") -> None:
        problems = page.evaluate(SIZES_JS, scope)
        assert not problems, problems

    return check
