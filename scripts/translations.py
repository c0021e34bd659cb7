"""Keep the translation catalogues in step with the code, through Babel's Python API.

    python scripts/translations.py extract   # code and templates -> messages.pot
    python scripts/translations.py update    # messages.pot -> it and en messages.po
    python scripts/translations.py compile   # messages.po -> messages.mo (committed)
    python scripts/translations.py all       # the three, in that order

The same functions are used by tests/test_i18n.py, so the test and the tool agree on what
"a message of the app" is and on how a .mo file is compiled.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "cohousing" / "translations"
LOCALES = ("it", "en")
DOMAIN = "messages"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)


def extract_catalog(root: Path = ROOT) -> Catalog:
    """Every message marked in the Python code and the templates that babel.cfg names."""
    with open(root / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(root / "babel.cfg"))
    catalog = Catalog(project="Cohousing", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def is_translated(message) -> bool:
    """A non-fuzzy translation with every form filled (plurals have several)."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not message.fuzzy and all(s.strip() for s in strings)


def po_path(translations: Path, locale: str) -> Path:
    return translations / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str) -> Catalog:
    with open(path, "rb") as po:
        return read_po(po, locale=locale)


def compiled_bytes(catalog: Catalog) -> bytes:
    """The .mo for a catalogue: fuzzy and empty translations left out, as gettext expects."""
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def extract(root: Path = ROOT, translations: Path = TRANSLATIONS) -> Path:
    template = translations / f"{DOMAIN}.pot"
    template.parent.mkdir(parents=True, exist_ok=True)
    catalog = extract_catalog(root)
    with open(template, "wb") as pot:
        write_po(pot, catalog, width=100, sort_by_file=True)
    print(f"{len(catalog)} messages -> {template}")
    return template


def update(translations: Path = TRANSLATIONS, locales: Iterable[str] = LOCALES) -> list[Path]:
    """Merge the template into each language, creating a language that is missing."""
    with open(translations / f"{DOMAIN}.pot", "rb") as pot:
        template = read_po(pot)
    written = []
    for locale in locales:
        path = po_path(translations, locale)
        if path.exists():
            catalog = read_catalog(path, locale)
            catalog.update(template)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(translations / f"{DOMAIN}.pot", "rb") as pot:
                catalog = read_po(pot, locale=locale)
            catalog.locale = locale
            catalog.fuzzy = False
        with open(path, "wb") as po:
            write_po(po, catalog, width=100, sort_by_file=True)
        untranslated = sum(1 for m in list(catalog)[1:] if not is_translated(m))
        print(f"{locale}: {len(catalog)} messages, {untranslated} to translate -> {path}")
        written.append(path)
    return written


def compile_catalogs(
    translations: Path = TRANSLATIONS, locales: Iterable[str] = LOCALES
) -> list[Path]:
    written = []
    for locale in locales:
        path = po_path(translations, locale)
        if not path.exists():
            continue
        catalog = read_catalog(path, locale)
        for message, errors in catalog.check():
            for error in errors:
                print(f"{locale}: {message.id!r}: {error}", file=sys.stderr)
        mo = path.with_suffix(".mo")
        mo.write_bytes(compiled_bytes(catalog))
        print(f"{locale}: -> {mo}")
        written.append(mo)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "update", "compile", "all"))
    parser.add_argument("--translations", type=Path, default=TRANSLATIONS, help="catalogue folder")
    args = parser.parse_args(argv)
    if args.command in ("extract", "all"):
        extract(ROOT, args.translations)
    if args.command in ("update", "all"):
        update(args.translations)
    if args.command in ("compile", "all"):
        compile_catalogs(args.translations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
