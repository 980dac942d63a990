#!/usr/bin/env bash
# A separate single-node Kafka broker (KRaft) whose client listener requires SASL/SCRAM-SHA-512:
# what the integration tests use to exercise KAFKA_SASL_* (libs/platform/src/kafka-sasl.int.spec.ts).
#
#   bash deploy/kafka/sasl-broker.sh start   # format (SCRAM user created at format time) and start; prints the pid
#   bash deploy/kafka/sasl-broker.sh stop
#
# Listeners: SASL_PLAINTEXT on KAFKA_SASL_PORT (clients), PLAINTEXT on KAFKA_SASL_INTERNAL_PORT (inter-broker),
# CONTROLLER on KAFKA_SASL_CONTROLLER_PORT (defaults 5291, 5292, 5293). The SCRAM user is KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD.
# Jars: those deploy/infra.sh fetched ($BUDGET_LOCAL_DIR/kafka/libs, or KAFKA_LIBS). Data, logs and pid
# in KAFKA_SASL_DIR (default $BUDGET_LOCAL_DIR/kafka-sasl), wiped on every start: a throwaway broker.
# The pid file names the JVM. Does not wait for the broker: the caller polls it (it answers in ~10-20 s on a small machine).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
LOCAL=${BUDGET_LOCAL_DIR:-$ROOT/.local}
KAFKA_LIBS=${KAFKA_LIBS:-$LOCAL/kafka/libs}
DIR=${KAFKA_SASL_DIR:-$LOCAL/kafka-sasl}
HOST=${KAFKA_HOST:-127.0.0.1}
SASL_PORT=${KAFKA_SASL_PORT:-5291}
INTERNAL_PORT=${KAFKA_SASL_INTERNAL_PORT:-5292}
CONTROLLER_PORT=${KAFKA_SASL_CONTROLLER_PORT:-5293}
USERNAME=${KAFKA_SASL_USERNAME:-budget}
PASSWORD=${KAFKA_SASL_PASSWORD:-budget-sasl-test-password}
PIDFILE="$DIR/kafka.pid"

die() { printf 'sasl-broker: %s\n' "$*" >&2; exit 1; }

# shellcheck disable=SC2206  # the heap and JVM options hold several words
JAVA=(java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx384m} ${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Djava.awt.headless=true
  "-Dkafka.logs.dir=$DIR/logs" "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.xml" -cp "$KAFKA_LIBS/*")

start() {
  command -v java >/dev/null 2>&1 || die "java is not on PATH (deploy/infra.sh installs it with the development broker)"
  compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null || die "no Kafka jars in $KAFKA_LIBS: run 'bash deploy/infra.sh up kafka' once (or set KAFKA_LIBS)"
  [[ -f $PIDFILE ]] && kill -0 "$(<"$PIDFILE")" 2>/dev/null && die "already running (pid $(<"$PIDFILE")); stop it first"
  rm -rf "$DIR"
  mkdir -p "$DIR/data" "$DIR/logs"
  # The development template, then the SASL listener settings (a later key wins in a .properties file).
  sed -e "s|@KAFKA_HOST@|$HOST|g" -e "s|@KAFKA_PORT@|$INTERNAL_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@KAFKA_DATA_DIR@|$DIR/data|g" \
      "$SCRIPT_DIR/server.properties" >"$DIR/server.properties"
  cat >>"$DIR/server.properties" <<PROPS

# --- sasl-broker.sh: clients must authenticate with SCRAM-SHA-512 on the SASL_PLAINTEXT listener.
listeners=PLAINTEXT://$HOST:$INTERNAL_PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$INTERNAL_PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
auto.create.topics.enable=true
PROPS
  local id=-
  while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); done
  "${JAVA[@]}" kafka.tools.StorageTool format -t "$id" -c "$DIR/server.properties" \
    --add-scram "SCRAM-SHA-512=[name=$USERNAME,password=$PASSWORD]" >"$DIR/logs/format.log" 2>&1 \
    || { tail -n 20 "$DIR/logs/format.log" >&2; die "formatting failed (log: $DIR/logs/format.log)"; }
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
  setsid nohup bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' sasl-broker "$PIDFILE" \
    "${JAVA[@]}" kafka.Kafka "$DIR/server.properties" \
    </dev/null >>"$DIR/logs/kafka.out" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $PIDFILE ]] && break; sleep 0.1; done
  [[ -s $PIDFILE ]] || die "the JVM did not start (log: $DIR/logs/kafka.out)"
  cat "$PIDFILE"
}

stop() {
  [[ -f $PIDFILE ]] || return 0
  local pid i
  pid=$(<"$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
