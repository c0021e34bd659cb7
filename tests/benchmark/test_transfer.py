"""Sizes as a browser gets them (fast): compressed on the wire, decoded beside it, and a
revisit that fetches only what a warm cache may not keep. A tiny local server stands in
for the app; nothing here starts a load."""

from __future__ import annotations

import gzip
import subprocess
from http.server import BaseHTTPRequestHandler

import brotli
import pytest
from backports import zstd
from werkzeug.serving import make_server

from benchmark import __main__ as cli
from benchmark import load, peer, report, targets
from benchmark.client import BROWSER_ENCODINGS, Client, Response, decode
from benchmark.load import Request, run_python
from benchmark.pages import Context, Page
from benchmark.run import build_request
from benchmark.transfer import kept_by_browser, sizes
from tests.benchmark.servers import serving, serving_handler
from tests.benchmark.test_benchmark import WRK_LINE

PAGE = (
    b'<html><head><link rel="stylesheet" href="/static/app.css?v=abc123">'
    b'<script src="/static/old.js"></script></head><body>'
    + b"<p>the same words again and again</p>" * 200
    + b"</body></html>"
)
FRAGMENT = b"<p>the same words again and again</p>" * 20
ASSETS = {
    "/static/app.css?v=abc123": (b"body { color: black; }\n" * 300, "public, max-age=31536000"),
    "/static/old.js": (b"console.log('again');\n" * 300, "no-cache"),
}


class _Gzipping(BaseHTTPRequestHandler):
    """Answers gzip when offered, as Flask-Compress does; notes what each request offered."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str]] = []

    def do_GET(self):
        offered = self.headers.get("Accept-Encoding", "")
        type(self).seen.append((self.path, offered))
        body, control = ASSETS.get(self.path, (PAGE, "no-store"))
        if self.path == "/page" and self.headers.get("HX-Request"):
            body = FRAGMENT
        self.send_response(200)
        if "gzip" in offered:
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", control)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def gzip_server():
    _Gzipping.seen = []
    with serving_handler(_Gzipping) as url:
        yield url


def _tablet_page() -> Page:
    return Page("today", "tablet", "resident", lambda c: "/page")


def _context(base_url: str) -> Context:
    return Context(base_url=base_url, household_id=1, person_id=1, new_enrolment_code=str)


def test_sizes_are_what_came_over_the_wire_with_the_decoded_size_beside(gzip_server):
    client = Client(gzip_server)
    page = _tablet_page()
    request = build_request(_context(gzip_server), page, client)
    answer = client.get("/page", headers={"Accept-Encoding": request.headers["Accept-Encoding"]})

    found = sizes(client, page, "/page", answer)

    assert found["content_encoding"] == "gzip"
    assert found["raw_bytes"] == len(PAGE) > found["bytes"] == len(answer.body)
    assert found["fragment_raw_bytes"] == len(FRAGMENT) > found["fragment_bytes"]
    raw_first_load = len(PAGE) + sum(len(body) for body, _control in ASSETS.values())
    assert found["first_load_raw_bytes"] == raw_first_load > found["first_load_bytes"]
    assert {offered for _path, offered in _Gzipping.seen} == {BROWSER_ENCODINGS}


def test_a_revisit_fetches_the_page_and_only_the_assets_the_cache_may_not_keep(gzip_server):
    client = Client(gzip_server)
    answer = client.get("/page", headers={"Accept-Encoding": BROWSER_ENCODINGS})

    found = sizes(client, _tablet_page(), "/page", answer)

    old_js = len(gzip.compress(ASSETS["/static/old.js"][0]))
    assert found["revisit_bytes"] == found["revisit_page_bytes"] + old_js
    fetched = [path for path, _offered in _Gzipping.seen]
    assert fetched.count("/static/app.css?v=abc123") == 1  # versioned, a year: kept
    assert fetched.count("/static/old.js") == 2  # no-cache: asked for again


def test_a_staff_page_has_no_first_load_and_a_post_no_fragment(gzip_server):
    client = Client(gzip_server)
    answer = client.get("/page", headers={"Accept-Encoding": BROWSER_ENCODINGS})

    staff = sizes(client, Page("list", "staff", "worker", lambda c: "/page"), "/page", answer)
    post = sizes(client, Page("add", "staff", "worker", lambda c: "/page", "POST"), "/", answer)

    assert "fragment_bytes" in staff and "first_load_bytes" not in staff
    assert set(post) == {"bytes", "raw_bytes", "content_encoding"}


def _answer(url: str, control: str) -> Response:
    return Response(200, {"cache-control": control}, b"", url)


@pytest.mark.parametrize(
    ("url", "control", "kept"),
    [
        ("http://x/static/a.css?v=1a2b", "public, max-age=31536000, immutable", True),
        ("http://x/static/a.css?v=1a2b", "public, max-age=86400", True),  # versioned URL
        ("http://x/static/a.css", "public, max-age=86400", False),  # a day, but may change
        ("http://x/static/a.css", "public, max-age=31536000, immutable", True),
        ("http://x/photo/7", "private, max-age=31536000, immutable", True),
        ("http://x/static/a.css?v=1a2b", "public, max-age=3600", False),  # under a day
        ("http://x/static/a.css?v=1a2b", "no-cache", False),
        ("http://x/static/a.css?v=1a2b", "max-age=31536000, immutable, no-store", False),
        ("http://x/static/a.css?v=1a2b", "", False),
    ],
)
def test_a_warm_cache_keeps_day_long_assets_that_are_immutable_or_versioned(url, control, kept):
    assert kept_by_browser(_answer(url, control)) is kept


def test_bodies_decode_by_their_content_encoding():
    body = b"hello " * 100

    assert decode(gzip.compress(body), "gzip") == body
    assert decode(brotli.compress(body), "br") == body
    assert decode(zstd.compress(body), "zstd") == body
    assert decode(body, "") == body
    assert decode(body, "identity") == body
    assert decode(body, "compress") is None  # no decoder here: raw size unknown
    assert (
        Response(200, {"content-encoding": "gzip"}, gzip.compress(body), "").text == "hello " * 100
    )


def test_the_load_offers_what_a_browser_offers(gzip_server):
    request = build_request(_context(gzip_server), _tablet_page(), Client(gzip_server))

    run_python(Request(request.url, headers=request.headers), duration=0.2, connections=1)

    assert {offered for _path, offered in _Gzipping.seen} == {BROWSER_ENCODINGS}
    assert peer.settle_request("http://x", "c=1").headers["Accept-Encoding"] == BROWSER_ENCODINGS


def _tablet(**sizes) -> dict:
    return {"kind": "tablet", "rps": 900, "p50_ms": 5, "p95_ms": 9, "queries": 3} | sizes


def test_the_revisit_target_names_tablet_pages_that_download_assets_again():
    pages = {
        "picker": _tablet(bytes=9000, revisit_page_bytes=9010, revisit_bytes=9010),
        "today": _tablet(bytes=9000, revisit_page_bytes=9000, revisit_bytes=9000 + 2048),
    }
    checks = {c.target: c for c in targets.check_all({"10": {"sqlite": {"pages": pages}}})}

    revisit = checks["a revisit downloads only the page (tablet)"]
    assert revisit.holds is False
    assert revisit.detail == "today 2.0 KB of assets again"
    del pages["today"]
    checks = {c.target: c for c in targets.check_all({"10": {"sqlite": {"pages": pages}}})}
    assert checks["a revisit downloads only the page (tablet)"].holds is True


def test_the_size_target_reads_transferred_bytes():
    pages = {"today": _tablet(first_load_bytes=60_000, first_load_raw_bytes=200_000)}
    [check] = [
        c
        for c in targets.check_all({"10": {"sqlite": {"pages": pages}}})
        if c.target.startswith("tablet first load")
    ]

    assert check.holds is True and "transferred" in check.target


def test_the_report_shows_transferred_raw_and_revisit_sizes():
    page = _tablet(
        bytes=4096, content_encoding="br", first_load_bytes=30_720,
        first_load_raw_bytes=102_400, revisit_bytes=4096, fragment_bytes=1024,
    )  # fmt: skip
    [row] = report.rows({"pages": {"today": page}})
    cell = dict(zip([title for title, _ in report.COLUMNS], row, strict=True))

    assert (cell["KB"], cell["encoding"], cell["fragment KB"]) == ("4.0", "br", "1.0")
    assert (cell["first load KB"], cell["raw first load KB"]) == ("30.0", "100.0")
    assert cell["revisit KB"] == "4.0"
    assert "gzip KB" not in cell


def test_results_measured_raw_before_show_as_raw_only():
    old = _tablet(bytes=9000, first_load_bytes=102_400, first_load_gzip_bytes=30_720)
    [row] = report.rows({"pages": {"today": old}})
    cell = dict(zip([title for title, _ in report.COLUMNS], row, strict=True))

    assert cell["raw first load KB"] == "100.0"
    assert cell["first load KB"] == cell["KB"] == cell["revisit KB"] == ""


def test_an_interrupted_history_run_keeps_the_sizes_it_measured(tmp_path, monkeypatch):
    def history(settings, kind, say, done):
        done("1000", kind, {"pages": {"balances_tablet": {"rps": 200.0}}})
        raise KeyboardInterrupt  # stopped while measuring the next size

    monkeypatch.setattr(cli, "run_history", history)
    results = tmp_path / "results.json"
    argv = ["--scale", "0", "--history", "1000,10000", "--db", "sqlite"]

    with pytest.raises(KeyboardInterrupt):
        cli.main([*argv, "--results", str(results), "--doc", str(tmp_path / "b.md")])

    saved = report.load_results(results)
    assert saved["history"]["1000"]["sqlite"]["pages"]["balances_tablet"]["rps"] == 200.0
    assert saved["history"]["1000"]["sqlite"]["settings"]["history"] == [1000, 10000]


@pytest.fixture
def served_app(app):
    """The app itself behind a real socket: Flask-Compress and the static cache headers."""
    with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield url


def test_the_app_compresses_and_its_versioned_assets_are_not_fetched_again(served_app):
    client = Client(served_app)
    page = Page("sign_in", "tablet", "anonymous", lambda c: "/auth/login")
    answer = client.get("/auth/login", headers={"Accept-Encoding": BROWSER_ENCODINGS})

    found = sizes(client, page, "/auth/login", answer)

    assert found["content_encoding"] in ("zstd", "br", "gzip")
    assert found["first_load_raw_bytes"] > found["first_load_bytes"] > found["bytes"]
    assert found["revisit_bytes"] == found["revisit_page_bytes"]


def test_wrk_is_given_the_browser_header(gzip_server, monkeypatch):
    ran = {}

    def fake_run(command, **_kwargs):
        ran["command"] = command
        return subprocess.CompletedProcess(command, 0, stdout=WRK_LINE + "\n", stderr="")

    monkeypatch.setattr(load.subprocess, "run", fake_run)
    request = build_request(_context(gzip_server), _tablet_page(), Client(gzip_server))

    load.run_wrk(request, duration=1, connections=1, threads=1)

    assert f"Accept-Encoding: {BROWSER_ENCODINGS}" in ran["command"]
