#!/usr/bin/env bash
# npm run test:int | test:e2e | test:browser: one kind of the real-stack tests, on the tests' own
# stack (see test_stack_up: its own Kafka broker, so the Kafka outage test never stops yours), after a
# build. Arguments after the kind go to Jest or Playwright, e.g. `npm run test:e2e -- --testPathPatterns security`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

kind="${1:-}"
shift || true
case "$kind" in
  int | e2e | browser) ;;
  *) echo "usage: scripts/test-kind.sh int|e2e|browser [test runner arguments]" >&2; exit 2 ;;
esac
ensure_deps
if [ "$kind" = browser ]; then ensure_chromium; fi
test_stack_up
build
case "$kind" in
  int) npx jest --selectProjects int --runInBand "$@" ;;
  e2e) npx jest --selectProjects e2e --runInBand --forceExit "$@" ;;
  browser) NODE_ENV="${NODE_ENV:-test}" npx playwright test -c test/web/playwright.config.ts "$@" ;;
esac
