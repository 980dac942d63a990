#!/usr/bin/env bash
# npm test: everything needed to pass the tests on a fresh machine, including the real stack.
#   lint + type-check, unit tests, then PostgreSQL/Redis/Kafka up, integration, end-to-end and browser tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_deps
ensure_chromium
RESULTS="$LOCAL_DIR/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
say "lint"
npx nx show projects >/dev/null
npx eslint --max-warnings=0 .
say "type-check"
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit
node node_modules/typescript/bin/tsc -p apps/web/src/tsconfig.json --noEmit
say "unit tests (domain, services, and the web application's components)"
npx jest --selectProjects unit web --ci --json --outputFile="$RESULTS/unit.json"
# The tests never lean on a running development stack (npm start): they use a Kafka broker of their
# own, their own databases and queue prefixes, and stop at the end whatever this run started.
test_stack_up
build
say "integration tests (real PostgreSQL, Redis, Kafka)"
# infra.sh has installed java, the Kafka jars, initdb and redis-server: the secured-infrastructure
# specs (Kafka SASL/TLS, PostgreSQL TLS, Redis with a password) must run here, not skip.
export REQUIRE_SECURED_INFRA=1
npx jest --selectProjects int --ci --runInBand --json --outputFile="$RESULTS/int.json"
say "end-to-end tests (the three services on the real stack)"
npx jest --selectProjects e2e --ci --runInBand --forceExit --json --outputFile="$RESULTS/e2e.json"
say "browser tests (the web application in Chromium, on the real stack)"
browser_rc=0
BROWSER_RESULTS="$RESULTS/browser.json" npx playwright test -c test/web/playwright.config.ts || browser_rc=$?

# One closing line over all runs (Jest's and Playwright's JSON), in the plain form CI reads.
node scripts/test-summary.js "$RESULTS"
[ "$browser_rc" -eq 0 ] || { echo "the browser tests failed (exit $browser_rc)" >&2; exit 1; }
