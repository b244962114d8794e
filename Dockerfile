# threads-agent: one image for every role (`serve` = embedded all-in-one, `--role api`,
# `--role worker`, `migrate`). Build:
#   DOCKER_BUILDKIT=1 docker build -t threads-agent .
# The base image is a build argument (an offline build passes a locally made one, see
# docs/operations.md). A registry behind a TLS-inspecting proxy needs its CA bundle, given as a
# build secret so that it never lands in a layer:
#   docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt .
ARG BASE_IMAGE=node:20-bookworm-slim

# ── build: every dependency, the TypeScript and the dashboard compiled ───────────────────────
FROM ${BASE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# Scripts run after the sources are in (the `prepare` script builds them).
RUN --mount=type=secret,id=npm_ca \
    --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/npm_ca ]; then export npm_config_cafile=/run/secrets/npm_ca; fi; \
    npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm rebuild && npm run build \
 && npm prune --omit=dev \
 && rm -rf node_modules/.cache && find dist -name "*.map" -delete

# ── run: production dependencies and dist/ only, as an unprivileged user ─────────────────────
FROM ${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded store (PGlite) lives in DATA_DIR; uid 1000 is the base image's `node` user.
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME ["/data"]
USER 1000:1000
EXPOSE 8080
# Liveness of the process (the API; the worker answers /health on the same port).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
