# Starting and stopping the three services as background processes (sourced).
SERVICES=(intake review reporting web)

# The compiled entry point of a service (the web application's server lies beside its screens).
service_entry() { if [ "$1" = web ]; then echo apps/web/server/main.js; else echo "apps/$1/src/main.js"; fi; }

service_pidfile() { echo "$LOCAL_DIR/run/$1${SERVICE_SUFFIX:-}.pid"; }

start_services() {
  # Started by the scripts on a developer's machine; a real deployment sets NODE_ENV=production and JWT_SECRET.
  export NODE_ENV="${NODE_ENV:-development}"
  for s in "${SERVICES[@]}"; do
    local pidfile; pidfile=$(service_pidfile "$s")
    if service_running "$s"; then
      echo "$s already running (pid $(cat "$pidfile"))"; continue
    fi
    : >"$LOCAL_DIR/logs/$s${SERVICE_SUFFIX:-}.log"
    start_service "$s"
  done
}

# Node's options for a service (deploy/service-node-options.json: the reporting service's larger young generation).
service_node_options() { node -e 'const o = require(process.argv[1])[process.argv[2]] ?? []; process.stdout.write(o.join(" "))' "$ROOT/deploy/service-node-options.json" "$1"; }

service_running() { kill -0 "$(cat "$(service_pidfile "$1")" 2>/dev/null)" 2>/dev/null; }

# One service in the background; its log is appended to (a restart keeps what the crash wrote).
start_service() {
  # shellcheck disable=SC2046 # the node options are words
  BUDGET_SKIP_BUILD=1 nohup node $(service_node_options "$1") "$ROOT/tools/run.js" "$(service_entry "$1")" >>"$LOCAL_DIR/logs/$1${SERVICE_SUFFIX:-}.log" 2>&1 &
  echo $! >"$(service_pidfile "$1")"
}

# Watches the services: one that dies is restarted after a backoff (1, 2, 4 … 30 s), and said so;
# one that keeps crashing (RESTART_LIMIT crashes, default 5, each within a minute of its start)
# ends the watch with status 1. A service that ran for a minute starts again from the first backoff.
# A backoff is a due time, not a sleep: while one service waits for its restart the others are
# still watched (and restarted on their own schedule). SUPERVISE_POLL_S (default 1) is the period.
# npm start runs it in the background from the moment the services are up (supervise_in_background).
supervise_services() {
  local limit=${RESTART_LIMIT:-5} poll=${SUPERVISE_POLL_S:-1}
  declare -A crashes=() since=() due=()
  for s in "${SERVICES[@]}"; do crashes[$s]=0; since[$s]=$SECONDS; due[$s]=-1; done
  while true; do
    for s in "${SERVICES[@]}"; do
      if [ "${due[$s]}" -ge 0 ]; then
        # Waiting out its backoff: restart it once the time has come, never before.
        if [ "$SECONDS" -ge "${due[$s]}" ]; then
          start_service "$s"
          since[$s]=$SECONDS; due[$s]=-1
          echo "$(date '+%H:%M:%S') $s restarted (pid $(cat "$(service_pidfile "$s")"))" >&2
        fi
        continue
      fi
      service_running "$s" && continue
      local log="$LOCAL_DIR/logs/$s${SERVICE_SUFFIX:-}.log"
      if [ $((SECONDS - since[$s])) -ge 60 ]; then crashes[$s]=0; fi
      crashes[$s]=$((crashes[$s] + 1))
      if [ "${crashes[$s]}" -gt "$limit" ]; then
        echo "$s keeps crashing (${limit} restarts, each within a minute): giving up; last lines of $log:" >&2
        tail -n 40 "$log" >&2
        return 1
      fi
      local delay=$((1 << (crashes[$s] - 1))); [ "$delay" -gt 30 ] && delay=30
      echo "$(date '+%H:%M:%S') $s exited; restarting it in ${delay}s (restart ${crashes[$s]} of at most ${limit}; log $log)" >&2
      due[$s]=$((SECONDS + delay))
    done
    sleep "$poll"
  done
}

# The supervisor as a background process (its pid in SUPERVISOR_PID), for a caller that still has
# work to do in the foreground (npm start's first-run import and sign-off). When it gives up it
# sends SIGUSR1 to the caller, which should trap it and stop.
# Its pid is also written to a file, so that npm run stop, from another terminal, stops it before
# the services (otherwise it would start them again).
supervisor_pidfile() { echo "$LOCAL_DIR/run/supervisor${SERVICE_SUFFIX:-}.pid"; }

supervise_in_background() {
  local caller=$$
  ( trap - EXIT INT TERM; supervise_services || kill -USR1 "$caller" 2>/dev/null ) &
  SUPERVISOR_PID=$!
  mkdir -p "$LOCAL_DIR/run"
  echo "$SUPERVISOR_PID" >"$(supervisor_pidfile)"
}

stop_supervisor() {
  [ -n "${SUPERVISOR_PID:-}" ] || return 0
  kill -TERM "$SUPERVISOR_PID" 2>/dev/null || true
  wait "$SUPERVISOR_PID" 2>/dev/null || true
  SUPERVISOR_PID=
  rm -f "$(supervisor_pidfile)"
}

# npm run stop: the supervisor of an npm start still running elsewhere, by its pid file.
stop_running_supervisor() {
  local pidfile; pidfile=$(supervisor_pidfile)
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    echo "supervisor stopped"
  fi
  rm -f "$pidfile"
}

stop_services() {
  for s in "${SERVICES[@]}"; do
    local pidfile; pidfile=$(service_pidfile "$s")
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
      echo "$s stopped"
    fi
    rm -f "$pidfile"
  done
}

wait_for_services() {
  local deadline=$((SECONDS + ${1:-120}))
  until node "$ROOT/tools/run.js" apps/cli/src/main.js status >/dev/null 2>&1 \
    && node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:${WEB_PORT:-3000}/health"; do
    for s in "${SERVICES[@]}"; do
      if ! service_running "$s"; then
        echo "$s exited; last lines of $LOCAL_DIR/logs/$s${SERVICE_SUFFIX:-}.log:" >&2
        tail -n 40 "$LOCAL_DIR/logs/$s${SERVICE_SUFFIX:-}.log" >&2
        return 1
      fi
    done
    if [ $SECONDS -ge $deadline ]; then
      node "$ROOT/tools/run.js" apps/cli/src/main.js status >&2 || true
      return 1
    fi
    sleep 1
  done
}
