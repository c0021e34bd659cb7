"""docs/privacy.md says what the code does: its role table is the pages' access rules, its
retention table is the settings and their defaults."""

from __future__ import annotations

import re

from cohousing import ROOT
from cohousing.privacy.services import REGISTER_MINIMUM_MONTHS
from cohousing.privacy.services.retention import SETTINGS
from cohousing.security.register import HEALTH_PAGES
from cohousing.staff.models import Role
from config import Config

PAGE = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
COLUMNS = (Role.ADMIN, Role.ORG_ADMIN, Role.COORDINATOR, Role.WORKER)


def _role_table() -> dict[str, list[str]]:
    block = PAGE.split("<!-- role-table")[1].split("<!-- /role-table -->")[0]
    rows = {}
    for line in block.splitlines():
        match = re.match(r"\| [^|]+ \| `([\w.]+)` \|(.*)\|$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def _from_code(app, endpoint: str) -> list[str]:
    access = app.view_functions[endpoint].access
    staff = ["yes" if access.kind == "staff" and r in access.roles else "—" for r in COLUMNS]
    return [*staff, "after PIN" if access.kind == "resident" else "—"]


def test_the_role_table_is_the_access_rules(app):
    table = _role_table()
    assert len(table) >= 15
    wrong = {
        endpoint: (cells, _from_code(app, endpoint))
        for endpoint, cells in table.items()
        if cells != _from_code(app, endpoint)
    }
    assert wrong == {}


def test_every_health_page_is_in_the_role_table(app):
    table = _role_table()
    staff_health = {
        e
        for e in HEALTH_PAGES
        if app.view_functions[e].access.kind == "staff" or e in ("wellbeing.mine",)
    }
    assert staff_health - set(table) == set()


def test_the_retention_table_is_the_settings_and_defaults():
    for key in SETTINGS.values():
        default = getattr(Config, key)
        assert re.search(rf"\| `{key}` \| {default} \|", PAGE), key
    assert str(REGISTER_MINIMUM_MONTHS) == Config.RETENTION_REGISTER_MONTHS
    assert f"less than {REGISTER_MINIMUM_MONTHS} is refused" in PAGE


def test_the_readme_links_the_privacy_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/privacy.md" in readme
    assert "apply-retention" in readme
