#!/usr/bin/env bash
# npm test: everything needed to pass the tests on a fresh machine, including the real stack.
#   lint + type-check, unit tests, then PostgreSQL/Redis/Kafka up, integration and end-to-end tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_deps
say "lint"
npx nx show projects >/dev/null
npx eslint --max-warnings=0 .
say "type-check"
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit
say "unit tests"
npx jest --selectProjects unit --ci
say "starting PostgreSQL, Redis and Kafka"
bash deploy/infra.sh up
build
say "integration tests (real PostgreSQL, Redis, Kafka)"
npx jest --selectProjects int --ci --runInBand
say "end-to-end tests (the three services on the real stack)"
npx jest --selectProjects e2e --ci --runInBand
