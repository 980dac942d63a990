#!/usr/bin/env bash
# npm start: install what is missing, bring the stack up, start the services, load the
# reference department on first run, and stay in the foreground until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/services.sh"
# A developer's machine: the committed JWT secret is accepted only in development (or test) mode.
export NODE_ENV="${NODE_ENV:-development}"

ensure_deps
say "starting PostgreSQL, Redis and Kafka"
bash "$ROOT/deploy/infra.sh" up
build

# The supervisor first, so that it does not restart what is being stopped.
cleanup() { echo; say "stopping the services (the infrastructure keeps running; npm run stop stops it too)"; stop_supervisor; stop_services; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# The background supervisor gave up on a service that keeps crashing.
trap 'SUPERVISOR_PID=; exit 1' USR1

say "starting intake, review, reporting and the web application (logs in $LOCAL_DIR/logs)"
start_services
wait_for_services 180 || { echo "the services did not come up" >&2; exit 1; }
# From here on a service that crashes is restarted (with backoff), also during the first run's
# import, sign-off and export below; only one that keeps crashing stops the rest.
supervise_in_background

REFERENCE="$ROOT/test/fixtures/liwan-organization-department.txt"
REFERENCE_DEPARTMENT="中国共产党广州市荔湾区委员会组织部"
REFERENCE_YEAR="${BUDGET_REFERENCE_YEAR:-2024}"
cli() { BUDGET_SKIP_BUILD=1 node "$ROOT/tools/run.js" apps/cli/src/main.js "$@"; }
if [ ! -f "$LOCAL_DIR/run/reference-loaded" ]; then
  say "loading the reference department (first run)"
  cli import "$REFERENCE" --year "$REFERENCE_YEAR"
  touch "$LOCAL_DIR/run/reference-loaded"
fi
if [ ! -f "$LOCAL_DIR/run/reference-played" ]; then
  say "taking the reference department through sign-off (the demo users of each level)"
  # A service that crashed meanwhile is back after its backoff: wait for it and go on from where
  # the sign-off stands (play takes each sheet on from its current state).
  for attempt in 1 2 3; do
    if cli play --department "$REFERENCE_DEPARTMENT" --year "$REFERENCE_YEAR"; then break; fi
    [ "$attempt" -lt 3 ] || { echo "the sign-off of the reference department failed three times" >&2; exit 1; }
    say "the sign-off was interrupted; waiting for the services and trying again"
    sleep 2
    wait_for_services 120 || { echo "the services did not come back" >&2; exit 1; }
  done
  touch "$LOCAL_DIR/run/reference-played"
fi
EXPORTS="$LOCAL_DIR/exports"
mkdir -p "$EXPORTS"
say "exporting the reference department's consolidated table (项目支出绩效目标表) to $EXPORTS"
# The reporting projection follows the events a moment later than the sign-off: wait for it.
for attempt in $(seq 1 30); do
  if cli export --department "$REFERENCE_DEPARTMENT" --year "$REFERENCE_YEAR" --format txt --out "$EXPORTS/reference-$REFERENCE_YEAR.txt" >/dev/null 2>&1 \
    && grep -q "ZXRCBT" "$EXPORTS/reference-$REFERENCE_YEAR.txt"; then break; fi
  sleep 1
done
for format in txt csv xlsx html; do
  cli export --department "$REFERENCE_DEPARTMENT" --year "$REFERENCE_YEAR" --format "$format" --out "$EXPORTS/reference-$REFERENCE_YEAR.$format"
done

cat <<INFO

The system is up.
  web        http://127.0.0.1:${WEB_PORT:-3000}   (open it in a browser; the sign-in page lets you pick a role,
             a department and a unit, and signs you in as that demo user)
  intake     http://127.0.0.1:${INTAKE_PORT:-3001}   (API description: /openapi.json)
  review     http://127.0.0.1:${REVIEW_PORT:-3002}
  reporting  http://127.0.0.1:${REPORTING_PORT:-3003}
  logs       $LOCAL_DIR/logs/
  exports    $EXPORTS/ (the reference department's table as txt, csv, xlsx and html)
A token to try the API:   npm run -s token -- --role admin
  curl -H "Authorization: Bearer \$(npm run -s token -- --role admin)" http://127.0.0.1:${INTAKE_PORT:-3001}/sheets
Health of all three:      npm run cli -- status
A service that crashes is restarted (see the log above). Ctrl-C stops the services; npm run stop also stops PostgreSQL, Redis and Kafka (those it started).
INFO

# Stay in the foreground while the supervisor runs; one that keeps crashing ends it (status 1,
# through the USR1 trap above) and the EXIT trap stops the rest; npm run stop ends it too.
wait "$SUPERVISOR_PID" || true
