"""The layout is a rule, checked: the same rooms in every area, small files, one commit per
request, views that receive their records from the scope."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from cohousing import AREAS
from cohousing.security.scope import NOT_IDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cohousing"
MAX_LINES = 400
ROOMS = {"__init__.py", "models.py", "forms.py", "services", "views"}
OPTIONAL = {"demo.py"}
# Scheduled jobs (run by `flask cohousing …`, never by a request) commit as they go, so a
# long run keeps what it has done: these are the only functions that may commit.
COMMITTING_JOBS = {
    "cohousing.chores.services.rota": {"plan_all_households", "rebuild_all_balances"},
    "cohousing.privacy.services.retention": {
        "apply_retention",
        "delete_old_register_rows",
        "delete_resolved_concerns",
        "empty_checkin_notes",
        "empty_visit_notes",
        "summarise_checkins",
    },
    "cohousing.money.services.schedules": {"run_schedules_at"},
    "cohousing.staff.services.signin": {"_send_warning"},  # run by `scan`
    "cohousing.visits.services.schedule": {"run_visit_check"},
    "cohousing.wellbeing.services.all_fine": {"_send_to"},  # run by `scan`
    "cohousing.wellbeing.services.alerts": {
        "_queue_digests",
        "_send_alert",
        "_send_digest",
    },
    "cohousing.wellbeing.services.rules": {"run_scan"},
}


def _python_files():
    for folder in ("cohousing", "tests", "benchmark", "scripts", "migrations"):
        for path in (ROOT / folder).rglob("*.py"):
            if "versions" not in path.parts and "__pycache__" not in path.parts:
                yield path


def test_no_source_file_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in _python_files()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_area_has_the_same_rooms_and_nothing_else():
    for area in AREAS:
        folder = PACKAGE / area
        entries = {p.stem if p.is_dir() else p.name for p in folder.iterdir()}
        entries -= {"__pycache__"}
        rooms = {e.removesuffix(".py") if e.endswith(".py") else e for e in entries}
        assert {"__init__", "models", "forms", "services", "views"} <= rooms, area
        assert rooms - {"__init__", "models", "forms", "services", "views", "demo"} == set(), area


def _functions_that_commit(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in ("commit", "rollback")
                ):
                    found.add(node.name)
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def test_views_never_commit_and_services_only_in_scheduled_jobs():
    wrong = {}
    for area in AREAS:
        for path in (PACKAGE / area).rglob("*.py"):
            committing = _functions_that_commit(path)
            module = _module_name(path)
            package = module.rsplit(".", 1)[0] if ".services." in module else module
            allowed = COMMITTING_JOBS.get(module, set()) | COMMITTING_JOBS.get(package, set())
            if committing - allowed:
                wrong[module] = sorted(committing - allowed)
    assert wrong == {}


def test_views_receive_their_records_not_ids(app):
    """The scope hands `household`, `expense`… to the view: no view takes a scoped id."""
    wrong = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        parameters = set(inspect.signature(inspect.unwrap(view)).parameters)
        ids = (set(rule.arguments) - NOT_IDS) | ({"household_id"} & set(rule.arguments))
        still = sorted(ids & parameters)
        if still:
            wrong.append(f"{rule.endpoint}: {still}")
    assert wrong == []
