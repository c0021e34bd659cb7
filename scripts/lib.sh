# Shared by scripts/run.sh and scripts/test.sh (sourced, not run): the virtualenv and
# the system packages they need. Every Python package is installed at the exact version
# in constraints.txt, so a new release of ruff or Babel cannot break CI or dirty a fresh
# clone. Re-running is cheap: pip runs only when pyproject.toml or constraints.txt changed.

VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

# Run a command as root: directly when we are root, through sudo when it is there.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "Need root for: $*  (run it as root, or install sudo)" >&2
    return 1
  fi
}

apt_install() {
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Create .venv (installing python3-venv first if this Debian lacks it), then
# `pip install -e .` or `pip install -e '.[EXTRA]'`.
ensure_venv() {
  local extra="${1:-}" target="." stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      echo "python3 -m venv failed; installing python3-venv" >&2
      apt_install python3-venv
      "$PYTHON" -m venv "$VENV"
    fi
  fi
  if [ -n "$extra" ]; then target=".[$extra]"; fi
  stamp="$VENV/.installed${extra:+-$extra}"
  want="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing $target into $VENV ..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -c constraints.txt -e "$target"
    echo "$want" >"$stamp"
  fi
}

# The catalogues are committed compiled (.mo). Compile again only when a .mo is missing or
# older than its .po (a translator's edit), with the project's own tool, so the result is
# byte for byte what tests/test_i18n.py expects.
compile_translations() {
  local po mo
  for po in cohousing/translations/*/LC_MESSAGES/*.po; do
    [ -e "$po" ] || continue
    mo="${po%.po}.mo"
    if [ ! -e "$mo" ] || [ "$po" -nt "$mo" ]; then
      "$VENV/bin/python" scripts/translations.py compile
      return
    fi
  done
}
