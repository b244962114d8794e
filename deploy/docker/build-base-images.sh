#!/usr/bin/env bash
# Build, without pulling anything from an image registry, the three images the container tests
# need, from Debian's packages (debootstrap) and this machine's own Node.js:
#
#   threads-agent-base/node:20       Debian bookworm (minbase) + the machine's node and npm,
#                                    laid out as the official node:20-bookworm-slim image is
#                                    (/usr/local/bin/node, a `node` user with uid 1000)
#   threads-agent-base/postgres:15   + Debian's postgresql-15, entrypoint that initialises
#                                    PGDATA from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB
#   threads-agent-base/redis:7       + Debian's redis-server
#
# Each image is tagged with a hash of its inputs and rebuilt only when they change. The Debian
# mirror is the one apt is configured with on this machine (never a name written here).
# Usage: deploy/docker/build-base-images.sh [--print-tags]
set -euo pipefail
SELF=$(readlink -f "$0")
cd "$(dirname "$SELF")"

DOCKER=${DOCKER:-docker}
CACHE_DIR=${THREADS_AGENT_IMAGE_CACHE:-/var/tmp/threads-agent-images}
SUITE=bookworm
NODE_BIN=$(readlink -f "$(command -v node)")
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

# The first deb822 URI or sources.list line of apt's own configuration.
apt_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v -- '-security' | awk '{print $2}' | head -n1 || true)
  fi
  [ -n "$uri" ] || { echo "no Debian mirror in apt's sources" >&2; exit 1; }
  echo "$uri"
}

hash_of() { cat "$@" | sha256sum | cut -c1-12; }

NODE_VERSION=$("$NODE_BIN" --version)
NPM_VERSION=$("$NODE_BIN" "$NPM_DIR/bin/npm-cli.js" --version)
ROOTFS_TAG=$(printf '%s %s %s\n' "$SUITE" "$NODE_VERSION" "$NPM_VERSION" | cat - "$SELF" base.Dockerfile | sha256sum | cut -c1-12)
NODE_IMAGE=threads-agent-base/node:20-$ROOTFS_TAG
PG_IMAGE=threads-agent-base/postgres:15-$(hash_of "$SELF" postgres.Dockerfile postgres-entrypoint.sh | cut -c1-6)$ROOTFS_TAG
REDIS_IMAGE=threads-agent-base/redis:7-$(hash_of "$SELF" redis.Dockerfile | cut -c1-6)$ROOTFS_TAG

if [ "${1:-}" = "--print-tags" ]; then
  printf 'NODE_IMAGE=%s\nPG_IMAGE=%s\nREDIS_IMAGE=%s\n' "$NODE_IMAGE" "$PG_IMAGE" "$REDIS_IMAGE"
  exit 0
fi

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

# A rootfs per image: minbase plus the packages that image needs, installed by debootstrap from
# the host (no network is needed inside any container or build).
make_rootfs() { # name packages...
  local name=$1 dir="$CACHE_DIR/$1-$ROOTFS_TAG"
  shift
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir" && mkdir -p "$dir" "$CACHE_DIR/debs"
    local include=""
    [ $# -gt 0 ] && include="--include=$(IFS=,; echo "$*")"
    echo "debootstrap $SUITE ($name) from apt's mirror…" >&2
    debootstrap --variant=minbase --cache-dir="$CACHE_DIR/debs" $include "$SUITE" "$dir" "$(apt_mirror)" >"$CACHE_DIR/$name.debootstrap.log" 2>&1 ||
      { tail -n 30 "$CACHE_DIR/$name.debootstrap.log" >&2; exit 1; }
    # Nothing the image does needs apt's lists, docs or caches.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
    touch "$dir/.complete"
  fi
  echo "$dir"
}

import_rootfs() { # dir image
  tar --exclude=./.complete -C "$1" -c . | "$DOCKER" import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' - "$2" >/dev/null
}

if ! have "$NODE_IMAGE"; then
  dir=$(make_rootfs node)
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  mkdir -p "$staging/ctx"
  cp "$NODE_BIN" "$staging/ctx/node"
  cp -a "$NPM_DIR" "$staging/ctx/npm"
  import_rootfs "$dir" threads-agent-base/rootfs:$ROOTFS_TAG
  cp base.Dockerfile "$staging/ctx/Dockerfile"
  "$DOCKER" build -q --build-arg ROOTFS=threads-agent-base/rootfs:$ROOTFS_TAG -t "$NODE_IMAGE" "$staging/ctx" >/dev/null
  "$DOCKER" image rm threads-agent-base/rootfs:$ROOTFS_TAG >/dev/null
fi

if ! have "$PG_IMAGE"; then
  dir=$(make_rootfs postgres postgresql-15 locales-all)
  import_rootfs "$dir" threads-agent-base/pgrootfs:$ROOTFS_TAG
  "$DOCKER" build -q --build-arg ROOTFS=threads-agent-base/pgrootfs:$ROOTFS_TAG -f postgres.Dockerfile -t "$PG_IMAGE" . >/dev/null
  "$DOCKER" image rm threads-agent-base/pgrootfs:$ROOTFS_TAG >/dev/null
fi

if ! have "$REDIS_IMAGE"; then
  dir=$(make_rootfs redis redis-server)
  import_rootfs "$dir" threads-agent-base/redisrootfs:$ROOTFS_TAG
  "$DOCKER" build -q --build-arg ROOTFS=threads-agent-base/redisrootfs:$ROOTFS_TAG -f redis.Dockerfile -t "$REDIS_IMAGE" . >/dev/null
  "$DOCKER" image rm threads-agent-base/redisrootfs:$ROOTFS_TAG >/dev/null
fi

printf 'NODE_IMAGE=%s\nPG_IMAGE=%s\nREDIS_IMAGE=%s\n' "$NODE_IMAGE" "$PG_IMAGE" "$REDIS_IMAGE"
