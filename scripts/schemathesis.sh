#!/usr/bin/env bash
# Fuzzes the built mock with schemathesis (from .venv: npm run setup:python) against its own /openapi.json:
# every check (test/schemathesis/schemathesis.toml names the one that cannot apply, and why), a bounded number
# of examples per operation, on loopback only. The server runs the manual clock with
# test/schemathesis/scenario.yaml (only scale_ keys accepted, instant jobs, webhooks dropped, no limits).
# After the run the server must still be alive and must have logged no unexpected error.
#
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 150 per operation), SCHEMATHESIS_SEED (default fixed, so CI
# runs are reproducible; set it to explore other inputs), SCHEMATHESIS_JUNIT (a JUnit XML report path).
# The last line is `schemathesis: PASS` or `schemathesis: FAIL: <why>` (exit 1).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

fail() { echo "schemathesis: FAIL: $*"; exit 1; }
[ -x .venv/bin/schemathesis ] || fail ".venv/bin/schemathesis is missing: run npm run setup:python"
[ -f dist/cli.js ] || fail "dist/cli.js is missing: run npm run build"

max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-150}
seed=${SCHEMATHESIS_SEED:-20261122}
work=$(mktemp -d)
server_pid=

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2> /dev/null; then
    kill "$server_pid" 2> /dev/null
    wait "$server_pid" 2> /dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --port 0 picks a free port; the start-up line names it.
node dist/cli.js --port 0 --host 127.0.0.1 --clock manual --log-level error \
  --scenario test/schemathesis/scenario.yaml > "$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2> /dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; fail "the mock did not start"; }
base=http://127.0.0.1:$port

# One worker: with several threads CPython 3.11 can fail inside hypothesis ("AST constructor recursion depth
# mismatch"), an error of the tool, not of the API.
junit=()
[ -n "${SCHEMATHESIS_JUNIT:-}" ] && junit=(--report junit --report-junit-path "$SCHEMATHESIS_JUNIT")
started=$SECONDS
.venv/bin/schemathesis --config-file test/schemathesis/schemathesis.toml run "$base/openapi.json" \
  --header "x-api-key: scale_schemathesis" \
  --max-examples "$max_examples" --seed "$seed" --workers 1 \
  --request-timeout 15 --no-color "${junit[@]}"
status=$?
echo "schemathesis: ${max_examples} examples per operation, seed ${seed}, $((SECONDS - started)) s"

kill -0 "$server_pid" 2> /dev/null || { tail -20 "$work/server.log"; fail "the mock died during the run"; }
health=$(curl -s --max-time 5 "$base/health")
[ "$health" = '{"status":"ok"}' ] || fail "GET /health answered ${health:-nothing} after the run"
if grep -q '"unexpected error"' "$work/server.log"; then
  grep '"unexpected error"' "$work/server.log" | head -5
  fail "the mock logged unexpected errors"
fi
[ "$status" -eq 0 ] || fail "schemathesis reported problems (exit $status)"
echo "schemathesis: PASS"
