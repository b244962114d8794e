#!/usr/bin/env bash
# The container tests (docs/operations.md): build the base images from Debian's packages and the
# machine's Node.js (no registry image is pulled), build the threads-agent image from the
# Dockerfile with them, then run test/deploy/containers/*.container.ts against it: `docker run`
# until healthy, and the full compose stack end to end. Needs a running Docker daemon and
# docker-compose (.ci/run installs and starts both). Every step is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian's docker CLI: its built-in BuildKit builds `RUN --mount=type=secret` without buildx.
if [ -z "${DOCKER:-}" ]; then
  if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
export DOCKER COMPOSE=${COMPOSE:-docker-compose}
command -v "$COMPOSE" >/dev/null || { echo "containers: $COMPOSE not found" >&2; exit 1; }
timeout 20 "$DOCKER" info >/dev/null 2>&1 || { echo "containers: no Docker daemon answers ($DOCKER info)" >&2; exit 1; }

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "base images (debootstrap, once per input change)"
eval "$(DOCKER=$DOCKER timeout 1200 deploy/docker/build-base-images.sh | grep -E '^[A-Z_]+=')"

step "threads-agent image (BASE_IMAGE=$NODE_IMAGE)"
secret=()
# The registry is reached through the machine's CA bundle (a TLS-inspecting proxy may sit in
# between): handed to the build as a secret, so it never lands in a layer.
for ca in "${NPM_CA_FILE:-}" "${NODE_EXTRA_CA_CERTS:-}" /etc/ssl/certs/ca-certificates.crt; do
  if [ -n "$ca" ] && [ -s "$ca" ]; then secret=(--secret "id=npm_ca,src=$ca"); break; fi
done
APP_IMAGE=${THREADS_AGENT_IMAGE:-threads-agent:test}
DOCKER_BUILDKIT=1 timeout 1200 "$DOCKER" build --progress=plain "${secret[@]}" \
  --build-arg "BASE_IMAGE=$NODE_IMAGE" -t "$APP_IMAGE" . >/tmp/threads-agent-image-build.log 2>&1 ||
  { tail -n 40 /tmp/threads-agent-image-build.log >&2; exit 1; }
"$DOCKER" image inspect -f 'image {{index .RepoTags 0}}: {{.Size}} bytes' "$APP_IMAGE"

step "container tests"
export THREADS_AGENT_IMAGE=$APP_IMAGE POSTGRES_IMAGE=$PG_IMAGE REDIS_IMAGE
timeout 1500 npx vitest run --config test/deploy/containers/vitest.config.ts
