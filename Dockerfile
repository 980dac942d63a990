# syntax=docker/dockerfile:1
# The images deploy/kubernetes runs: budget/intake, budget/review, budget/reporting and budget/web,
# one final stage each, from one build:
#
#   docker build --target intake    -t budget/intake:0.1.0 .
#   docker build --target review    -t budget/review:0.1.0 .
#   docker build --target reporting -t budget/reporting:0.1.0 .
#   docker build --target web       -t budget/web:0.1.0 .
#
# The build stage compiles everything once (tsc for the services, the web server and the
# libraries; vite for the screens; bench/ is not in the context, so tsc skips it); the runtime
# stage has the production dependencies only, the compiled dist/ and tools/run.js (which maps
# @budget/* to dist/libs). BUDGET_SKIP_BUILD=1 tells tools/run.js not to look for newer sources and
# run tsc: the image has no sources, no TypeScript, and the pods mount the root file system
# read-only. Each final stage's CMD is what its
# Deployment's command and args say (tools/deploy/dockerfile.unit.spec.ts checks both).

# Node.js 24, an LTS line (20 is past its end of life; the code runs on 20.19+ too), pinned to the release CI
# runs the unit and end-to-end tests on (scripts/test-image-node.sh reads the version from this line). It is
# also faster where the rebuild spends its time: decoding and parsing the messages' JSON (README, Benchmarks).
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && node node_modules/vite/bin/vite.js build --config apps/web/vite.config.mts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    BUDGET_SKIP_BUILD=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY tools/run.js tools/run.js
COPY --from=build /app/dist/apps dist/apps
COPY --from=build /app/dist/libs dist/libs
# The uid the Deployments' securityContext runs as (runAsUser 10001, runAsNonRoot); it owns nothing
# in /app, so the code cannot change itself even where the root file system is writable.
USER 10001:10001

FROM runtime AS intake
EXPOSE 3001 9464
CMD ["node", "tools/run.js", "apps/intake/src/main.js"]

FROM runtime AS review
EXPOSE 3002 9464
CMD ["node", "tools/run.js", "apps/review/src/main.js"]

FROM runtime AS reporting
EXPOSE 3003 9464
CMD ["node", "--max-semi-space-size=64", "tools/run.js", "apps/reporting/src/main.js"]

FROM runtime AS web
COPY --from=build /app/dist/web dist/web
EXPOSE 3000
CMD ["node", "tools/run.js", "apps/web/server/main.js"]
