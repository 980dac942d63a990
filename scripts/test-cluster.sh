#!/usr/bin/env bash
# npm run test:cluster: replicas and fail-over, proven on this machine (test/cluster/).
#   A three-broker KRaft Kafka from the same Maven jars as the development broker (data under
#   .local/kafka-cluster, ports CLUSTER_PORT_BASE+1..3, controllers +11..13), a database and queue
#   prefix of its own, the services from dist: the workload (the reference department and a generated
#   city of CLUSTER_CITY_SHEETS sheets) once on one instance of each service, then on two replicas of
#   each while one replica of each and one broker are SIGKILLed and brought back. Stops everything it
#   started, also when interrupted. Service ports: +21.. (intake), +31.. (review), +41.. (reporting),
#   balancers +51..53. CLUSTER_PORT_BASE defaults to 21400.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_deps
PID_DIR="$LOCAL_DIR/cluster-test/pids"
RESULTS="$LOCAL_DIR/test-results"
mkdir -p "$PID_DIR" "$RESULTS"

started=()
for service in postgres redis; do
  bash deploy/infra.sh status "$service" >/dev/null 2>&1 || started+=("$service")
done
# Whatever the test started and did not stop (it was killed, or failed hard): brokers and services
# listed in the pid directory, each checked to be ours (its command line names this checkout or its .local).
cleanup() {
  local f pid
  for f in "$PID_DIR"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -e "$ROOT" -e "$LOCAL_DIR"; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "stopped $(basename "$f" .pid) (pid $pid), left running by the test"
    fi
    rm -f "$f"
  done
  if [ ${#started[@]} -gt 0 ]; then
    say "stopping what the cluster test started: ${started[*]}"
    bash deploy/infra.sh down "${started[@]}" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "PostgreSQL and Redis"
bash deploy/infra.sh up postgres redis
say "Kafka jars"
KAFKA_LIBS=$(bash deploy/infra.sh kafka-jars)
export KAFKA_LIBS
if [ "${BUDGET_SKIP_BUILD:-}" != 1 ]; then
  say "building (tsc)"
  node node_modules/typescript/bin/tsc -p tsconfig.build.json
  touch dist/.tsbuildinfo
fi
say "cluster test (three brokers, two replicas of each service, faults)"
t0=$SECONDS
rc=0
node node_modules/jest/bin/jest.js --selectProjects cluster --ci --runInBand --forceExit --json --outputFile="$RESULTS/cluster.json" || rc=$?
echo "test:cluster took $((SECONDS - t0)) s"
exit "$rc"
