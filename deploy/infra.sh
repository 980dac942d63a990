#!/usr/bin/env bash
# Starts and stops the project's infrastructure as plain processes on loopback (no Docker):
# PostgreSQL, Redis and a single-node Apache Kafka (KRaft).
#
#   bash deploy/infra.sh up|start     [postgres|redis|kafka ...]   (no name = all three)
#   bash deploy/infra.sh down|stop    [postgres|redis|kafka ...]
#   bash deploy/infra.sh restart      [postgres|redis|kafka ...]
#   bash deploy/infra.sh status       [postgres|redis|kafka ...]   (exit 3 if one is down)
#   bash deploy/infra.sh kafka-jars                                 (only fetch the broker jars; prints their folder)
#
# A server that already answers is reused and never stopped by `down`: `down` only stops what
# this script itself started (pid files and markers under $BUDGET_LOCAL_DIR). Idempotent; safe to
# run from any directory and concurrently (one lock per service). See deploy/README.md.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
LOCAL=${BUDGET_LOCAL_DIR:-$ROOT/.local}
mkdir -p "$LOCAL"
LOCAL=$(cd "$LOCAL" && pwd)

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PGDATABASE=${PGDATABASE:-budget}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
KAFKA_HOST=${KAFKA_HOST:-127.0.0.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_WAIT_S=${KAFKA_WAIT_S:-90}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}
KAFKA_MVN_OPTS=${KAFKA_MVN_OPTS:-}
MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# ---------------------------------------------------------------------------------------------
# helpers

say() { printf '%s\n' "$*"; }                   # the one result line per service (stdout)
note() { printf '  %s\n' "$*" >&2; }            # progress (stderr)
die() { printf 'infra.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }
now_us() { printf '%s' "${EPOCHREALTIME//[.,]/}"; }
since() { local us=$(( $(now_us) - $1 )); printf '%d.%01ds' $((us / 1000000)) $(((us % 1000000) / 100000)); }
rel() { case $1 in "$ROOT"/*) printf '%s' "${1#"$ROOT"/}" ;; *) printf '%s' "$1" ;; esac; }

# One lock per service (fd 9), so concurrent runs neither start two servers nor stop one mid-start.
# Daemons are started with 9>&- so they do not inherit it.
lock() {
  exec 9>"$LOCAL/.$1.lock"
  flock -w 300 9 || die "$1: another infra.sh run holds $LOCAL/.$1.lock for more than 300 s"
}
unlock() { flock -u 9 2>/dev/null || true; exec 9>&-; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# pid of a live (not zombie) process whose command line contains $2, read from pid file $1.
pid_alive() {
  local file=$1 pattern=$2 pid state
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [[ -n $state && $state != Z ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
  printf '%s' "$pid"
}

gone() { [[ ! -d /proc/$1 ]] || [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo Z) == Z ]]; }

# SIGTERM, wait up to $2 seconds, then SIGKILL.
stop_pid() {
  local pid=$1 secs=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < secs * 10; i++)); do gone "$pid" && return 0; sleep 0.1; done
  note "process $pid did not stop within ${secs}s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do gone "$pid" && return 0; sleep 0.1; done
  return 1
}

# key=value marker files recording what this script started.
state_write() { local file=$1; shift; mkdir -p "$(dirname "$file")"; printf '%s\n' "$@" >"$file.tmp"; mv "$file.tmp" "$file"; }
state_get() { [[ -f $1 ]] && sed -n "s/^$2=//p" "$1" | head -n 1; }

APT_UPDATED=0
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  local log="$LOCAL/apt.log"
  if [[ $APT_UPDATED -eq 0 ]]; then
    note "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "apt-get update failed (log: $log)"; }
    APT_UPDATED=1
  fi
  note "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "apt-get install $* failed (log: $log)"; }
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
#
# Reused when pg_isready answers. Otherwise a project-local cluster (initdb as the `postgres` OS
# user when run as root, trust auth on loopback, UTF-8) is started under $LOCAL/postgres. A
# Debian cluster that is down is left alone: its default pg_hba asks for passwords on TCP,
# which the apps do not have.

PG_STATE="$LOCAL/postgres/infra-started"

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3 >/dev/null 2>&1; }

pg_install() {
  can_apt || die "postgres: PostgreSQL is not installed. Install it (as root): apt-get update && apt-get install -y postgresql"
  note "postgres: installing PostgreSQL from Debian (without Debian's 'main' cluster: infra.sh runs its own)"
  apt_install postgresql-common
  if [[ -f /etc/postgresql-common/createcluster.conf ]] && ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    sed -i -E 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  fi
  apt_install postgresql
}

pg_need_client() {
  command -v pg_isready >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 && return 0
  pg_install
}

# bin folder of the given major version, or of the newest installed one.
pg_bindir() {
  local ver=${1:-} d
  if [[ -n $ver && -x /usr/lib/postgresql/$ver/bin/initdb ]]; then printf '%s' "/usr/lib/postgresql/$ver/bin"; return 0; fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -V | tail -n 1 || true)
  if [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]]; then printf '%s' "$d"; return 0; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  return 1
}

# Run as the postgres OS user when root (PostgreSQL refuses to run as root).
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

pg_login_check() {
  local out
  if ! out=$(PGCONNECT_TIMEOUT=5 psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -w -XtAq \
    -c "select 1 from pg_database where datname = '${PGDATABASE//\'/\'\'}'" 2>&1); then
    die "postgres: the server on $PGHOST:$PGPORT answers but refuses '$PGUSER' without a password: $out
  Allow passwordless loopback logins (pg_hba.conf: 'host all all 127.0.0.1/32 trust', then reload),
  or stop that server and rerun (infra.sh then starts a project-local one), or point PGPORT elsewhere."
  fi
  printf '%s' "$out"
}

pg_ensure_db() {
  local exists out
  exists=$(pg_login_check)
  [[ $exists == 1 ]] && return 0
  if ! out=$(PGCONNECT_TIMEOUT=5 psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -w -XtAq \
    -c "create database \"${PGDATABASE//\"/\"\"}\"" 2>&1); then
    [[ $(pg_login_check) == 1 ]] || die "postgres: could not create database $PGDATABASE: $out"
  fi
  note "postgres: created database $PGDATABASE"
}

pg_start_local() {
  local base="$LOCAL/postgres" data bindir ver running_port
  mkdir -p "$base"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "postgres: the 'postgres' OS user is missing (reinstall the postgresql package)"
    chown postgres:postgres "$base"
    if ! as_pg test -w "$base"; then
      # e.g. the repository lives under /root: the postgres user cannot reach it.
      base="/var/lib/postgresql/budget-infra-$(printf '%s' "$LOCAL" | cksum | cut -d' ' -f1)"
      install -d -o postgres -g postgres -m 700 "$base"
      note "postgres: $LOCAL is not reachable by the postgres user; cluster data goes to $base"
    fi
  fi
  data="$base/data"

  if [[ ! -s $data/PG_VERSION ]]; then
    bindir=$(pg_bindir) || die "postgres: initdb/pg_ctl not found"
    note "postgres: initdb $(rel "$data")"
    as_pg "$bindir/initdb" -D "$data" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
      || { tail -n 20 "$base/initdb.log" >&2; die "postgres: initdb failed (log: $base/initdb.log)"; }
    as_pg tee -a "$data/postgresql.conf" >/dev/null <<'EOF'

# --- deploy/infra.sh: TCP on loopback only (address and port are given at start), no socket file
unix_socket_directories = ''
listen_addresses = '127.0.0.1'
EOF
  fi
  ver=$(<"$data/PG_VERSION")
  bindir=$(pg_bindir "$ver") || die "postgres: binaries of PostgreSQL $ver (the version of $data) are not installed"

  if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    running_port=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
    die "postgres: the project-local cluster $data is already running on port ${running_port:-?}, not on $PGPORT; run 'infra.sh down postgres' first"
  fi
  port_open "$PGHOST" "$PGPORT" && die "postgres: $PGHOST:$PGPORT is taken by something that is not answering as PostgreSQL"

  as_pg "$bindir/pg_ctl" -D "$data" -l "$base/postgres.log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=$PGHOST" start >"$base/pg_ctl.log" 2>&1 9>&- \
    || { tail -n 20 "$base/postgres.log" >&2 2>/dev/null || true; die "postgres: could not start the cluster in $data (log: $base/postgres.log)"; }
  state_write "$PG_STATE" "data=$data" "bindir=$bindir" "host=$PGHOST" "port=$PGPORT" "log=$base/postgres.log"
  local i
  for ((i = 0; i < 100; i++)); do pg_answers && return 0; sleep 0.1; done
  die "postgres: started but $PGHOST:$PGPORT does not answer (log: $base/postgres.log)"
}

pg_ours_running() {
  local data bindir
  data=$(state_get "$PG_STATE" data) || return 1
  bindir=$(state_get "$PG_STATE" bindir) || return 1
  [[ -n $data && -x $bindir/pg_ctl ]] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

pg_up() {
  local t0 how
  t0=$(now_us)
  lock postgres
  pg_need_client
  if pg_answers; then
    if pg_ours_running && [[ $(state_get "$PG_STATE" port) == "$PGPORT" ]]; then how="reused $PGHOST:$PGPORT (project-local cluster, started earlier by infra.sh)"
    else how="reused $PGHOST:$PGPORT (already running)"; fi
  else
    local i rc
    for ((i = 0; i < 20; i++)); do   # pg_isready exit 1: the server is starting or stopping
      rc=0; pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 1 >/dev/null 2>&1 || rc=$?
      [[ $rc -eq 1 ]] || break
      sleep 0.5
    done
    if pg_answers; then how="reused $PGHOST:$PGPORT (already running)"
    else
      pg_bindir >/dev/null || pg_install
      pg_start_local
      how="started $PGHOST:$PGPORT in $(since "$t0") (project-local cluster, data $(rel "$(state_get "$PG_STATE" data)"))"
    fi
  fi
  pg_ensure_db
  unlock
  say "postgres: $how, database $PGDATABASE, user $PGUSER"
}

pg_down() {
  lock postgres
  if [[ -f $PG_STATE ]]; then
    local data bindir host port log
    data=$(state_get "$PG_STATE" data); bindir=$(state_get "$PG_STATE" bindir)
    host=$(state_get "$PG_STATE" host); port=$(state_get "$PG_STATE" port); log=$(state_get "$PG_STATE" log)
    if pg_ours_running; then
      as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 \
        || { tail -n 20 "$log" >&2 2>/dev/null || true; die "postgres: could not stop the cluster in $data"; }
      rm -f "$PG_STATE"
      say "postgres: stopped $host:$port (project-local cluster, data kept in $(rel "$data"))"
    else
      rm -f "$PG_STATE"
      say "postgres: not running (the project-local cluster was already stopped)"
    fi
  elif command -v pg_isready >/dev/null 2>&1 && pg_answers; then
    say "postgres: left running $PGHOST:$PGPORT (not started by infra.sh)"
  else
    say "postgres: not running"
  fi
  unlock
}

pg_status() {
  if command -v pg_isready >/dev/null 2>&1 && pg_answers; then
    if pg_ours_running && [[ $(state_get "$PG_STATE" port) == "$PGPORT" ]]; then say "postgres: up $PGHOST:$PGPORT (started by infra.sh)"
    else say "postgres: up $PGHOST:$PGPORT (not started by infra.sh)"; fi
  else
    say "postgres: down $PGHOST:$PGPORT"; return 3
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis

REDIS_DIR="$LOCAL/redis"
REDIS_STATE="$REDIS_DIR/infra-started"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"

redis_answers() { [[ $(timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_install() {
  can_apt || die "redis: Redis is not installed. Install it (as root): apt-get update && apt-get install -y redis-server"
  note "redis: installing redis-server from Debian"
  apt_install redis-server
}

redis_ours() { pid_alive "$REDIS_PIDFILE" redis-server; }

redis_up() {
  local t0 how pid
  t0=$(now_us)
  lock redis
  command -v redis-cli >/dev/null 2>&1 || redis_install
  if redis_answers; then
    if redis_ours >/dev/null && [[ $(state_get "$REDIS_STATE" port) == "$REDIS_PORT" ]]; then how="reused $REDIS_HOST:$REDIS_PORT (started earlier by infra.sh)"
    else how="reused $REDIS_HOST:$REDIS_PORT (already running)"; fi
  else
    command -v redis-server >/dev/null 2>&1 || redis_install
    if redis_answers; then   # the package's own service may have just started
      how="reused $REDIS_HOST:$REDIS_PORT (the system's redis-server)"
    else
      if pid=$(redis_ours); then
        die "redis: infra.sh already runs a server (pid $pid) on port $(state_get "$REDIS_STATE" port), not on $REDIS_PORT; run 'infra.sh down redis' first"
      fi
      port_open "$REDIS_HOST" "$REDIS_PORT" && die "redis: $REDIS_HOST:$REDIS_PORT is taken by something that does not answer PING"
      mkdir -p "$REDIS_DIR"
      rm -f "$REDIS_PIDFILE"
      redis-server --port "$REDIS_PORT" --bind "$REDIS_HOST" --save "" --appendonly no --daemonize yes \
        --dir "$REDIS_DIR" --logfile "$REDIS_DIR/redis.log" --pidfile "$REDIS_PIDFILE" \
        --maxmemory-policy noeviction 9>&- </dev/null >/dev/null 2>&1 \
        || { tail -n 20 "$REDIS_DIR/redis.log" >&2 2>/dev/null || true; die "redis: redis-server failed to start (log: $REDIS_DIR/redis.log)"; }
      local i
      for ((i = 0; i < 100; i++)); do redis_answers && break; sleep 0.1; done
      redis_answers || { tail -n 20 "$REDIS_DIR/redis.log" >&2 2>/dev/null || true; die "redis: started but $REDIS_HOST:$REDIS_PORT does not answer (log: $REDIS_DIR/redis.log)"; }
      for ((i = 0; i < 50; i++)); do [[ -s $REDIS_PIDFILE ]] && break; sleep 0.1; done
      state_write "$REDIS_STATE" "host=$REDIS_HOST" "port=$REDIS_PORT" "pid=$(cat "$REDIS_PIDFILE" 2>/dev/null || true)"
      how="started $REDIS_HOST:$REDIS_PORT in $(since "$t0") (no persistence, log $(rel "$REDIS_DIR/redis.log"))"
    fi
  fi
  unlock
  say "redis: $how"
}

redis_down() {
  local pid host port
  lock redis
  if [[ -f $REDIS_STATE ]]; then
    host=$(state_get "$REDIS_STATE" host); port=$(state_get "$REDIS_STATE" port)
    if pid=$(redis_ours); then
      stop_pid "$pid" 20 || die "redis: could not stop pid $pid"
      say "redis: stopped $host:$port"
    else
      say "redis: not running (the server infra.sh started was already gone)"
    fi
    rm -f "$REDIS_STATE" "$REDIS_PIDFILE"
  elif command -v redis-cli >/dev/null 2>&1 && redis_answers; then
    say "redis: left running $REDIS_HOST:$REDIS_PORT (not started by infra.sh)"
  else
    say "redis: not running"
  fi
  unlock
}

redis_status() {
  if command -v redis-cli >/dev/null 2>&1 && redis_answers; then
    if redis_ours >/dev/null && [[ $(state_get "$REDIS_STATE" port) == "$REDIS_PORT" ]]; then say "redis: up $REDIS_HOST:$REDIS_PORT (started by infra.sh)"
    else say "redis: up $REDIS_HOST:$REDIS_PORT (not started by infra.sh)"; fi
  else
    say "redis: down $REDIS_HOST:$REDIS_PORT"; return 3
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka (KRaft, one combined broker+controller JVM; jars from Maven Central via deploy/kafka/pom.xml)

# KAFKA_INSTANCE names a second broker of its own (data, logs, pid, lock) beside the development one,
# e.g. the test suites' (scripts/test.sh: KAFKA_INSTANCE=test on ports 19092/19093); the jars are shared.
KAFKA_INSTANCE=${KAFKA_INSTANCE:-}
KAFKA_DIR="$LOCAL/kafka${KAFKA_INSTANCE:+-$KAFKA_INSTANCE}"
KAFKA_LOCK="kafka${KAFKA_INSTANCE:+-$KAFKA_INSTANCE}"
KAFKA_LIBS="$LOCAL/kafka/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_TOOL="$SCRIPT_DIR/kafka/topics.js"
export KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT"

kafka_need_node() {
  command -v node >/dev/null 2>&1 || die "kafka: node is needed for the broker checks (Node 20.19+, the project's runtime)"
  [[ -f $ROOT/node_modules/kafkajs/package.json ]] || die "kafka: kafkajs is missing: run 'npm ci' in $ROOT first"
}

kafka_answers() { node "$KAFKA_TOOL" ping >/dev/null 2>&1; }
kafka_ours() { pid_alive "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }

java_major() { java -version 2>&1 | sed -n -E '1s/.*version "([0-9]+)(\.[^"]*)?".*/\1/p'; }

kafka_need_java() {
  local major
  major=
  if command -v java >/dev/null 2>&1; then major=$(java_major || true); fi
  [[ -n $major && $major -ge 17 ]] && return 0
  can_apt || die "kafka: Java 17+ is needed${major:+ (found Java $major)}. Install it (as root): apt-get update && apt-get install -y openjdk-17-jre-headless maven"
  note "kafka: Java 17+ not found${major:+ (found Java $major)}: installing openjdk-17-jre-headless"
  apt_install openjdk-17-jre-headless
  major=$(java_major || true)
  [[ -n $major && $major -ge 17 ]] || die "kafka: installed openjdk-17-jre-headless but 'java' is still Java ${major:-?}: select it with update-alternatives --config java"
}

kafka_need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  can_apt || die "kafka: Maven is needed once to fetch the broker jars. Install it (as root): apt-get update && apt-get install -y openjdk-17-jre-headless maven"
  note "kafka: Maven not found: installing maven"
  apt_install maven
}

kafka_fetch_libs() {
  local sum log="$LOCAL/kafka/maven.log" t0
  sum=$(sha256sum "$SCRIPT_DIR/kafka/pom.xml" | cut -d' ' -f1)
  if [[ -f $KAFKA_LIBS/.pom.sha256 && $(<"$KAFKA_LIBS/.pom.sha256") == "$sum" ]] && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  kafka_need_maven
  mkdir -p "$LOCAL/kafka"
  t0=$(now_us)
  note "kafka: fetching the broker jars (deploy/kafka/pom.xml) with Maven into $(rel "$KAFKA_LIBS")"
  rm -rf "$KAFKA_LIBS.tmp"
  # shellcheck disable=SC2086  # KAFKA_MVN_OPTS holds several options
  mvn -B -ntp -f "$SCRIPT_DIR/kafka/pom.xml" $KAFKA_MVN_OPTS "$MAVEN_DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp" >"$log" 2>&1 9>&- \
    || { grep -E 'ERROR|BUILD' "$log" | tail -n 20 >&2; die "kafka: Maven could not fetch the jars (log: $log)"; }
  compgen -G "$KAFKA_LIBS.tmp/kafka_2.13-*.jar" >/dev/null || die "kafka: Maven ran but no kafka_2.13 jar arrived (log: $log)"
  printf '%s\n' "$sum" >"$KAFKA_LIBS.tmp/.pom.sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  note "kafka: jars fetched in $(since "$t0")"
}

kafka_render_props() {
  sed -e "s|@KAFKA_HOST@|$KAFKA_HOST|g" -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA|g" \
      "$SCRIPT_DIR/kafka/server.properties" >"$KAFKA_PROPS.tmp"
  mv "$KAFKA_PROPS.tmp" "$KAFKA_PROPS"
}

# java with the broker's classpath and settings; the *_OPTS variables hold several options each.
# shellcheck disable=SC2206
KAFKA_JAVA=(java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError
  "-Dkafka.logs.dir=$KAFKA_LOGS" "-Dlog4j2.configurationFile=$SCRIPT_DIR/kafka/log4j2.xml"
  -cp "$KAFKA_LIBS/*")
kafka_java() { "${KAFKA_JAVA[@]}" "$@"; }

kafka_format() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  local cid="$KAFKA_DIR/cluster.id" id
  if [[ ! -s $cid ]]; then
    # A cluster id is 16 random bytes in URL-safe base64 (what `StorageTool random-uuid` prints);
    # one starting with '-' would read as an option.
    id=-
    while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); done
    printf '%s\n' "$id" >"$cid"
  fi
  note "kafka: formatting storage $(rel "$KAFKA_DATA") (cluster id $(<"$cid"))"
  kafka_java kafka.tools.StorageTool format -t "$(<"$cid")" -c "$KAFKA_PROPS" --ignore-formatted \
    >"$KAFKA_LOGS/format.log" 2>&1 9>&- \
    || { tail -n 20 "$KAFKA_LOGS/format.log" >&2; die "kafka: formatting the storage failed (log: $KAFKA_LOGS/format.log)"; }
}

kafka_log_tail() {
  {
    printf -- '--- %s (last lines)\n' "$KAFKA_LOGS/server.log"; tail -n 30 "$KAFKA_LOGS/server.log" 2>/dev/null || true
    printf -- '--- %s (last lines)\n' "$KAFKA_LOGS/kafka.out"; tail -n 15 "$KAFKA_LOGS/kafka.out" 2>/dev/null || true
  } >&2
}

# Wait until the broker answers a metadata call, then create the topics; prints what ensure said.
kafka_wait_and_topics() {
  local pid=$1 out rc=0
  out=$(node "$KAFKA_TOOL" wait --timeout "$KAFKA_WAIT_S" --pid "$pid" ensure 2>&1) || rc=$?
  if [[ $rc -ne 0 ]]; then
    printf '%s\n' "$out" >&2
    return "$rc"
  fi
  printf '%s' "$out"
}

kafka_start() {
  local pid i
  port_open "$KAFKA_HOST" "$KAFKA_PORT" && die "kafka: $KAFKA_HOST:$KAFKA_PORT is taken by something that does not answer as a Kafka broker"
  port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT" && die "kafka: controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is already taken"
  kafka_need_java
  mkdir -p "$KAFKA_DIR" "$KAFKA_DATA" "$KAFKA_LOGS"
  kafka_fetch_libs
  kafka_render_props
  kafka_format
  rm -f "$KAFKA_PIDFILE"
  printf '=== %s starting kafka.Kafka %s\n' "$(date -Is)" "$KAFKA_PROPS" >>"$KAFKA_LOGS/kafka.out"
  # Own session (setsid) and SIGHUP ignored (nohup): it outlives the shell that started it.
  # The inner shell writes its pid, then becomes the JVM (exec), so the pid file names the JVM.
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  setsid nohup bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' infra-kafka "$KAFKA_PIDFILE" \
    "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_PROPS" </dev/null >>"$KAFKA_LOGS/kafka.out" 2>&1 9>&- &
  for ((i = 0; i < 50; i++)); do pid=$(kafka_ours) && break; sleep 0.1; done
  [[ -n ${pid:-} ]] || { kafka_log_tail; die "kafka: the JVM did not start"; }
  printf '%s' "$pid"
}

kafka_up() {
  local t0 how pid out rc
  t0=$(now_us)
  kafka_need_node
  lock "$KAFKA_LOCK"
  if pid=$(kafka_ours); then
    how="reused $KAFKA_BROKERS (started earlier by infra.sh, pid $pid)"
    if ! kafka_answers; then
      note "kafka: pid $pid (started by infra.sh) is not answering yet: waiting up to ${KAFKA_WAIT_S}s"
    fi
    out=$(kafka_wait_and_topics "$pid") || { kafka_log_tail; die "kafka: pid $pid (started by infra.sh) does not answer on $KAFKA_BROKERS; 'infra.sh restart kafka' restarts it"; }
  elif kafka_answers; then
    how="reused $KAFKA_BROKERS (already running, not started by infra.sh)"
    out=$(node "$KAFKA_TOOL" ensure 2>&1) || { printf '%s\n' "$out" >&2; die "kafka: could not create the topics"; }
  else
    pid=$(kafka_start)
    rc=0
    out=$(kafka_wait_and_topics "$pid") || rc=$?
    if [[ $rc -ne 0 ]]; then
      kafka_log_tail
      if [[ $rc -eq 4 ]] && pid=$(kafka_ours); then
        stop_pid "$pid" 20 || true
        rm -f "$KAFKA_PIDFILE"
        die "kafka: no answer from $KAFKA_BROKERS within ${KAFKA_WAIT_S}s; stopped it again (logs: $KAFKA_LOGS)"
      fi
      rm -f "$KAFKA_PIDFILE"
      die "kafka: the broker did not come up (logs: $KAFKA_LOGS)"
    fi
    how="started $KAFKA_BROKERS in $(since "$t0") (pid $pid, data $(rel "$KAFKA_DATA"), logs $(rel "$KAFKA_LOGS"))"
  fi
  unlock
  say "kafka: $how${out:+; $out}"
}

kafka_down() {
  local t0 pid i
  t0=$(now_us)
  lock "$KAFKA_LOCK"
  if pid=$(kafka_ours); then
    stop_pid "$pid" 30 || die "kafka: could not stop pid $pid"
    for ((i = 0; i < 150; i++)); do port_open "$KAFKA_HOST" "$KAFKA_PORT" || break; sleep 0.1; done
    port_open "$KAFKA_HOST" "$KAFKA_PORT" && die "kafka: pid $pid is gone but $KAFKA_BROKERS still accepts connections"
    rm -f "$KAFKA_PIDFILE"
    say "kafka: stopped $KAFKA_BROKERS in $(since "$t0") (data kept in $(rel "$KAFKA_DATA"))"
  else
    rm -f "$KAFKA_PIDFILE"
    if command -v node >/dev/null 2>&1 && [[ -f $ROOT/node_modules/kafkajs/package.json ]] && kafka_answers; then
      say "kafka: left running $KAFKA_BROKERS (not started by infra.sh)"
    else
      say "kafka: not running"
    fi
  fi
  unlock
}

kafka_status() {
  local pid
  kafka_need_node
  if kafka_answers; then
    if pid=$(kafka_ours); then say "kafka: up $KAFKA_BROKERS (started by infra.sh, pid $pid)"
    else say "kafka: up $KAFKA_BROKERS (not started by infra.sh)"; fi
  elif pid=$(kafka_ours); then
    say "kafka: starting or stuck: pid $pid (started by infra.sh) does not answer on $KAFKA_BROKERS yet"; return 3
  else
    say "kafka: down $KAFKA_BROKERS"; return 3
  fi
}

# ---------------------------------------------------------------------------------------------

usage() {
  cat >&2 <<'EOF'
usage: bash deploy/infra.sh up|start|down|stop|restart|status [postgres|redis|kafka ...]
       bash deploy/infra.sh kafka-jars
  no service name = all three; see deploy/README.md
EOF
  exit 2
}

main() {
  [[ $# -ge 1 ]] || usage
  local action=$1 s; shift
  local -a services=() order=()
  for s in "$@"; do
    case $s in
      postgres | postgresql | pg) services+=(postgres) ;;
      redis) services+=(redis) ;;
      kafka) services+=(kafka) ;;
      *) printf 'infra.sh: unknown service %s\n' "$s" >&2; usage ;;
    esac
  done
  [[ ${#services[@]} -gt 0 ]] || services=(postgres redis kafka)
  # Start in dependency order, stop in reverse, whatever order the names came in.
  for s in postgres redis kafka; do [[ " ${services[*]} " == *" $s "* ]] && order+=("$s"); done

  case $action in
    up | start) for s in "${order[@]}"; do "${s/postgres/pg}_up"; done ;;
    down | stop) for ((i = ${#order[@]} - 1; i >= 0; i--)); do "${order[i]/postgres/pg}_down"; done ;;
    restart)
      for ((i = ${#order[@]} - 1; i >= 0; i--)); do "${order[i]/postgres/pg}_down"; done
      for s in "${order[@]}"; do "${s/postgres/pg}_up"; done ;;
    status)
      local rc=0
      for s in "${order[@]}"; do "${s/postgres/pg}_status" || rc=3; done
      return "$rc" ;;
    kafka-jars)
      # For brokers started by other scripts from the same jars (scripts/test-cluster.sh).
      kafka_need_java
      kafka_fetch_libs
      say "$KAFKA_LIBS" ;;
    -h | --help | help) usage ;;
    *) printf 'infra.sh: unknown action %s\n' "$action" >&2; usage ;;
  esac
}

main "$@"
