"""The tablet's first load is small: pages and static files compressed in the app itself,
static URLs versioned by content and cached for good, so a revisit downloads only the page."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest

from cohousing import ROOT
from cohousing.web.static import YEAR, static_version

BROWSER_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
FIRST_LOAD_LIMIT = 100 * 1024
HTMX = ROOT / "cohousing" / "static" / "vendor" / "htmx-2.0.11.min.js"


def static_urls(html: str) -> list[str]:
    """Every file the page asks for from this site: scripts, style sheets, icons, images."""
    return sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html)))


def max_age(response) -> int:
    found = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


@pytest.fixture
def tablet(resident_client, household, anna_bianchi):
    return resident_client(household, anna_bianchi, "1234")


def test_the_tablet_first_load_is_under_100_kb_and_a_revisit_only_the_page(tablet):
    page = tablet.get("/tablet/today", headers={"Accept-Encoding": BROWSER_ENCODING})
    assert page.status_code == 200
    assert page.headers["Content-Encoding"] in {"gzip", "br", "zstd", "deflate"}
    html = page.get_data(as_text=False)
    urls = static_urls(
        tablet.get("/tablet/today").get_data(as_text=True)  # the same page, uncompressed
    )
    assert any("htmx" in u for u in urls) and any(".css?" in u for u in urls)
    sizes = {"page": len(html)}
    for url in urls:
        answer = tablet.get(
            url.replace("&amp;", "&"), headers={"Accept-Encoding": BROWSER_ENCODING}
        )
        assert answer.status_code == 200, url
        sizes[url] = len(answer.data)
        assert "?v=" in url, url  # versioned: cached for good
        assert "immutable" in answer.headers["Cache-Control"]
        assert max_age(answer) == YEAR
    assert sum(sizes.values()) < FIRST_LOAD_LIMIT, sizes
    # the revisit: every static file above is immutable in the cache, so only the page
    # comes again, and it is small
    assert len(html) < 20 * 1024


def test_text_files_are_compressed_and_htmx_is_served_unchanged(tablet):
    url = next(
        u for u in static_urls(tablet.get("/tablet/today").get_data(as_text=True)) if "htmx" in u
    )
    answer = tablet.get(url, headers={"Accept-Encoding": "gzip"})
    assert answer.headers["Content-Encoding"] == "gzip"
    assert int(answer.headers["Content-Length"]) == len(answer.data) < HTMX.stat().st_size / 2
    assert gzip.decompress(answer.data) == HTMX.read_bytes()  # the vendored file, byte for byte
    assert "Accept-Encoding" in answer.headers["Vary"]
    plain = tablet.get(url)  # a client that asks for no compression gets none
    assert "Content-Encoding" not in plain.headers
    assert plain.data == HTMX.read_bytes()


def test_a_static_file_asked_for_without_its_version_is_cached_a_day_not_for_good(client):
    answer = client.get("/static/css/app.css")
    assert answer.status_code == 200
    assert max_age(answer) >= 24 * 3600
    assert "immutable" not in answer.headers["Cache-Control"]
    stale = client.get("/static/css/app.css?v=0000000000")  # an old version's URL
    assert "immutable" not in stale.headers["Cache-Control"]


def test_a_changed_file_gets_a_new_url_in_debug_mode(app, tmp_path, monkeypatch):
    """In production each file's hash is computed once (files change with a new release
    and a restart); in debug mode an edited file gets its new URL at once."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    monkeypatch.setattr(app, "debug", True)
    path = tmp_path / "thing.css"
    path.write_text(".a { color: red; }")
    with app.test_request_context():
        from flask import url_for

        first = url_for("static", filename="thing.css")
        assert first == f"/static/thing.css?v={static_version('thing.css')}"
        path.write_text(".a { color: blue; }")
        later = os.stat(path).st_mtime + 5
        os.utime(path, (later, later))
        second = url_for("static", filename="thing.css")
    assert first != second


def test_the_pages_use_only_versioned_static_urls(client, login, coordinator, household):
    login(coordinator)
    html = client.get(f"/households/{household.id}/money").get_data(as_text=True)
    assert static_urls(html)
    assert all("?v=" in url for url in static_urls(html)), static_urls(html)


def test_no_template_writes_a_static_path_by_hand():
    """Every static URL comes from url_for("static") or static_url, so it is versioned."""
    written = [
        str(path.relative_to(ROOT))
        for path in Path(ROOT / "templates").rglob("*.html")
        if re.search(r'(?:src|href)="/static/', path.read_text())
    ]
    assert written == []
