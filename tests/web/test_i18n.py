"""Languages: the catalogues are complete and compiled, and each reader gets their language."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from flask import g

from cohousing.extensions import db
from cohousing.web.i18n import select_locale
from tests.fixtures.people import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _load_translations_script():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts/translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translations = _load_translations_script()
IT_PO = translations.po_path(translations.TRANSLATIONS, "it")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


@pytest.fixture(autouse=True)
def _product_default_language(app, monkeypatch):
    """These tests check the product's own default, Italian (TestConfig reads English)."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "it")


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)"', html)
    assert match, html[:300]
    return match.group(1)


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%")


def _italian_catalog():
    if not IT_PO.exists():
        pytest.fail(
            f"{IT_PO.relative_to(ROOT)} is missing: run `python scripts/translations.py "
            "extract`, then `update`, translate, then `compile`."
        )
    return translations.read_catalog(IT_PO, "it")


# --- the catalogues ------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_messages():
    """Every message marked in the code and templates, extracted in-process."""
    return translations.extract_catalog(ROOT)


def _missing(source, catalog) -> list[str]:
    """The source messages without a non-empty, non-fuzzy translation in `catalog`."""
    missing = []
    for message in list(source)[1:]:
        translated = catalog.get(message.id, context=message.context)
        if translated is None or not translations.is_translated(translated):
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            missing.append(f"{message.id!r} ({where})")
    return missing


def _wrong_placeholders(catalog) -> list[str]:
    wrong = []
    for message in list(catalog)[1:]:
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        expected = _placeholders(ids[0])
        for string in strings:
            if string and _placeholders(string) != expected:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    return wrong


def test_every_message_has_an_italian_translation(source_messages):
    missing = _missing(source_messages, _italian_catalog())
    assert not missing, f"{len(missing)} messages without an Italian translation:\n" + "\n".join(
        missing
    )


def test_compiled_italian_catalogue_matches_the_po_file():
    italian = _italian_catalog()
    mo = IT_PO.with_suffix(".mo")
    assert mo.exists(), "run `python scripts/translations.py compile`"
    assert mo.read_bytes() == translations.compiled_bytes(italian), (
        "messages.mo is older than messages.po: run `python scripts/translations.py compile`"
    )


def test_placeholders_match_between_msgid_and_translation():
    wrong = _wrong_placeholders(_italian_catalog())
    english = translations.po_path(translations.TRANSLATIONS, "en")
    if english.exists():  # English msgids need no translation; check any that was made
        wrong += _wrong_placeholders(translations.read_catalog(english, "en"))
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_checks_find_missing_fuzzy_and_broken_translations():
    from babel.messages.catalog import Catalog

    source = Catalog()
    for text in ("Done", "Later", "Maybe", "Hello %(name)s"):
        source.add(text, locations=[("x.py", 1)])
    italian = Catalog(locale="it")
    italian.add("Done", "Fatto")
    italian.add("Later", "Dopo", flags=["fuzzy"])
    italian.add("Hello %(name)s", "Ciao %(nome)s")
    assert [m.split(" ")[0] for m in _missing(source, italian)] == ["'Later'", "'Maybe'"]
    assert _wrong_placeholders(italian) == ["'Hello %(name)s' -> 'Ciao %(nome)s'"]


def test_placeholder_check_catches_a_typo():
    assert _placeholders("Hello %(name)s, %(num)d left") == ["%(name)s", "%(num)d"]
    assert _placeholders("Ciao %(nome)s, %(num)d") != _placeholders("Hello %(name)s, %(num)d")
    assert _placeholders("100%% sure") == []


def test_the_script_extracts_updates_and_compiles(tmp_path):
    translations.extract(ROOT, tmp_path)
    template = (tmp_path / "messages.pot").read_text()
    assert 'msgid "Sign in"' in template  # a template string
    assert 'msgid "An account with this email already exists."' in template  # an _l string
    assert 'msgid "Use at least %(num)d characters."' in template

    translations.update(tmp_path)
    it_po = translations.po_path(tmp_path, "it")
    assert it_po.exists() and translations.po_path(tmp_path, "en").exists()
    text = it_po.read_text()
    it_po.write_text(text.replace('msgid "Sign in"\nmsgstr ""', 'msgid "Sign in"\nmsgstr "Entra"'))

    translations.update(tmp_path)  # a second update keeps what was translated
    italian = translations.read_catalog(it_po, "it")
    assert italian.get("Sign in").string == "Entra"

    translations.compile_catalogs(tmp_path)
    assert it_po.with_suffix(".mo").read_bytes() == translations.compiled_bytes(italian)

    for message in list(italian)[1:]:  # a translator who copies every msgid: complete
        message.string = message.id
    assert _missing(translations.extract_catalog(ROOT), italian) == []
    assert _wrong_placeholders(italian) == []


# --- who sees which language ---------------------------------------------------------


def test_default_is_italian(client):
    assert _lang(client.get("/auth/login").get_data(as_text=True)) == "it"


def test_browser_asking_for_english_gets_english(client):
    html = client.get("/auth/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert _lang(html) == "en"
    assert "<h1>Sign in</h1>" in html


def test_a_language_we_do_not_have_falls_back_to_italian(client):
    html = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert _lang(html) == "it"


def test_switch_changes_the_language_and_sign_in_keeps_it(client, worker):
    response = client.post("/language", data={"lang": "en", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert _lang(client.get("/auth/login").get_data(as_text=True)) == "en"
    client.post("/auth/login", data={"email": worker.email, "password": PASSWORD})
    assert _lang(client.get("/households/").get_data(as_text=True)) == "en"
    assert worker.preferred_language == "en"  # remembered for their next sign-in too


def test_staff_preference_wins_over_the_browser(client, app, make_staff, login):
    italian = make_staff(language="it")
    login(italian)
    html = client.get("/households/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert _lang(html) == "it"


def test_signed_in_staff_switch_is_stored_on_their_account(client, app, login, worker):
    login(worker)
    client.post("/language", data={"lang": "en", "next": "/households/"})
    assert worker.preferred_language == "en"
    elsewhere = login(worker, c=app.test_client())
    assert _lang(elsewhere.get("/households/").get_data(as_text=True)) == "en"


def test_switch_ignores_unknown_languages_and_foreign_next(client):
    response = client.post("/language", data={"lang": "xx", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
    assert _lang(client.get("/auth/login").get_data(as_text=True)) == "it"


# --- residents on the shared tablet ----------------------------------------------------


def test_resident_switch_is_theirs_only(resident_client, household):
    anna, bruno = sorted((m.person for m in household.memberships), key=lambda p: p.display_name)
    client = resident_client(household, anna, "1234")
    client.post("/language", data={"lang": "en", "next": "/tablet/today"})
    assert anna.preferred_language == "en"
    with client.session_transaction() as session:
        assert "lang" not in session  # the next resident is not switched with her
    assert bruno.preferred_language is None


def test_resident_choice_then_household_then_browser(app, household):
    anna = household.memberships[0].person
    household.locale = "it"
    db.session.commit()
    headers = {"Accept-Language": "en"}
    with app.test_request_context("/", headers=headers):
        g.resident, g.household = anna, household
        assert select_locale() == "it"  # no choice of her own: the household's language
    anna.preferred_language = "en"
    household.locale = "it"
    db.session.commit()
    with app.test_request_context("/"):
        g.resident, g.household = anna, household
        assert select_locale() == "en"  # her own choice first
    household.locale = "en"
    with app.test_request_context("/"):
        g.household = household
        assert select_locale() == "en"  # a tablet nobody has picked on yet


def test_outside_a_request_the_default_language(app):
    with app.app_context():
        assert select_locale() == "it"


def _switch_next(html: str) -> str:
    match = re.search(r'name="next" value="([^"]*)"', html)
    assert match, html[:300]
    return match.group(1)


def test_switch_returns_to_the_page_or_for_a_post_to_the_page_before(client, login, admin):
    login(admin)
    assert _switch_next(client.get("/staff/?x=1").get_data(as_text=True)) == "/staff/?x=1"
    after_post = client.post(
        f"/staff/{admin.id}/link", headers={"Referer": "http://localhost/staff/"}
    )
    assert _switch_next(after_post.get_data(as_text=True)) == "/staff/"
    foreign = client.post(f"/staff/{admin.id}/link", headers={"Referer": "https://evil.example/x"})
    assert _switch_next(foreign.get_data(as_text=True)) == "/"
