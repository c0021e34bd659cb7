"""`python -m benchmark.faults [--short] [--postgres-url URL] [--json PATH]`

Prints the figures; exits 1 when anything acknowledged was lost, anything was half-saved,
or the app did not serve again by itself within seconds of the restart.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from benchmark.faults.run import DEFAULT_URL, SHORT, Settings, run


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmark.faults", description=__doc__)
    parser.add_argument("--short", action="store_true", help="the CI form: about 30 s in all")
    parser.add_argument("--postgres-url", default=DEFAULT_URL, help="created, then dropped")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, help="seconds of load")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--out", type=Path, help="for gunicorn's log (default benchmark/out)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    values: dict = dict(SHORT) if args.short else {}
    values |= {"postgres_url": args.postgres_url, "clients": args.clients}
    values |= {"workers": args.workers, "keep": args.keep}
    if args.out is not None:
        values["out_dir"] = args.out
    if args.duration is not None:
        base = Settings(**values)
        scale = args.duration / base.duration
        values |= {"duration": args.duration, "kill_at": base.kill_at * scale}
        values["restart_at"] = base.restart_at * scale
    return Settings(**values)


def report(figures: dict) -> list[str]:
    c = figures["connections"]
    return [
        f"requests {figures['requests']}, acknowledged {figures['acknowledged']}, "
        f"failed {figures['failed']} {figures['outcomes']}",
        f"acknowledged by kind: {figures['acknowledged_by_kind']}",
        f"lost (acknowledged, not in the database): {figures['lost']}",
        f"half-saved: {figures['half_saved']}; failed answer but saved whole: "
        f"{figures['saved_after_failed_answer']}",
        f"worker killed at {figures['kill_at']} s, replaced in {figures['worker_replaced_s']} s",
        f"PostgreSQL restarted at {figures['restart_at']} s: answering after "
        f"{figures['database_down_s']} s, writes acknowledged again {figures['recovery_s']} s "
        "after the restart began",
        f"failed after the database was back: {figures['failed_after_database_back']}; "
        f"signed in again: {figures['sign_ins_again']}",
        f"app connections after the run: {c['open']}, all opened after the restart: "
        f"{c['all_opened_after_restart']}",
        *[f"  {problem}" for problem in figures["problems"]],
        *[f"  client error: {error}" for error in figures["client_errors"]],
        "PASSED" if figures["passed"] else "FAILED",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A CI timeout (SIGTERM) still runs the clean-up: the cluster is started again.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    figures = run(settings_from(args), say=lambda line: print(line, flush=True))
    for line in report(figures):
        print(line, flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
