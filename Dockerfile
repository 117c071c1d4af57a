# flinks-mock in a container: `docker build -t flinks-mock .`, then `docker run -p 8080:8080 flinks-mock`.
# Any Node.js 20+ image works; the default is the current LTS on Alpine (the smallest official one).
ARG NODE_IMAGE=node:24-alpine

# Stage 1: every dependency, then the TypeScript build.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency has an install script; --ignore-scripts keeps it that way.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
# postbuild checks these and keeps them parsed in dist/ (the runtime stage copies the same files).
COPY scripts/prebuild.mjs scripts/
COPY openapi/ openapi/
COPY scenarios/ scenarios/
# The runtime needs the JavaScript only: no declarations, no source maps (their sources stay here).
RUN npm run build -- --declaration false --sourceMap false

# Stage 2: production dependencies and compiled JavaScript, run as a non-root user.
FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# npm's caches (downloads, compiled code) go in the same step, so that they never reach a layer.
# RUN steps use node, not coreutils, so that a base image without a shell toolbox builds too.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --cache /tmp/npm-cache \
  && node -e "for (const f of fs.readdirSync('/tmp')) fs.rmSync('/tmp/' + f, { recursive: true }); fs.mkdirSync('/scenarios'); fs.mkdirSync('/config')"
COPY bin/ bin/
COPY config.schema.json config.schema.json
COPY openapi/ openapi/
COPY scenarios/ scenarios/
COPY src/hosted-page/assets/ src/hosted-page/assets/
COPY src/dashboard/assets/ src/dashboard/assets/
COPY --from=build /app/dist/ dist/

# Listen on every interface (the mock's default, localhost, is unreachable from outside a container).
# /scenarios is loaded after the shipped scenarios: mount a directory of scenario files there.
# A config file is opt-in: mount it at /config and set FLINKS_MOCK_CONFIG=/config/flinks-mock.yaml.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    FLINKS_MOCK_SCENARIOS=/scenarios
EXPOSE 8080

# The node user (uid 1000) comes with the official Node.js images; the files above stay root-owned, read-only to it.
USER node

# Node's own fetch, so the image needs no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz', { signal: AbortSignal.timeout(2000) }).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node runs as PID 1: the CLI handles SIGTERM itself, finishing the requests in flight, then exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/flinks-mock.js"]
