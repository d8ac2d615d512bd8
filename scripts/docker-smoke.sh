#!/usr/bin/env bash
# Builds the real Dockerfile without a Docker engine (scripts/container-image.sh: Debian's buildah, against a locally
# assembled node:<major>-bookworm-slim; it keeps localhost/sync-mock:<version> and builds again only when the build
# context changed) and checks the image as a user would:
#   1. `docker run sync-mock`: the image's own CMD and environment; /health; the image's HEALTHCHECK command run
#      inside it; the process runs as `node`; one generation through the official SDK from the host (create →
#      COMPLETED → download outputUrl, a playable MP4); a clean exit on SIGTERM.
#   2. The sync-mock service of docker-compose.example.yml: its environment, its scenario mount and its
#      healthcheck; handed-out URLs start with its SYNC_MOCK_PUBLIC_URL.
# These are the README's Docker commands: `docker build -t sync-mock .` is the build, `docker run ... sync-mock` is
# run 1, and the scenario-mount command is run 2 (the same -v and SYNC_MOCK_SCENARIO, plus the public URL).
# buildah's chroot isolation shares the host's network, so each run gets PORT=<a free port> instead of `-p`.
# The last line is `docker-smoke: PASS`, `docker-smoke: FAIL: <why>` (exit 1) or `docker-smoke: SKIP: <why>`
# (exit 2: this machine cannot build images: not root, or buildah cannot be installed).
# Cache (debootstrap, Node, the base image, the store with the image): $SYNC_MOCK_DOCKER_CACHE, default /var/tmp/sync-mock-docker-base.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

started=$SECONDS
say() { printf 'docker-smoke [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
skip() { echo "docker-smoke: SKIP: $*"; exit 2; }
fail() { echo "docker-smoke: FAIL: $*"; exit 1; }

# ---- tools ----
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, buildah with chroot isolation)"
[ -x node_modules/.bin/tsx ] || fail "node_modules is missing: run npm ci first (the SDK check runs from the host)"

export CACHE=${SYNC_MOCK_DOCKER_CACHE:-/var/tmp/sync-mock-docker-base}
mkdir -p "$CACHE"
# One smoke run at a time per cache: the store and the base image are shared. container-image.sh, run from here,
# is told that the lock is held (SYNC_MOCK_CACHE_LOCKED) rather than waiting for it.
exec 9> "$CACHE/lock"
flock -w 1800 9 || fail "another docker-smoke run holds $CACHE/lock"
export SYNC_MOCK_CACHE_LOCKED=1
# A store of our own (not /var/lib/containers): vfs works on any filesystem, without overlay support.
export BUILDAH="buildah --root $CACHE/storage --runroot $CACHE/run --storage-driver vfs"
ctr=sync-mock-smoke-$$
work=$(mktemp -d)
running=()

descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }
cleanup() {
  local pid
  for pid in "${running[@]}"; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null; done
  $BUILDAH rm "$ctr" > /dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
# Leftovers of a run that was killed before its cleanup: we hold the lock, so nothing else uses this store.
$BUILDAH rm --all > /dev/null 2>&1
# Images of the smoke runs before container-image.sh existed: each run built one of its own.
for stale in $($BUILDAH images --format '{{.Name}}:{{.Tag}}' 2> /dev/null | grep '^localhost/sync-mock:smoke-'); do
  $BUILDAH rmi --force "$stale" > /dev/null 2>&1
done

# ---- build (docker build -t sync-mock .): scripts/container-image.sh, which keeps the image for the
# Testcontainers tests and builds again only when the build context changed ----
say "building the Dockerfile (scripts/container-image.sh)"
bash scripts/container-image.sh > "$work/image.log" 2>&1
built=$?
last=$(tail -1 "$work/image.log")
case $built in
  0) image=$(sed -n 's/^container-image: READY \([^ ]*\).*/\1/p' <<< "$last") ;;
  2) skip "${last#container-image: SKIP: }" ;;
  *) tail -30 "$work/image.log"; fail "${last#container-image: }" ;;
esac
[ -n "$image" ] || { cat "$work/image.log"; fail "container-image.sh named no image"; }
say "${last#container-image: }"
size_of() { $BUILDAH images --format '{{.Size}}' --filter "reference=$1" | head -1; }
image_size=$(size_of "$image")
$BUILDAH from --name "$ctr" "$image" > /dev/null || fail "buildah from failed"

free_port() { node -e 'const s=require("net").createServer().listen(0,"0.0.0.0",()=>{console.log(s.address().port);s.close()})'; }
# Starts the image's CMD in the container with extra `buildah run` options; sets $pid and $port.
start() {
  local name=$1
  shift
  port=$(free_port)
  mapfile -t cmd < <($BUILDAH inspect --format '{{range .Docker.Config.Cmd}}{{println .}}{{end}}' "$image")
  $BUILDAH run --isolation chroot --env PORT="$port" "$@" "$ctr" -- "${cmd[@]}" > "$work/$name.log" 2>&1 &
  pid=$!
  running+=("$pid")
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" > /dev/null 2>&1 && { say "$name: listening ($(head -1 "$work/$name.log"))"; return 0; }
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.2
  done
  cat "$work/$name.log"
  fail "$name: no answer on /health within 20 s"
}
# Runs a healthcheck `test` array (CMD, then argv) inside the container, as the engine would.
healthcheck() {
  local name=$1
  shift
  [ "${1:-}" = CMD ] || fail "$name: healthcheck is not in exec form: $*"
  shift
  $BUILDAH run --isolation chroot --env PORT="$port" "$ctr" -- "$@" || fail "$name: the healthcheck command failed"
  say "$name: healthcheck command passes"
}
# Sends SIGTERM to the server process itself (what `docker stop` does to PID 1) and expects exit code 0.
stop() {
  local name=$1 server
  server=$(for p in $(descendants "$pid"); do [ "$(cat "/proc/$p/comm" 2> /dev/null)" = node ] && echo "$p"; done | head -1)
  [ -n "$server" ] || fail "$name: server process not found"
  kill -TERM "$server"
  for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2> /dev/null && fail "$name: still running 10 s after SIGTERM"
  wait "$pid" || fail "$name: exited with $? after SIGTERM"
  running=()
  say "$name: stopped cleanly on SIGTERM"
}
client() { node_modules/.bin/tsx scripts/docker/smoke-client.ts "$@" | sed 's/^/    /'; }

# ---- run 1: docker run --rm -p 8080:8080 sync-mock ----
start run
mapfile -t image_check < <($BUILDAH inspect --format '{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}' "$image")
healthcheck run "${image_check[@]}"
user=$($BUILDAH run --isolation chroot "$ctr" -- id -un)
[ "$user" = node ] || fail "run: the image runs as '$user', expected node"
say "run: runs as $user"
client generation "http://localhost:$port" || fail "run: the SDK generation did not complete"
# The inspector ships in the image: its page and bundle are served from it, with no network.
curl -fsS "http://127.0.0.1:$port/__mock/ui" | grep -q 'inspector.js' || fail "run: /__mock/ui is not served"
curl -fsS "http://127.0.0.1:$port/__mock/ui/assets/inspector.js" | grep -q 'sync-mock inspector' || fail "run: the inspector bundle is not in the image"
say "run: serves the inspector page and its bundle"
stop run

# ---- run 2: the sync-mock service of docker-compose.example.yml ----
compose() { node_modules/.bin/tsx scripts/docker/smoke-client.ts compose docker-compose.example.yml sync-mock "$1"; }
mapfile -t compose_env < <(compose env)
mapfile -t compose_volumes < <(compose volumes)
mapfile -t compose_check < <(compose healthcheck)
options=()
for e in "${compose_env[@]}"; do options+=(--env "$e"); done
for v in "${compose_volumes[@]}"; do options+=(--volume "$v"); done
public_url=$(printf '%s\n' "${compose_env[@]}" | sed -n 's/^SYNC_MOCK_PUBLIC_URL=//p')
[ -n "$public_url" ] || fail "compose: the sync-mock service sets no SYNC_MOCK_PUBLIC_URL"
start compose "${options[@]}"
healthcheck compose "${compose_check[@]}"
client public-url "http://127.0.0.1:$port" "$public_url" || fail "compose: the SDK generation did not complete"
stop compose

echo "docker-smoke: PASS (image $image_size, ${SECONDS}s)"
