#!/usr/bin/env bash
# Builds the real Dockerfile without a Docker engine (Debian's buildah, against the locally assembled
# node:<major>-bookworm-slim of docker/base-image.sh) into localhost/sync-mock:<package version>, and leaves it in
# the shared store ($SYNC_MOCK_DOCKER_CACHE/storage) for docker-smoke.sh and for the Testcontainers tests, whose
# containers podman runs from the same store (scripts/podman-service.sh).
# The image carries a label with a hash of its build context (the .dockerignore allow-list, the Dockerfile and the
# base image), so an unchanged tree is not built twice: a second call answers in a second.
# The last line is `container-image: READY <image> (...)`, `container-image: FAIL: <why>` (exit 1) or
# `container-image: SKIP: <why>` (exit 2: this machine cannot build images: not root, or buildah cannot be installed).
# Cache (debootstrap, Node, the base image, the store): $SYNC_MOCK_DOCKER_CACHE, default /var/tmp/sync-mock-docker-base.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

started=$SECONDS
say() { printf 'container-image [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
skip() { echo "container-image: SKIP: $*"; exit 2; }
fail() { echo "container-image: FAIL: $*"; exit 1; }

# ---- tools ----
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, buildah with chroot isolation)"
if ! command -v buildah > /dev/null || ! command -v debootstrap > /dev/null; then
  command -v apt-get > /dev/null || skip "buildah and debootstrap are missing and there is no apt-get"
  say "installing buildah and debootstrap with apt-get"
  { apt-get install -y -qq buildah debootstrap || { apt-get update -qq && apt-get install -y -qq buildah debootstrap; }; } \
    > /tmp/sync-mock-apt.log 2>&1 || { tail -5 /tmp/sync-mock-apt.log; skip "apt-get could not install buildah and debootstrap"; }
fi

export CACHE=${SYNC_MOCK_DOCKER_CACHE:-/var/tmp/sync-mock-docker-base}
mkdir -p "$CACHE"
# One build at a time per cache: the store and the base image are shared. docker-smoke.sh holds the lock for its
# whole run and says so, since a second open of the lock file from here would wait for itself.
if [ -z "${SYNC_MOCK_CACHE_LOCKED:-}" ]; then
  exec 9> "$CACHE/lock"
  flock -w 1800 9 || fail "another build holds $CACHE/lock"
fi
# A store of our own (not /var/lib/containers): vfs works on any filesystem, without overlay support.
export BUILDAH="buildah --root $CACHE/storage --runroot $CACHE/run --storage-driver vfs"
version=$(node -p 'require("./package.json").version') || fail "cannot read the version from package.json"
image=${SYNC_MOCK_BUILD_IMAGE:-localhost/sync-mock:$version}

# ---- base image: the one named by the Dockerfile's FROM lines ----
bases=$(sed -n 's/^FROM[[:space:]]\{1,\}\([^[:space:]]\{1,\}\).*/\1/p' Dockerfile | sort -u)
[[ $bases =~ ^node:([0-9]+)-bookworm-slim$ ]] || fail "the Dockerfile's base is '$bases', expected one node:<major>-bookworm-slim"
bash scripts/docker/base-image.sh "docker.io/library/$bases" "${BASH_REMATCH[1]}" || fail "could not assemble the base image $bases"
base_id=$($BUILDAH images --quiet --no-trunc --filter "reference=docker.io/library/$bases" | head -1)

# ---- is the image in the store built from this very context? ----
# The context is what .dockerignore lets in (its `!` lines); hashing a little more than the build reads (the unit
# tests beside the code) only ever costs a needless rebuild, never a stale image.
mapfile -t allowed < <(sed -n 's/^!\(.*\)$/\1/p' .dockerignore)
context=$({
  echo "base $base_id"
  sha256sum Dockerfile
  find "${allowed[@]}" -type f -print0 2> /dev/null | sort -z | xargs -0 sha256sum
} | sha256sum | cut -d' ' -f1)
built_from=$($BUILDAH inspect --type image --format '{{index .Docker.Config.Labels "sync-mock.context"}}' "$image" 2> /dev/null)
if [ "$built_from" = "$context" ]; then
  echo "container-image: READY $image (cached: the build context is unchanged)"
  exit 0
fi

# ---- build (docker build -t sync-mock .) ----
say "building the Dockerfile into $image"
# --format docker keeps HEALTHCHECK, which the OCI image format has no field for.
$BUILDAH bud --isolation chroot --format docker --pull=never --label "sync-mock.context=$context" --tag "$image" . \
  > /tmp/sync-mock-image-build.log 2>&1 || { tail -30 /tmp/sync-mock-image-build.log; fail "buildah bud failed"; }
# The build stage's layers and a replaced image's are dangling now.
$BUILDAH rmi --prune > /dev/null 2>&1
size=$($BUILDAH images --format '{{.Size}}' --filter "reference=$image" | head -1)
echo "container-image: READY $image (built in $((SECONDS - started)) s, $size)"
