"""`python -m benchmark [--scale 1,10] [--db sqlite,postgresql] [--duration 10] …`"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from benchmark import report
from benchmark.database import DEFAULT_POSTGRES
from benchmark.run import Settings, run_all, run_history
from cohousing import ROOT


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__)
    parser.add_argument("--scale", type=_ints, default=(1, 10), help="e.g. 1,10 (0: none)")
    parser.add_argument("--db", type=_names, default=("sqlite", "postgresql"))
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=_names, default=(), help="only these (and ceilings)")
    parser.add_argument("--repeat", type=int, default=3, help="loads per page (median)")
    parser.add_argument(
        "--history", type=_ints, default=(), help="expenses in one household, e.g. 1000,10000"
    )
    parser.add_argument(
        "--peer", choices=("ihatemoney",), default="", help="measure its settle page too"
    )
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmark" / "results.json")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmark.md")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmark" / "out")
    parser.add_argument("--source", default="", help="what code was measured, e.g. a commit")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the table from results.json"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = report.load_results(args.results)
    if not args.report_only:
        settings = Settings(
            scales=tuple(scale for scale in args.scale if scale > 0),
            databases=args.db,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
            warmup=args.warmup,
            seed=args.seed,
            use_wrk=not args.python_client,
            out_dir=args.out,
            postgres_url=args.postgres_url,
            pages=args.pages,
            repeat=args.repeat,
            history=args.history,
            peer=args.peer,
        )
        recorded = asdict(settings) | {"tool": settings.tool, "source": args.source}
        recorded = {k: v for k, v in recorded.items() if k not in ("out_dir", "postgres_url")}

        def keep(scale: str, database: str, run: dict) -> None:
            report.merge(results, {scale: {database: run}}, recorded)
            report.save_results(args.results, results)

        def keep_history(size: str, database: str, run: dict) -> None:
            report.merge_history(results, size, database, run, recorded)
            report.save_results(args.results, results)

        say = lambda line: print(line, flush=True)  # noqa: E731
        if settings.scales:
            run_all(settings, say=say, done=keep)
        if settings.history:
            for kind in settings.databases:
                run_history(settings, kind, say, done=keep_history)
    print(report.text_table(results))
    report.write_doc(args.doc, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
