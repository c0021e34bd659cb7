#!/usr/bin/env bash
# Install, migrate, fill the demo (only into an empty database) and serve the app at
# http://127.0.0.1:5000 (PORT=... to change). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_venv
compile_translations
export FLASK_APP=cohousing
export APP_BASE_URL="${APP_BASE_URL:-http://127.0.0.1:${PORT:-5000}}"  # links printed and emailed
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" cohousing demo
echo
echo "Serving on http://127.0.0.1:${PORT:-5000}  (Ctrl-C to stop)"
exec "$VENV/bin/flask" run --host 127.0.0.1 --port "${PORT:-5000}"
