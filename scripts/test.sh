#!/usr/bin/env bash
# Install the test tools (and Chromium for the browser tests if missing), then run
# ruff, the import contracts and the whole pytest suite.
# TEST_DATABASE_URL=postgresql+psycopg://... runs it on PostgreSQL.
# Extra arguments go to pytest: scripts/test.sh tests/test_demo.py -x
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_venv test
compile_translations
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests ..."
  apt_install chromium
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis for the sign-in throttle's shared-storage test ..."
  apt_install redis-server
fi

echo "== ruff check"
"$VENV/bin/ruff" check .
echo "== ruff format --check"
"$VENV/bin/ruff" format --check .
echo "== lint-imports"
"$VENV/bin/lint-imports" --no-cache
database="SQLite in memory"
if [ -n "${TEST_DATABASE_URL:-}" ]; then database="TEST_DATABASE_URL (${TEST_DATABASE_URL%%:*})"; fi
echo "== pytest on $database"
# This machine sets PYTHONDONTWRITEBYTECODE; without the cache pytest re-rewrites its
# plugins on every start, which costs seconds.
unset PYTHONDONTWRITEBYTECODE
# Both cores: one worker process per core (TEST_WORKERS=0 runs in this process), each
# with its own database (tests/__init__.py); a test module stays on one worker, so its
# shared fixtures are built once.
exec "$VENV/bin/python" -m pytest -n "${TEST_WORKERS:-auto}" --dist loadfile "$@"
