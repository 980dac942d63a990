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
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "$s already running (pid $(cat "$pidfile"))"; continue
    fi
    BUDGET_SKIP_BUILD=1 nohup node "$ROOT/tools/run.js" "$(service_entry "$s")" >"$LOCAL_DIR/logs/$s${SERVICE_SUFFIX:-}.log" 2>&1 &
    echo $! >"$pidfile"
  done
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
      local pidfile; pidfile=$(service_pidfile "$s")
      if ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
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
