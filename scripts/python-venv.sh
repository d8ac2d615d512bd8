#!/usr/bin/env bash
# Creates the Python virtualenv .venv (gitignored) with test/python/requirements.txt: the official Python SDK
# and pytest for test/python, testcontainers, and schemathesis for scripts/schemathesis.sh; then this repository's
# own Python package, clients/python (sync_mock and its pytest plugin), from its path as a user's pip would.
# Reinstalls only when the requirements or clients/python changed. Exit 1 (with pip's last lines) when something
# cannot be installed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

requirements=test/python/requirements.txt
stamp=.venv/.requirements
python=${PYTHON:-python3}

# What was installed: the requirements, and a hash of the client package's files.
wanted() {
  cat "$requirements"
  echo "# clients/python $(find clients/python -type f -not -path '*/__pycache__/*' -not -path '*.egg-info*' -not -path '*/build/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
}
if [ -x .venv/bin/python ] && cmp -s <(wanted) "$stamp"; then
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
# Its one dependency, testcontainers, is in the requirements; pip check confirms that it satisfies the package's range.
if ! { .venv/bin/python -m pip install --disable-pip-version-check -q --no-deps --force-reinstall ./clients/python \
  && .venv/bin/python -m pip check; } > "$log" 2>&1; then
  tail -20 "$log"
  rm -f "$log"
  echo "python-venv: pip could not install clients/python"
  exit 1
fi
rm -f "$log"
wanted > "$stamp"
echo "python-venv: installed $(.venv/bin/python --version) with $(tr '\n' ' ' < <(grep -v '^#' "$requirements"))and ./clients/python"
