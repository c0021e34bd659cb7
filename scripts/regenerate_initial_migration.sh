#!/usr/bin/env bash
# Throw away the initial revision and autogenerate it again from the current models,
# against an empty SQLite database. Use it while the project has only this one revision;
# once a database in the field runs 0001_foundation, add new revisions instead.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN="${VENV_BIN:-.venv/bin}"
if [ ! -x "$VENV_BIN/flask" ]; then
  echo "No $VENV_BIN/flask: run 'make test' (or make .venv) first, or set VENV_BIN." >&2
  exit 1
fi

tmp_dir="$(mktemp -d)"
trap 'rm -rf "$tmp_dir"' EXIT

rm -f migrations/versions/0001_*.py
DATABASE_URL="sqlite:///$tmp_dir/empty.sqlite3" COHOUSING_CONFIG=development \
  "$VENV_BIN/flask" --app cohousing db revision --autogenerate --rev-id 0001_foundation \
  -m foundation

new_file=migrations/versions/0001_foundation.py
# ruff's config skips migrations/versions; a file named on the command line is still formatted.
"$VENV_BIN/ruff" format --quiet "$new_file"
echo "Regenerated $new_file: review it (check constraints, indexes, enum lengths), then run"
echo "the migration test: .venv/bin/python -m pytest tests/test_migrations.py -q"
