#!/usr/bin/env bash
# A Docker-API endpoint without a Docker engine, for the Testcontainers tests: Debian's podman serving the Docker
# API on a socket (`podman system service`), rootful, on the same store as buildah's (scripts/container-image.sh),
# so the image built there is the image it runs.
#
#   podman-service.sh start [<image to probe>]   start (or find running) the service; prints on stdout:
#                                                  export DOCKER_HOST=unix://…/podman.sock
#                                                  export TESTCONTAINERS_RYUK_DISABLED=true
#                                                  export TESTCONTAINERS_CONNECTION_MODE=docker_host
#   podman-service.sh stop                        stop it, and remove the containers tests left behind
#
# With an image, `start` first runs it once through the API as Testcontainers does (create with a published port,
# start, GET /health from the host, remove), so "podman cannot run a container here" is found out here, once.
# Progress and the last line go to stderr: `podman-service: READY …`, `podman-service: FAIL: <why>` (exit 1) or
# `podman-service: SKIP: <why>` (exit 2: not root, podman cannot be installed, or it cannot run a container here).
# State: $SYNC_MOCK_DOCKER_CACHE/podman (containers.conf, the socket, the pid, the service's log).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

say() { echo "podman-service: $*" >&2; }
skip() { say "SKIP: $*"; exit 2; }
fail() { say "FAIL: $*"; exit 1; }

CACHE=${SYNC_MOCK_DOCKER_CACHE:-/var/tmp/sync-mock-docker-base}
state=$CACHE/podman
sock=$state/podman.sock
export CONTAINERS_CONF=$state/containers.conf
PODMAN="podman --root $CACHE/storage --runroot $CACHE/run --storage-driver vfs"

exports() {
  echo "export DOCKER_HOST=unix://$sock"
  # Ryuk (Testcontainers' reaper) is an image from Docker Hub, and no registry is reachable here; the tests stop
  # their containers themselves, and `stop` removes what a killed run left.
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  # The engine runs on this machine, so containers are reached at localhost and their mapped ports. Python's
  # Testcontainers guesses otherwise wherever /.dockerenv exists (machines made from a Docker image), and would
  # ask for a bridge gateway that podman's API does not describe.
  echo "export TESTCONTAINERS_CONNECTION_MODE=docker_host"
}
running() { [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2> /dev/null; }
api() { curl -sS --max-time 30 --unix-socket "$sock" "$@"; }
# Prints a JavaScript expression of the JSON on stdin (`d`); an empty answer (204) is {}.
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=new Function("d","return "+process.argv[1])(s.trim()?JSON.parse(s):{});console.log(v??"")})' "$1"; }
lower() { local a=$1 b=$2; [ "$a" = unlimited ] && a=$b; echo $((a < b ? a : b)); }

stop() {
  if running; then
    for id in $($PODMAN ps --all --quiet --filter label=org.testcontainers=true 2> /dev/null); do $PODMAN rm --force "$id" > /dev/null 2>&1; done
    local pid
    pid=$(cat "$state/pid")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$state/pid" "$sock"
}

# Runs $1 as Testcontainers would, through the API: a published port, started, /health answered from the host.
probe() {
  local image=$1 id port ok=""
  id=$(api -H 'content-type: application/json' -X POST "http://d/containers/create" \
    -d "{\"Image\":\"$image\",\"ExposedPorts\":{\"8080/tcp\":{}},\"HostConfig\":{\"PortBindings\":{\"8080/tcp\":[{\"HostPort\":\"\"}]}}}" | json 'd.Id || ""')
  [ -n "$id" ] || { api "http://d/images/$image/json" > /dev/null; fail "the API cannot create a container of $image (is it built? scripts/container-image.sh)"; }
  local error
  error=$(api -X POST "http://d/containers/$id/start" | json 'd.message || d.cause || ""')
  if [ -z "$error" ]; then
    port=$(api "http://d/containers/$id/json" | json '(d.NetworkSettings.Ports["8080/tcp"]||[])[0]?.HostPort || ""')
    for _ in $(seq 1 100); do
      [ -n "$port" ] && curl -fsS --max-time 2 "http://127.0.0.1:$port/health" > /dev/null 2>&1 && { ok=1; break; }
      sleep 0.2
    done
    [ -n "$ok" ] || error="no answer on the published port ${port:-(none)} within 20 s: $(api "http://d/containers/$id/logs?stdout=1&stderr=1" | tr -cd '[:print:]\n' | tail -3)"
  fi
  api -X DELETE "http://d/containers/$id?force=true" > /dev/null
  [ -n "$ok" ] || skip "podman cannot run a container of $image here: $error"
  say "probe: $image runs, and its published port answers /health"
}

start() {
  [ "$(id -u)" = 0 ] || skip "needs root (rootful podman on buildah's store)"
  # runc, not Debian's default crun: crun 1.8 refuses cgroup hierarchies in hybrid mode ("cgroups in hybrid mode
  # not supported"), which machines with cgroup v1 and a cgroup2 mount at /sys/fs/cgroup/unified have.
  if ! command -v podman > /dev/null || ! command -v runc > /dev/null; then
    command -v apt-get > /dev/null || skip "podman is missing and there is no apt-get"
    say "installing podman and runc with apt-get"
    { apt-get install -y -qq podman runc || { apt-get update -qq && apt-get install -y -qq podman runc; }; } \
      > /tmp/sync-mock-apt-podman.log 2>&1 || { tail -5 /tmp/sync-mock-apt-podman.log >&2; skip "apt-get could not install podman and runc"; }
  fi
  mkdir -p "$state"
  if running && api http://d/_ping > /dev/null 2>&1; then
    say "already running (pid $(cat "$state/pid"))"
  else
    rm -f "$sock"
    # Without CAP_SYS_RESOURCE the runtime cannot raise a limit, and podman asks for more than this process may
    # have (nofile 1048576); the podman process itself holds nproc at 32768. So containers get what it has.
    cat > "$CONTAINERS_CONF" << EOF
# Written by scripts/podman-service.sh for the Testcontainers tests.
[containers]
default_ulimits = ["nofile=$(lower "$(ulimit -Hn)" 1048576):$(lower "$(ulimit -Hn)" 1048576)", "nproc=$(lower "$(ulimit -Hu)" 32768):$(lower "$(ulimit -Hu)" 32768)"]

[engine]
runtime = "runc"
# "sync-mock:0.1.0" is then found as the local localhost/sync-mock:0.1.0, as \`docker build -t\` names would be,
# rather than looked up on Docker Hub.
compat_api_enforce_docker_hub = false
EOF
    setsid $PODMAN system service --time=0 "unix://$sock" > "$state/service.log" 2>&1 < /dev/null &
    echo $! > "$state/pid"
    for _ in $(seq 1 100); do api http://d/_ping > /dev/null 2>&1 && break; sleep 0.1; done
    api http://d/_ping > /dev/null 2>&1 || { tail -5 "$state/service.log" >&2; stop 2> /dev/null; fail "the service did not answer on $sock within 10 s"; }
    say "started podman $(podman --version | cut -d' ' -f3) on $sock (pid $(cat "$state/pid"))"
  fi
  if [ -n "${1:-}" ]; then
    # A failed probe stops the service, so that nothing believes it usable.
    (probe "$1") || { code=$?; stop 2> /dev/null; exit "$code"; }
  fi
  exports
  say "READY DOCKER_HOST=unix://$sock"
}

case ${1:-} in
  start) start "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [<image to probe>] | stop" >&2; exit 64 ;;
esac
