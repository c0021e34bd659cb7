"""One benchmark run: for each scale and database, fill, serve, sign in, load every page."""

from __future__ import annotations

import http.client
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from benchmark import database, peer
from benchmark.app import create_bench_app
from benchmark.client import BROWSER_HEADERS, Client, Response, SetupError, parse_html
from benchmark.history import HISTORY_PAGES, add_history, analyse
from benchmark.load import LoadResult, Request, run_load, wrk_available
from benchmark.pages import CEILINGS, PAGES, ROLES, Context, Page
from benchmark.server import Server
from benchmark.transfer import sizes
from cohousing.extensions import db
from cohousing.money.services.running import ledger_balances

Say = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    scales: tuple[int, ...] = (1, 10)
    databases: tuple[str, ...] = ("sqlite", "postgresql")
    duration: float = 10.0
    connections: int = 16
    threads: int = 2
    warmup: float = 1.0
    seed: int = 1
    use_wrk: bool = True
    out_dir: Path = Path("benchmark/out")
    postgres_url: str = database.DEFAULT_POSTGRES
    pages: tuple[str, ...] = ()  # only these pages (all when empty); ceilings always run
    repeat: int = 3  # each page loaded this many times: the median, and the spread
    history: tuple[int, ...] = ()  # expenses in one household for the history axis
    peer: str = ""  # "ihatemoney": its settle page measured beside ours on the history axis

    @property
    def tool(self) -> str:
        return "wrk" if self.use_wrk and wrk_available() else "python"


def run_all(
    settings: Settings, say: Say = print, done: Callable[[str, str, dict], None] | None = None
) -> dict[str, dict[str, dict]]:
    """{scale: {database: run}} for every combination asked for; `done` gets each one as it
    ends, so a long run keeps what it measured."""
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict[str, dict]] = {}
    for scale in settings.scales:
        for kind in settings.databases:
            say(f"== scale {scale}, {kind} ==")
            try:
                run = run_one(settings, scale, kind, say)
            except Exception as error:  # one broken combination must not lose the others
                say(f"  failed: {type(error).__name__}: {error}")
                run = {"error": f"{type(error).__name__}: {error}", "pages": {}}
            runs.setdefault(str(scale), {})[kind] = run
            if done is not None:
                done(str(scale), kind, run)
    return runs


def run_one(settings: Settings, scale: int, kind: str, say: Say) -> dict:
    url = database.database_url(kind, scale, settings.out_dir, settings.postgres_url)
    database.recreate(url)
    secret_key = secrets.token_urlsafe(48)
    app = create_bench_app(url, secret_key)
    schema = database.create_schema(app)
    say(f"  schema by {schema}; filling scale {scale}…")
    fill_seconds = database.fill(app, scale, settings.seed, say)
    with app.app_context():
        analyse()
    facts = database.bench_facts(app)
    log = settings.out_dir / f"gunicorn-scale{scale}-{kind}.log"
    result: dict = {
        "fill_seconds": fill_seconds,
        "schema": schema,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tool": settings.tool,
        "load_average": [round(x, 2) for x in os.getloadavg()],  # a busy machine skews all
        "pages": {},
    }
    try:
        with Server(url, secret_key, log) as server:
            context = Context(
                base_url=server.base_url,
                household_id=facts.household_id,
                person_id=facts.person_id,
                new_enrolment_code=database.enrolment_code_maker(app, facts),
                resident_ids=list(facts.resident_ids),
            )
            for page in selected_pages(settings):
                measured = measure_page(settings, server, context, page)
                result["pages"][page.name] = measured
                say("  " + one_line(page.name, measured))
            pages = result["pages"].values()
            result["peak_worker_rss_mb"] = max(
                (p.get("worker_rss_mb") or 0 for p in pages), default=None
            )
            result["peak_worker_rss_with_sign_in_mb"] = max(
                (p.get("worker_rss_setup_mb") or 0 for p in pages), default=None
            )
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    result["ceilings"] = {
        key: result["pages"].get(name, {}).get("rps") for name, key in CEILINGS.items()
    }
    return result


def run_history(
    settings: Settings, kind: str, say: Say, done: Callable[[str, str, dict], None] | None = None
) -> dict[str, dict]:
    """{expenses: run} for the history axis: scale 1, then one household grown to each
    size in turn (ANALYZE after each), its money, today and summary pages measured on the
    same history (only GET pages: nothing the load does grows it). `done` gets each size as
    it ends, so an interrupted long run keeps what it measured."""
    url = database.database_url(kind, 1, settings.out_dir, settings.postgres_url)
    url = url.replace("scale1", "history") if "scale1" in url else url + "_history"
    database.recreate(url)
    secret_key = secrets.token_urlsafe(48)
    app = create_bench_app(url, secret_key)
    database.create_schema(app)
    database.fill(app, 1, settings.seed, say)
    facts = database.bench_facts(app)
    runs: dict[str, dict] = {}
    grown = 0
    for size in sorted(settings.history):
        with app.app_context():
            grown += add_history(facts.household_id, size - grown, settings.seed)
            analyse()
        say(f"== history: {grown} more expenses in household {facts.household_id}, {kind} ==")
        log = settings.out_dir / f"gunicorn-history{size}-{kind}.log"
        run: dict = {
            "expenses_added": grown,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "pages": {},
        }
        with Server(url, secret_key, log) as server:
            context = Context(
                base_url=server.base_url,
                household_id=facts.household_id,
                person_id=facts.person_id,
                new_enrolment_code=database.enrolment_code_maker(app, facts),
                resident_ids=list(facts.resident_ids),
            )
            for page in [p for p in PAGES if p.name in HISTORY_PAGES]:
                run["pages"][page.name] = measure_page(settings, server, context, page)
                say("  " + one_line(page.name, run["pages"][page.name]))
        if settings.peer:
            with app.app_context():
                run["peer"] = measure_peer(settings, size, facts.household_id, say)
            run["peer_ratio"] = peer.ratios(run["pages"], run["peer"])
            say(f"  {settings.peer} settle page: ours is {run['peer_ratio']} times faster (rps)")
        runs[str(size)] = run
        if done is not None:
            done(str(size), kind, run)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return runs


def measure_peer(settings: Settings, size: int, household_id: int, say: Say) -> dict:
    """The peer given this household's ledger, its settle page loaded like ours. Never
    raises: a peer that fails says why in the results."""
    started = time.perf_counter()
    try:
        python = peer.ensure_venv(settings.out_dir, say)
        bills = peer.household_bills(household_id)
        ours = ledger_balances(household_id)
        members = set(peer.as_members(ours)) | {m for b in bills for m in (b["payer"], *b["owers"])}
        config, filled = peer.fill(python, settings.out_dir, size, bills, members)
        entry: dict = {
            "bills": len(bills),
            "fill_seconds": round(time.perf_counter() - started, 1),
            "same_balances": peer.same_balances(ours, filled["balances"])
            and peer.same_balances(ours, peer.peer_balances(bills)),
        }
        log = settings.out_dir / f"gunicorn-peer{size}.log"
        with peer.PeerServer(python, config, log) as server:
            request = peer.settle_request(
                server.base_url, peer.session_cookie(server.base_url, filled["token"])
            )
            if (status := replay(request)) != 200:
                raise SetupError(f"the peer's settle page answered {status}")
            loads = [load_page(settings, server, request) for _ in range(max(settings.repeat, 1))]
            entry["cpu_ms_alone"] = cpu_alone(server, request)
    except Exception as error:  # the peer must not lose our measurements
        return {"skipped": f"{type(error).__name__}: {error}"}
    return entry | load_figures(loads)


def cpu_alone(server: Server, request: Request, times: int = 3) -> float:
    """Worker CPU per request, one request at a time: under load, requests that outlast
    wrk's timeout are served anyway but not counted, which would inflate CPU per request."""
    server.wait_idle()
    before = server.cpu_seconds()
    for _ in range(times):
        replay(request)
    return round((server.cpu_seconds() - before) * 1000 / times, 2)


def load_figures(loads: list[tuple[LoadResult, float, float | None]]) -> dict:
    """The median repetition's throughput, latencies and CPU per request, with the spread."""
    load, cpu, _setup = median_load(loads)
    return {
        "rps": round(load.rps, 1),
        "p50_ms": round(load.p50_ms, 2),
        "p95_ms": round(load.p95_ms, 2),
        "p99_ms": round(load.p99_ms, 2),
        "requests": load.requests,
        "errors": sum(one.errors for one, _c, _s in loads),
        "cpu_ms": round(cpu * 1000 / load.requests, 2) if load.requests else None,
        "repeats": len(loads),
        "rps_spread": [round(min(o.rps for o, _c, _s in loads), 1),
                    round(max(o.rps for o, _c, _s in loads), 1)],
        "p95_spread_ms": [round(min(o.p95_ms for o, _c, _s in loads), 2),
                       round(max(o.p95_ms for o, _c, _s in loads), 2)],
    }  # fmt: skip


def selected_pages(settings: Settings) -> list[Page]:
    wanted = set(settings.pages)
    return [p for p in PAGES if not wanted or p.name in wanted or p.kind == "ceiling"]


def measure_page(settings: Settings, server: Server, context: Context, page: Page) -> dict:
    """Set up the session, check the page once, then load it. Never raises for a page."""
    entry: dict = {"kind": page.kind, "role": page.role, "method": page.method}
    try:
        client = ROLES[page.role](context)
        entry["path"] = page.path(context)
        request = build_request(context, page, client)
        check = probe(client, page, request)
        entry.update(sizes(client, page, entry["path"], check))
    except Exception as error:  # a page whose set-up fails is skipped and says why
        entry["skipped"] = f"{type(error).__name__}: {error}"
        return entry
    try:
        loads = [load_page(settings, server, request) for _ in range(max(settings.repeat, 1))]
    except Exception as error:  # a page that breaks the load generator is reported, not fatal
        entry["skipped"] = f"load failed: {type(error).__name__}: {error}"
        return entry
    load, _cpu, setup_peak = median_load(loads)
    entry.update(
        load_figures(loads),
        queries=check.query_count,
        worker_rss_mb=server.peak_memory_mb(),
        worker_rss_setup_mb=setup_peak,
    )
    if load.errors:
        entry["warning"] = f"{load.errors} requests failed or timed out (over 10 s)"
    if not server.wait_idle():
        entry["warning"] = "the server was still busy 5 minutes after the load"
    elif page.method == "GET" and (status := replay(request)) != page.expect:
        entry["warning"] = f"after the load the same request answered {status}"
    return entry


def load_page(
    settings: Settings, server: Server, request: Request
) -> tuple[LoadResult, float, float | None]:
    """Warm up, then measure on an idle server with a fresh peak-memory count. Returns the
    load result, the workers' CPU seconds spent serving it (backlog included), and the peak
    memory before it: the set-up, where sign-ins check passwords and PINs (argon2)."""
    server.wait_idle()
    options = {"connections": settings.connections, "threads": settings.threads}
    if settings.warmup > 0:
        run_load(request, duration=settings.warmup, use_wrk=settings.use_wrk, **options)
        server.wait_idle()
    setup_peak = server.peak_memory_mb()
    server.reset_peak_memory()
    cpu_before = server.cpu_seconds()
    load = run_load(request, duration=settings.duration, use_wrk=settings.use_wrk, **options)
    server.wait_idle()
    return load, server.cpu_seconds() - cpu_before, setup_peak


def median_load(loads: list[tuple[LoadResult, float, float | None]]):
    """The repetition with the median throughput (its own latencies and CPU with it)."""
    ordered = sorted(loads, key=lambda item: item[0].rps)
    return ordered[len(ordered) // 2]


def replay(request: Request) -> int | str:
    """The load generator's exact request once more: did its session hold to the end?"""
    parts = urlsplit(request.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(request.method, request.url, headers=request.headers)
        return connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__
    finally:
        connection.close()


def build_request(context: Context, page: Page, client: Client) -> Request:
    """The request the load replays (wrk and the Python client alike): a browser's, so
    the workers' CPU includes compressing the answer as real users cause it."""
    headers = {"User-Agent": client.headers()["User-Agent"]} | BROWSER_HEADERS
    if client.cookies:
        headers["Cookie"] = client.cookie_header()
    body = None
    if page.form is not None:
        fields = page.form(context, client)
        body = urlencode(fields).replace("%7Buniq%7D", "{uniq}")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = csrf_token(client)
    return Request(client.base_url + page.path(context), page.method, headers, body)


def csrf_token(client: Client) -> str:
    """The token of the session: read from a page's form (the sign-in page is public)."""
    for form in parse_html(client.get("/auth/login").text).forms:
        if "csrf_token" in form.fields:
            return form.fields["csrf_token"]
    raise SetupError("no CSRF token found")


def probe(client: Client, page: Page, request: Request) -> Response:
    """One request as the load generator will send it: right status, and its query count."""
    path = request.url.removeprefix(client.base_url)
    body = request.body.replace("{uniq}", secrets.token_hex(8)) if request.body else None
    extra = {k: v for k, v in request.headers.items() if k not in ("Cookie", "User-Agent")}
    answer = client.request(page.method, path, headers=extra, body=body)
    if answer.status != page.expect:
        raise SetupError(f"{page.method} {path} answered {answer.status}, not {page.expect}")
    return answer


def one_line(name: str, entry: dict) -> str:
    if "skipped" in entry:
        return f"{name:<24} skipped: {entry['skipped']}"
    return (
        f"{name:<24} {entry['rps']:>8.0f} rps  p50 {entry['p50_ms']:>6.1f} ms  "
        f"p95 {entry['p95_ms']:>6.1f} ms  {entry['queries']} queries  "
        f"{entry['bytes'] / 1024:.1f} KB  errors {entry['errors']}"
    )
