"""publiccode.yml has what Developers Italia's catalogue requires (format 0.4), and the
licence it names is the LICENSE file's. No validator of the published schema installs from
PyPI, so the keys are checked here."""

from __future__ import annotations

import re

import yaml

from cohousing import ROOT

REQUIRED = ("publiccodeYmlVersion", "name", "url", "platforms", "categories")
REQUIRED += ("developmentStatus", "softwareType", "description", "legal", "maintenance")
REQUIRED += ("localisation",)
STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web"}
TYPES |= {"standalone/backend", "standalone/other", "addon", "library", "configurationFiles"}
MAINTENANCE = {"internal", "contract", "community", "none"}


def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_every_required_key_is_there_with_the_right_kind_of_value():
    data = publiccode()

    assert [key for key in REQUIRED if key not in data] == []
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["url"].startswith("https://")
    assert "web" in data["platforms"]
    assert data["categories"] and all(re.fullmatch(r"[a-z-]+", c) for c in data["categories"])
    assert data["developmentStatus"] in STATUSES
    assert data["softwareType"] in TYPES
    assert data["maintenance"]["type"] in MAINTENANCE
    if data["maintenance"]["type"] in ("internal", "contract"):
        assert all(contact["name"] for contact in data["maintenance"]["contacts"])
    assert data["localisation"]["localisationReady"] is True
    assert data["localisation"]["availableLanguages"] == ["it", "en"]


def test_italian_and_english_descriptions_within_the_catalogue_limits():
    descriptions = publiccode()["description"]

    assert set(descriptions) == {"it", "en"}
    for description in descriptions.values():
        assert 0 < len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"]
        assert all(len(feature) <= 100 for feature in description["features"])


def test_the_licence_is_eupl_1_2_and_the_license_file_is_its_full_text():
    assert publiccode()["legal"]["license"] == "EUPL-1.2"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")

    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    for article in ("1. Definitions", "5. Obligations of the Licensee", "15. Applicable Law"):
        assert article in text
    assert "Appendix" in text and "Compatible Licences" in text
    assert len(text) > 10000  # the whole licence, not a notice pointing at it
