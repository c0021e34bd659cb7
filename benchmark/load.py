"""Load generators: wrk when installed, else a small Python client. Same result either way."""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

RESULT_MARK = "BENCH_JSON "

# wrk's done() hook prints one JSON line we can parse without reading its text report
# (which has no p95).
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "%(mark)s{\\"requests\\":%%d,\\"duration_us\\":%%d,\\"bytes\\":%%d," ..
    "\\"connect_errors\\":%%d,\\"read_errors\\":%%d,\\"write_errors\\":%%d," ..
    "\\"status_errors\\":%%d,\\"timeouts\\":%%d,\\"p50_us\\":%%d,\\"p95_us\\":%%d," ..
    "\\"p99_us\\":%%d,\\"max_us\\":%%d}\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
"""
# Only for requests with a body: a request() hook costs wrk some speed, so GETs go without.
# `{uniq}` in the body becomes a value unique per request (idempotency tokens, new names).
WRK_BODY = """
local template = %(body)s
local threads = 0
local counter = 0
setup = function(thread)
  threads = threads + 1
  thread:set("prefix", tostring(os.time()) .. "-" .. tostring(threads))
end
request = function()
  counter = counter + 1
  local body = string.gsub(template, "{uniq}", prefix .. "-" .. counter)
  return wrk.format(nil, nil, nil, body)
end
"""


@dataclass
class Request:
    """One page request as the load generator sends it."""

    url: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # may contain {uniq}


@dataclass
class LoadResult:
    requests: int
    seconds: float
    bytes: int
    errors: int  # connection errors, timeouts and answers >= 400
    p50_ms: float
    p95_ms: float
    p99_ms: float
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str | None) -> str:
    return "nil" if value is None else json.dumps(value)  # JSON strings are valid Lua here


def wrk_script(request: Request) -> str:
    script = f"wrk.method = {_lua_string(request.method)}\n"
    if request.body is not None:
        script += WRK_BODY % {"body": _lua_string(request.body)}
    return script + WRK_DONE % {"mark": RESULT_MARK}


def parse_wrk_output(output: str) -> LoadResult:
    """Read the JSON line our done() hook printed."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            data = json.loads(line[len(RESULT_MARK) :])
            break
    else:
        raise ValueError("wrk printed no result line; is the Lua script in use?")
    errors = sum(
        data[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        errors=errors,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        tool="wrk",
    )


def run_wrk(request: Request, *, duration: float, connections: int, threads: int) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bench.lua"
        script.write_text(wrk_script(request))
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s"]
        command += ["--timeout", "10s", "-s", str(script)]
        for name, value in request.headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(request.url)
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk_output(done.stdout)


def run_python(
    request: Request, *, duration: float, connections: int, threads: int = 0
) -> LoadResult:
    """`connections` threads, each with a keep-alive connection (reopened when closed)."""
    parts = urlsplit(request.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + duration
    latencies: list[float] = []
    totals = {"bytes": 0, "errors": 0}
    lock = threading.Lock()

    def worker(number: int) -> None:
        mine: list[float] = []
        sent_bytes = errors = counter = 0
        connection = None
        while time.perf_counter() < deadline:
            counter += 1
            body = request.body.replace("{uniq}", f"{number}-{counter}") if request.body else None
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request(request.method, path, body=body, headers=request.headers)
                response = connection.getresponse()
                payload = response.read()
                if response.status >= 400:
                    errors += 1
                sent_bytes += len(payload)
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                errors += 1
                connection = None
                continue
            mine.append(time.perf_counter() - started)
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            totals["bytes"] += sent_bytes
            totals["errors"] += errors

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return summarise(latencies, time.perf_counter() - started, totals["bytes"], totals["errors"])


def summarise(latencies: list[float], seconds: float, size: int, errors: int) -> LoadResult:
    """Percentiles as wrk reports them, from per-request latencies in seconds."""
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    else:
        p50 = p95 = p99 = latencies[0] if latencies else 0.0
    return LoadResult(
        requests=len(latencies),
        seconds=seconds,
        bytes=size,
        errors=errors,
        p50_ms=p50 * 1000,
        p95_ms=p95 * 1000,
        p99_ms=p99 * 1000,
        tool="python",
    )


def run_load(
    request: Request, *, duration: float, connections: int, threads: int, use_wrk: bool = True
) -> LoadResult:
    if use_wrk and wrk_available():
        return run_wrk(request, duration=duration, connections=connections, threads=threads)
    return run_python(request, duration=duration, connections=connections, threads=threads)
