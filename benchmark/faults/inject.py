"""The faults: SIGKILL a gunicorn worker, restart the PostgreSQL cluster, and make sure the
cluster runs again whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from benchmark.server import Server

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
READY_LIMIT = 60.0  # seconds the cluster may take to answer again


@dataclass(frozen=True)
class Cluster:
    """A local cluster as `pg_lsclusters` names it; the one that serves the URL's port."""

    version: str
    name: str
    port: int

    def ctl(self, action: str) -> None:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action]
        subprocess.run(command, check=True, timeout=120, capture_output=True)


def check_loopback(url: str) -> None:
    host = make_url(url).host or "localhost"
    if host not in LOOPBACK:
        raise SystemExit(f"the fault run restarts the database server: loopback only, not {host}")


def cluster_for(url: str) -> Cluster:
    """The cluster listening on the URL's port (`pg_lsclusters`: version, name, port, …)."""
    port = make_url(url).port or 5432
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], check=True, capture_output=True, text=True
    ).stdout
    for line in listing.splitlines():
        version, name, cluster_port, *_ = line.split()
        if int(cluster_port) == port:
            return Cluster(version, name, port)
    raise SystemExit(f"no local PostgreSQL cluster on port {port} (pg_lsclusters)")


def answers(url: str, timeout: float = 1.0) -> bool:
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql", database="postgres")
    try:
        with psycopg.connect(
            conninfo.render_as_string(hide_password=False),
            connect_timeout=max(1, int(timeout)),
            application_name="faults-probe",
        ) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def wait_ready(url: str, limit: float = READY_LIMIT) -> float:
    """Seconds until the server takes connections again; raises after `limit`."""
    started = time.monotonic()
    while not answers(url):
        if time.monotonic() - started > limit:
            raise RuntimeError(f"PostgreSQL did not answer within {limit:.0f} s")
        time.sleep(0.05)
    return time.monotonic() - started


def restart(cluster: Cluster, url: str) -> tuple[float, float]:
    """Restart the cluster; returns (seconds the restart command took, seconds until the
    server answered, both from the start)."""
    started = time.monotonic()
    cluster.ctl("restart")
    command = time.monotonic() - started
    wait_ready(url)
    return command, time.monotonic() - started


def ensure_running(cluster: Cluster | None, url: str) -> None:
    """Whatever happened: the cluster runs and answers when the run ends."""
    if cluster is None or answers(url):
        return
    with contextlib.suppress(subprocess.CalledProcessError):  # already starting: wait below
        cluster.ctl("start")
    wait_ready(url)


def kill_worker(server: Server, limit: float = 2.0) -> int:
    """SIGKILL a worker while it runs (state R in /proc: serving a request, not waiting
    for the next one); after `limit` seconds, the first worker whatever it does."""
    deadline = time.monotonic() + limit
    pids = server.worker_pids()
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        running = [pid for pid in pids if _state(pid) == "R"]
        if running:
            pids = running
            break
        time.sleep(0.001)
    if not pids:
        raise RuntimeError("gunicorn has no worker to kill")
    os.kill(pids[0], signal.SIGKILL)
    return pids[0]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def wait_replaced(server: Server, killed: int, limit: float = 30.0) -> float:
    """Seconds until the master has its full count of workers again, without `killed`."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        pids = server.worker_pids()
        if killed not in pids and len(pids) == server.workers:
            return time.monotonic() - started
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not replace the killed worker within {limit:.0f} s")
