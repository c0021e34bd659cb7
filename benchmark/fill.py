"""`python -m benchmark.fill --scale N [--seed S]`: city-size data in the app's database.

The database is the app's own (`DATABASE_URL`, or the SQLite file in instance/), upgraded
to the newest revision first. The benchmark (`python -m benchmark`) fills its own databases
the same way; this command is for looking at a city-size app by hand.
"""

from __future__ import annotations

import argparse
import sys

from benchmark.scale import fill_city


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.fill", description=__doc__)
    parser.add_argument("--scale", type=int, required=True, help="100 x N households")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale is 1 or more")
    from flask_migrate import upgrade

    from cohousing import create_app

    app = create_app()
    with app.app_context():
        upgrade()
        for line in fill_city(scale=args.scale, seed=args.seed):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
