# sync-mock in a container:  docker build -t sync-mock .  &&  docker run --rm -p 8080:8080 sync-mock
# Node 22 is the maintained LTS line (Node 20 reached end of life on 2026-04-30); the lockfile is engine-clean on it.
# scripts/docker-smoke.sh builds and runs this exact file with buildah, and reads the Node major from the FROM lines.

# ---- build: install everything, compile TypeScript, then drop the dev dependencies ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
# No dependency needs an install script, and swagger-ui-dist's @scarf/scarf would phone home from one.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The inspector page's sources; the build bundles them into dist/ui.
COPY ui ./ui
# The build bundles the command into dist/cli.js and the inspector into dist/ui with esbuild (see the scripts).
COPY scripts/bundle-cli.mjs scripts/build-ui.mjs ./scripts/
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime: compiled code, production dependencies and the data files the server reads ----
FROM node:22-bookworm-slim
# HOST=0.0.0.0: inside a container, loopback is unreachable from the published port.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scenarios ./scenarios
COPY assets ./assets
COPY openapi ./openapi
# Files stay root-owned and read-only to the server; it writes uploads only under /tmp.
USER node
EXPOSE 8080
# Slim images have no curl; Node's own fetch asks /health. No --start-period: the server is ready long before
# the first check at 10 s (and dockerfilelint 1.8 misreads that option's hyphen).
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/cli.js"]
