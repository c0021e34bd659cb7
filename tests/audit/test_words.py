"""The register in words: every action recorded anywhere has them, in both languages, and
an Italian register page shows no code, no English role and no raw detail."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from cohousing.audit.services import ACTION_WORDS, ROLE_WORDS, action_words, detail_words, record
from cohousing.extensions import db
from cohousing.security.register import HEALTH_PAGES
from tests.fixtures.households import text

PACKAGE = Path(__file__).resolve().parents[2] / "cohousing"
RECORDERS = {"record", "record_views"}
# The one call whose action is not written where it is called: the register's page rows,
# whose actions are the values of HEALTH_PAGES (checked below).
PASSED_ON = {("security/register.py", "action")}


def _module_values(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a string, or to a dict of strings (SWAP_ANSWERS)."""
    values: dict[str, list[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        strings = []
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            strings = [value.value]
        elif isinstance(value, ast.Dict):
            strings = [v.value for v in value.values if isinstance(v, ast.Constant)]
        for target in node.targets:
            if isinstance(target, ast.Name) and strings:
                values[target.id] = strings
    return values


def _actions_of(node: ast.expr, names: dict[str, list[str]]) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _actions_of(node.body, names), _actions_of(node.orelse, names)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return names.get(node.value.id)
    return None


def recorded_actions() -> tuple[set[str], list[str]]:
    """Every action a `record()` call in the code can write, and the calls not understood."""
    found: set[str] = set()
    unread: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        names = _module_values(tree)
        where = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in RECORDERS):
                continue
            first = node.args[0] if node.args else None
            actions = _actions_of(first, names) if first is not None else None
            if actions is not None:
                found.update(actions)
            elif (where, ast.unparse(first) if first is not None else "") not in PASSED_ON:
                unread.append(f"{where}:{node.lineno}")
    return found, unread


def test_every_action_recorded_anywhere_has_words():
    found, unread = recorded_actions()
    assert not unread, f"write the action as a literal (or a module constant): {unread}"
    assert len(found) > 80  # the walk did find the calls
    actions = found | set(HEALTH_PAGES.values()) | {"access.refused"}
    missing = sorted(actions - set(ACTION_WORDS))
    assert not missing, f"give these actions words in cohousing/audit/services/words.py: {missing}"


def test_every_action_and_role_reads_in_italian(app):
    """Each Italian text is translated (no msgid left in English)."""
    with app.test_request_context(), force_locale("it"):
        untranslated = [
            code
            for code, words in {**ACTION_WORDS, **ROLE_WORDS}.items()
            if str(words) == words._args[0]
        ]
    assert not untranslated, untranslated


@pytest.mark.parametrize(
    ("action", "detail", "english", "italian"),
    [
        ("household.created", "elderly", "Elderly people", "Anziani"),
        ("chores.from_template", "3 chores", "3 chores", "3 faccende"),
        ("chores.from_template", "1 chores", "1 chore", "1 faccenda"),
        (
            "visit.logged",
            "visit #4 home",
            "visit no. 4, Home visit",
            "visita n. 4, Visita domiciliare",
        ),
        ("chore.created", "chore 12", "chore no. 12", "faccenda n. 12"),
        ("agreement.decided", "#3 v2", "no. 3, version 2", "n. 3, versione 2"),
        ("concern.raised", "low_mood #7", "Low mood, no. 7", "Umore basso, n. 7"),
        ("money.settings", "kitty=1", "with a kitty", "con la cassa comune"),
        ("visit.schedule_changed", "14", "every 14 days", "ogni 14 giorni"),
        ("visit.schedule_changed", "none", "no regular visits", "nessuna visita regolare"),
        ("staff.created", "coordinator", "coordinator", "coordinatore"),
        ("tablet.enrolled", "Kitchen 2", "Kitchen 2", "Kitchen 2"),
        (
            "access.refused",
            "visit.viewed 404 /households/3/visits/9",
            "page /households/3/visits/9 (answer 404)",
            "pagina /households/3/visits/9 (risposta 404)",
        ),
    ],
)
def test_details_are_said_in_words(app, action, detail, english, italian):
    with app.test_request_context():
        with force_locale("en"):
            assert detail_words(action, detail) == english
        with force_locale("it"):
            assert detail_words(action, detail) == italian


CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")


def test_an_italian_register_page_shows_no_raw_code(app, login, admin, hf_flat):
    admin.preferred_language = "it"
    details = {
        "household.created": "elderly",
        "chores.from_template": "3 chores",
        "visit.logged": "visit #4 home",
        "money.viewed": "",
        "access.refused": "visit.viewed 404 /households/1/visits/4",
        "wellbeing.checked_in": "",
    }
    with app.test_request_context():
        for action, detail in details.items():
            record(action, household_id=hf_flat.id, detail=detail)
    db.session.commit()
    client = login(admin)
    html = text(client.get("/audit/"))
    start = html.index('id="audit-rows"')
    rows = html[start : html.index("</section>", start)]
    assert "Ha visto i conti della casa" in rows and "Anziani" in rows
    assert not CODE.findall(rows.replace("/", " ")), CODE.findall(rows)
    for english in ("(administrator)", "elderly", "3 chores", "visit #4", "(coordinator)"):
        assert english not in rows
    with app.test_request_context(), force_locale("it"):
        assert action_words("money.viewed") in rows
