"""One fault run: prepare, serve, sign in, load, kill a worker, restart PostgreSQL, verify."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from benchmark import database
from benchmark.faults import house, inject
from benchmark.faults.check import verify
from benchmark.faults.clients import ClientLog, Resident, sign_in_all
from benchmark.server import Server
from cohousing import ROOT
from cohousing.extensions import db

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/cohousing_faults"
RECOVERY_LIMIT = 10.0  # seconds from the restart to writes acknowledged again
Say = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    postgres_url: str = DEFAULT_URL
    clients: int = 32
    workers: int = 2
    duration: float = 40.0  # seconds of load
    kill_at: float = 8.0  # seconds into the load: SIGKILL one worker
    restart_at: float = 20.0  # seconds into the load: restart the cluster
    turns: int = 400  # chore turns per client
    keep: bool = False  # keep the database afterwards (to look at it)
    out_dir: Path = ROOT / "benchmark" / "out"


SHORT = {"duration": 12.0, "kill_at": 2.5, "restart_at": 5.0, "turns": 150}


def run(settings: Settings, say: Say = print) -> dict:
    """The figures of one run (see `passed`); the cluster runs again when this returns."""
    url = settings.postgres_url
    inject.check_loopback(url)
    cluster = inject.cluster_for(url)
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    app = None
    try:
        app, secret_key = house.prepare(url, say)
        plans = house.plans(app, settings.clients, settings.turns)
        log = settings.out_dir / "faults-gunicorn.log"
        with Server(url, secret_key, log, workers=settings.workers) as server:
            residents = [Resident(server.base_url, plan, time.monotonic()) for plan in plans]
            started = time.monotonic()
            sign_in_all(residents)
            say(f"{len(residents)} residents signed in in {time.monotonic() - started:.1f} s")
            with app.app_context():
                db.engine.dispose()  # from here on only gunicorn's workers hold connections
            timeline = _load(settings, server, cluster, residents, say)
            timeline["connections"] = _connections(url, timeline.pop("restart_wall"))
        figures = _figures(settings, cluster, residents, timeline)
        verdict = verify(app, [r.log for r in residents])
        figures |= {
            "lost": len(verdict.lost),
            "half_saved": len(verdict.half_saved),
            "saved_after_failed_answer": verdict.saved_after_failure,
            "problems": (verdict.lost + verdict.half_saved)[:20],
        }
        figures["passed"] = passed(figures)
        return figures
    finally:
        inject.ensure_running(cluster, url)
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        if not settings.keep:
            drop(url)


def _load(
    settings: Settings, server: Server, cluster: inject.Cluster, residents: list[Resident], say
) -> dict:
    stop = threading.Event()
    epoch = time.monotonic()
    for resident in residents:
        resident.epoch = epoch
    threads = [threading.Thread(target=r.run, args=(stop,), daemon=True) for r in residents]
    for thread in threads:
        thread.start()
    timeline: dict = {}
    try:
        _sleep_until(epoch, settings.kill_at)
        timeline["kill_at"] = time.monotonic() - epoch
        killed = inject.kill_worker(server)
        timeline["worker_replaced_s"] = round(inject.wait_replaced(server, killed), 2)
        say(f"worker {killed} killed; replaced in {timeline['worker_replaced_s']} s")
        _sleep_until(epoch, settings.restart_at)
        timeline["restart_at"] = time.monotonic() - epoch
        timeline["restart_wall"] = datetime.now(UTC)
        command_s, ready_s = inject.restart(cluster, settings.postgres_url)
        timeline["restart_command_s"] = round(command_s, 2)
        timeline["database_down_s"] = round(ready_s, 2)
        timeline["ready_at"] = timeline["restart_at"] + ready_s
        say(f"PostgreSQL {cluster.version}/{cluster.name} restarted; up after {ready_s:.2f} s")
        _sleep_until(epoch, settings.duration)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    timeline["load_s"] = time.monotonic() - epoch
    return timeline


def _sleep_until(epoch: float, at: float) -> None:
    time.sleep(max(0.0, epoch + at - time.monotonic()))


def _connections(url: str, since: datetime) -> dict:
    """The app's connections now: how many, and whether all were opened after the restart
    (the broken ones were replaced, not kept)."""
    import psycopg

    name = make_url(url).database
    admin = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False)) as connection:
        count, oldest = connection.execute(
            "SELECT count(*), min(backend_start) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchone()
    return {"open": count, "all_opened_after_restart": bool(count) and oldest > since}


def _figures(settings: Settings, cluster, residents: list[Resident], timeline: dict) -> dict:
    logs: list[ClientLog] = [r.log for r in residents]
    attempts = [a for log in logs for a in log.attempts]
    ready = timeline["ready_at"]
    after = sorted((a for a in attempts if a.started >= ready), key=lambda a: a.started)
    first_ok = next((a for a in after if a.acknowledged), None)
    outcomes = Counter(a.outcome for a in attempts)
    return {
        "settings": {k: str(v) for k, v in asdict(settings).items() if k != "postgres_url"},
        "cluster": f"{cluster.version}/{cluster.name}",
        "requests": len(attempts),
        "acknowledged": outcomes["ok"],
        "failed": len(attempts) - outcomes["ok"],
        "outcomes": dict(outcomes),
        "acknowledged_by_kind": dict(Counter(a.kind for a in attempts if a.acknowledged)),
        "acknowledged_after_restart": sum(a.acknowledged for a in after),
        "failed_after_database_back": sum(not a.acknowledged for a in after),
        "recovery_s": round(first_ok.ended - timeline["restart_at"], 2) if first_ok else None,
        "sign_ins_again": sum(log.sign_ins - 1 for log in logs),
        "client_errors": [log.error for log in logs if log.error],
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in timeline.items()},
    }


def passed(figures: dict) -> bool:
    recovery = figures["recovery_s"]
    return (
        figures["lost"] == 0
        and figures["half_saved"] == 0
        and not figures["client_errors"]
        and figures["acknowledged_after_restart"] > 0
        and figures["failed_after_database_back"] == 0
        and recovery is not None
        and recovery < RECOVERY_LIMIT
        and figures["connections"]["all_opened_after_restart"]
    )


def drop(url: str) -> None:
    import psycopg

    admin = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


__all__ = ["DEFAULT_URL", "SHORT", "Settings", "database", "passed", "run"]
