# syntax=docker/dockerfile:1
#
# One image recipe for every service; SERVICE names a folder of services/:
#   docker build --build-arg SERVICE=gateway -t parley/gateway .
# Every stage but the last is the same for all services, so building all six installs and
# compiles once and the images share their node_modules layer.

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# The lockfile and every workspace's package.json, at their paths: the install layers below are
# rebuilt only when these change, not on every source edit.
FROM base AS manifests
COPY . /src
# The root `prepare` script (web/scripts/prepare.mjs) comes too: `npm ci` runs it, and it
# builds nothing while the web sources are absent (the build stage builds the pages).
RUN cd /src \
 && find . -name node_modules -prune -o -name package.json -print | xargs cp --parents -t /app \
 && cp package-lock.json /app/ \
 && cp --parents web/scripts/prepare.mjs /app/

# Everything the build needs (tsdown, turbo, TypeScript).
FROM base AS deps
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm npm ci

# turbo → tsdown per service: services/<name>/dist/main.js with the workspace libs bundled in;
# vite → web/dist, the pages' static assets.
FROM deps AS build
COPY . .
RUN npm run build

# What the bundles import at run time: the npm dependencies of the services and of the libs they
# bundle, without dev tools (TypeScript, tsdown, turbo, vitest) or the CLI's. No runtime dependency
# needs an install script, so none runs. Embedded PostgreSQL is not among them: it belongs to the
# one-process mode (platform/, libs/embedded-postgres), as a standalone service always has
# DATABASE_URL. The workspace links go too, as dist/ bundles the libs.
FROM base AS prod-deps
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts $(for dir in services/*/; do printf '%s ' "--workspace=${dir%/}"; done) \
 && rm -rf node_modules/@parley \
 && for dir in services/*/; do mkdir -p "${dir}node_modules"; done

FROM base AS runtime
# What every service's image holds alike comes before SERVICE is named, so these layers are
# built once and are the same layers in all six images (a node pulls them once).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
# The built pages, which the gateway serves (/c/{token}, /assets/); a few hundred KB in the others.
COPY --from=build /app/web/dist ./web/dist
# Where a deployment may mount the folder of visitors' files (UPLOADS_DIR), owned by the user the
# services run as: a volume first mounted here takes this owner (docker-compose.yml's uploads-data).
RUN mkdir -p /var/lib/parley/uploads && chown node:node /var/lib/parley/uploads && chmod 0700 /var/lib/parley/uploads
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<a folder of services/>' >&2; exit 1; }
# SERVICE carries the build argument into CMD. Each container has its own network, so every
# service uses the same ports: the gateway's public API on PORT (8080), and every service's
# /healthz, /readyz and /metrics on the internal HEALTH_PORT (8081; their 8082–8086 defaults only
# matter for processes sharing one host).
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=8080 \
    HEALTH_PORT=8081
COPY --from=prod-deps /app/services/${SERVICE}/node_modules ./services/${SERVICE}/node_modules
COPY --from=build /app/services/${SERVICE}/package.json ./services/${SERVICE}/package.json
COPY --from=build /app/services/${SERVICE}/dist ./services/${SERVICE}/dist
# The code stays owned by root: the service can read it, not change it.
USER node
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz', { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
# exec: node is PID 1 and receives SIGTERM itself, so the service drains and stops gracefully.
CMD exec node --enable-source-maps services/${SERVICE}/dist/main.js
