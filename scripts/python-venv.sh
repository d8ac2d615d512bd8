#!/usr/bin/env bash
# Creates the Python virtualenv .venv (gitignored) with test/python/requirements.txt: the official Python SDK
# and pytest for test/python, and schemathesis for scripts/schemathesis.sh. Reinstalls only when the
# requirements changed. Exit 1 (with pip's last lines) when something cannot be installed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

requirements=test/python/requirements.txt
stamp=.venv/.requirements
python=${PYTHON:-python3}

if [ -x .venv/bin/python ] && cmp -s "$requirements" "$stamp"; then
  echo "python-venv: .venv is up to date"
  exit 0
fi
command -v "$python" > /dev/null || { echo "python-venv: $python not found"; exit 1; }
"$python" -m venv .venv || { echo "python-venv: could not create .venv"; exit 1; }
log=$(mktemp)
if ! .venv/bin/python -m pip install --disable-pip-version-check -q -r "$requirements" > "$log" 2>&1; then
  tail -20 "$log"
  rm -f "$log"
  echo "python-venv: pip could not install $requirements"
  exit 1
fi
rm -f "$log"
cp "$requirements" "$stamp"
echo "python-venv: installed $(.venv/bin/python --version) with $(tr '\n' ' ' < <(grep -v '^#' "$requirements"))"
