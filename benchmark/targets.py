"""The issue's targets, checked against the results. Each check says which pages miss it."""

from __future__ import annotations

from dataclasses import dataclass

TARGET_SCALE = "10"
BASE_SCALE = "1"
P95_MS = 50
SHARE_OF_SELECT = {"tablet": 0.40, "staff": 0.20}
FIRST_LOAD_KB = 100
FRAGMENT_KB = 10
GROWTH = 1.3
GROWTH_SLACK_MS = 1.0  # below a millisecond, run-to-run noise is larger than any growth
MAX_QUERIES = 12
WORKER_MB = 150


@dataclass(frozen=True)
class Check:
    target: str
    database: str
    holds: bool | None  # None: not measured (scale or pages missing)
    detail: str


def measured(run: dict) -> dict[str, dict]:
    return {
        name: page
        for name, page in run.get("pages", {}).items()
        if "skipped" not in page and page.get("kind") != "ceiling"
    }


def _check(target: str, database: str, misses: list[str], seen: int) -> Check:
    if not seen:
        return Check(target, database, None, "not measured")
    return Check(target, database, not misses, "; ".join(misses) or f"all {seen} pages")


def check_all(runs: dict[str, dict[str, dict]]) -> list[Check]:
    checks: list[Check] = []
    top = runs.get(TARGET_SCALE, {})
    base = runs.get(BASE_SCALE, {})
    for database in sorted(set(top) | set(base)):
        run = top.get(database, {})
        pages = measured(run)
        checks.append(_p95(database, pages))
        checks.append(_share(database, pages, (run.get("ceilings") or {}).get("select_rps")))
        checks.append(_sizes(database, pages))
        checks.append(_revisit(database, pages))
        checks.append(_growth(database, measured(base.get(database, {})), pages))
        checks.append(_queries(database, measured(base.get(database, {})), pages))
        checks.append(_memory(database, run))
    return checks


def _p95(database: str, pages: dict[str, dict]) -> Check:
    misses = [f"{n} {p['p95_ms']:.0f} ms" for n, p in pages.items() if p["p95_ms"] >= P95_MS]
    return _check(f"p95 < {P95_MS} ms at scale {TARGET_SCALE}", database, misses, len(pages))


def _share(database: str, pages: dict[str, dict], select_rps: float | None) -> Check:
    target = "rps >= 40% (tablet) / 20% (staff) of the one-select ceiling"
    if not select_rps:
        return Check(target, database, None, "no ceiling measured")
    misses = []
    for name, page in pages.items():
        share = page["rps"] / select_rps
        if share < SHARE_OF_SELECT.get(page["kind"], 0):
            misses.append(f"{name} {share:.0%}")
    return _check(target, database, misses, len(pages))


def _sizes(database: str, pages: dict[str, dict]) -> Check:
    target = (
        f"tablet first load < {FIRST_LOAD_KB} KB, htmx fragment < {FRAGMENT_KB} KB (transferred)"
    )
    misses, seen = [], 0
    for name, page in pages.items():
        if page["kind"] == "tablet" and "first_load_bytes" in page:
            seen += 1
            if page["first_load_bytes"] >= FIRST_LOAD_KB * 1024:
                misses.append(f"{name} first load {page['first_load_bytes'] / 1024:.0f} KB")
        if "fragment_bytes" in page:
            seen += 1
            if page["fragment_bytes"] >= FRAGMENT_KB * 1024:
                misses.append(f"{name} fragment {page['fragment_bytes'] / 1024:.0f} KB")
    return _check(target, database, misses, seen)


def _revisit(database: str, pages: dict[str, dict]) -> Check:
    """Assets are cached for good (versioned URLs), so a tablet coming back downloads the
    page alone: anything more is an asset the browser was not allowed to keep."""
    target = "a revisit downloads only the page (tablet)"
    misses, seen = [], 0
    for name, page in pages.items():
        if page["kind"] != "tablet" or "revisit_bytes" not in page:
            continue
        seen += 1
        again = page["revisit_bytes"] - page.get("revisit_page_bytes", page["bytes"])
        if again:
            misses.append(f"{name} {again / 1024:.1f} KB of assets again")
    return _check(target, database, misses, seen)


def _growth(database: str, small: dict[str, dict], large: dict[str, dict]) -> Check:
    target = f"p50 and p95 at scale {TARGET_SCALE} <= {GROWTH}x scale {BASE_SCALE}"
    misses, seen = [], 0
    for name in small.keys() & large.keys():
        seen += 1
        for key in ("p50_ms", "p95_ms"):
            before, after = small[name][key], large[name][key]
            if after > before * GROWTH and after - before > GROWTH_SLACK_MS:
                misses.append(f"{name} {key[:3]} {before:.1f} -> {after:.1f} ms")
    return _check(target, database, misses, seen)


def _queries(database: str, small: dict[str, dict], large: dict[str, dict]) -> Check:
    target = f"SQL queries per page fixed (same at both scales) and <= {MAX_QUERIES}"
    misses = []
    for name, page in large.items():
        count = page.get("queries")
        if count is None:
            misses.append(f"{name} not counted")
        elif count > MAX_QUERIES:
            misses.append(f"{name} {count} queries")
        elif name in small and small[name].get("queries") != count:
            misses.append(f"{name} {small[name].get('queries')} -> {count} queries")
    return _check(target, database, misses, len(large))


def _memory(database: str, run: dict) -> Check:
    target = f"a gunicorn worker < {WORKER_MB} MB RSS under load"
    peak = run.get("peak_worker_rss_mb")
    if not peak:
        return Check(target, database, None, "not measured")
    detail = f"peak {peak:.0f} MB"
    if run.get("peak_worker_rss_with_sign_in_mb"):  # argon2 checks while signing in
        detail += f" (while signing in: {run['peak_worker_rss_with_sign_in_mb']:.0f} MB)"
    return Check(target, database, peak < WORKER_MB, detail)
