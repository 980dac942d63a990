#!/usr/bin/env bash
# A separate single-node Kafka broker (KRaft) whose client listener requires SASL/SCRAM-SHA-512, and, given
# a keystore, TLS listeners too: what the integration tests use to exercise KAFKA_SASL_*, KAFKA_SSL and
# KAFKA_SSL_CA_FILE (libs/platform/src/kafka-sasl.int.spec.ts).
#
#   bash deploy/kafka/sasl-broker.sh start   # format (SCRAM user created at format time) and start; prints the pid
#   bash deploy/kafka/sasl-broker.sh stop
#
# Listeners: SASL_PLAINTEXT on KAFKA_SASL_PORT (clients), PLAINTEXT on KAFKA_SASL_INTERNAL_PORT (inter-broker),
# CONTROLLER on KAFKA_SASL_CONTROLLER_PORT (defaults 5291, 5292, 5293). The SCRAM user is KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD.
# With KAFKA_TLS_KEYSTORE (a PKCS12 file holding the broker's key and certificate chain; its password in
# KAFKA_TLS_KEYSTORE_PASSWORD) two more client listeners: SSL on KAFKA_TLS_PORT (TLS, no authentication)
# and SASL_SSL on KAFKA_SASL_TLS_PORT (TLS + SCRAM-SHA-512); defaults the SASL port + 3 and + 4.
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
TLS_PORT=${KAFKA_TLS_PORT:-$((SASL_PORT + 3))}
SASL_TLS_PORT=${KAFKA_SASL_TLS_PORT:-$((SASL_PORT + 4))}
KEYSTORE=${KAFKA_TLS_KEYSTORE:-}
KEYSTORE_PASSWORD=${KAFKA_TLS_KEYSTORE_PASSWORD:-}
PIDFILE="$DIR/kafka.pid"

die() { printf 'sasl-broker: %s\n' "$*" >&2; exit 1; }

# shellcheck disable=SC2206  # the heap and JVM options hold several words
JAVA=(java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx384m} ${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Djava.awt.headless=true
  "-Dkafka.logs.dir=$DIR/logs" "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.xml" -cp "$KAFKA_LIBS/*")

start() {
  command -v java >/dev/null 2>&1 || die "java is not on PATH (deploy/infra.sh installs it with the development broker)"
  compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null || die "no Kafka jars in $KAFKA_LIBS: run 'bash deploy/infra.sh up kafka' once (or set KAFKA_LIBS)"
  if [[ -n $KEYSTORE ]]; then
    [[ -r $KEYSTORE ]] || die "KAFKA_TLS_KEYSTORE: cannot read $KEYSTORE"
    [[ -n $KEYSTORE_PASSWORD ]] || die "KAFKA_TLS_KEYSTORE is set without KAFKA_TLS_KEYSTORE_PASSWORD"
  fi
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
  if [[ -n $KEYSTORE ]]; then
    cat >>"$DIR/server.properties" <<PROPS

# --- sasl-broker.sh: TLS listeners (KAFKA_TLS_KEYSTORE): SSL without and SASL_SSL with SCRAM-SHA-512.
listeners=PLAINTEXT://$HOST:$INTERNAL_PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT,SSL://$HOST:$TLS_PORT,SASL_SSL://$HOST:$SASL_TLS_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$INTERNAL_PORT,SASL_PLAINTEXT://$HOST:$SASL_PORT,SSL://$HOST:$TLS_PORT,SASL_SSL://$HOST:$SASL_TLS_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$KEYSTORE
ssl.keystore.password=$KEYSTORE_PASSWORD
ssl.key.password=$KEYSTORE_PASSWORD
ssl.client.auth=none
PROPS
  fi
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
