#!/usr/bin/env bash
# Runs the whole blog image platform on this machine, in prod mode, without Docker:
#   PostgreSQL 17 and S3Proxy (data under .data/, kept across runs), then auth, image and the gateway.
# Builds what is missing or stale first. Ctrl-C (or SIGTERM) stops everything it started, by PID.
#
# Environment (defaults in brackets):
#   GATEWAY_PORT [8081]  AUTH_PORT [8082]  IMAGE_PORT [8083]  PG_PORT [15432]  S3_PORT [19000]
#   GATEWAY_MANAGEMENT_PORT [9081]  AUTH_MANAGEMENT_PORT [9082]  IMAGE_MANAGEMENT_PORT [9083]
#                           health, metrics and OpenAPI of each service (/q/...), always on loopback
#   BIND_HOST [127.0.0.1]   the interface the gateway listens on (the services always use loopback)
#   DATA_DIR [.data]        PostgreSQL cluster, S3 objects, signing keys, logs
#   AUTH_BOOTSTRAP_ADMIN_USERNAME [admin]  AUTH_BOOTSTRAP_ADMIN_PASSWORD [change-me-admin-password]
#   SERVICE_JAVA_OPTS [-Xmx512m -XX:+UseSerialGC]   READY_TIMEOUT [120] seconds per service
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

GATEWAY_PORT=${GATEWAY_PORT:-8081}
AUTH_PORT=${AUTH_PORT:-8082}
IMAGE_PORT=${IMAGE_PORT:-8083}
GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-9081}
AUTH_MANAGEMENT_PORT=${AUTH_MANAGEMENT_PORT:-9082}
IMAGE_MANAGEMENT_PORT=${IMAGE_MANAGEMENT_PORT:-9083}
PG_PORT=${PG_PORT:-15432}
S3_PORT=${S3_PORT:-19000}
BIND_HOST=${BIND_HOST:-127.0.0.1}
DATA_DIR=$(mkdir -p "${DATA_DIR:-$ROOT/.data}" && cd "${DATA_DIR:-$ROOT/.data}" && pwd)
READY_TIMEOUT=${READY_TIMEOUT:-120}
read -r -a JAVA_OPTS <<< "${SERVICE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}"
export AUTH_BOOTSTRAP_ADMIN_USERNAME=${AUTH_BOOTSTRAP_ADMIN_USERNAME:-admin}
export AUTH_BOOTSTRAP_ADMIN_PASSWORD=${AUTH_BOOTSTRAP_ADMIN_PASSWORD:-change-me-admin-password}

S3_BUCKET=blog-images
S3_ACCESS_KEY=local-access-key
S3_SECRET_KEY=local-secret-key
LOG_DIR=$DATA_DIR/logs
mkdir -p "$LOG_DIR"

say() { printf '[run] %s\n' "$*"; }
fail() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }

# --- JDK -------------------------------------------------------------------------------------------------
# shellcheck source=.mvn/select-jdk.sh
source "$ROOT/.mvn/select-jdk.sh"
select_jdk || fail "a JDK 21 or newer is needed to build and run the services"
say "using the JDK in $JAVA_HOME"

# --- ports must be free ----------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for spec in "GATEWAY_PORT:$GATEWAY_PORT" "AUTH_PORT:$AUTH_PORT" "IMAGE_PORT:$IMAGE_PORT" "PG_PORT:$PG_PORT" "S3_PORT:$S3_PORT" \
            "GATEWAY_MANAGEMENT_PORT:$GATEWAY_MANAGEMENT_PORT" "AUTH_MANAGEMENT_PORT:$AUTH_MANAGEMENT_PORT" \
            "IMAGE_MANAGEMENT_PORT:$IMAGE_MANAGEMENT_PORT"; do
  if port_in_use "${spec#*:}"; then
    fail "port ${spec#*:} is in use: stop what holds it or choose another with ${spec%%:*}=..."
  fi
done

# --- build what is missing or stale ----------------------------------------------------------------------
declare -A ARTIFACT=(
  [test-support]=test-support/target/lib
  [auth-quarkus]=auth-quarkus/target/quarkus-app/quarkus-run.jar
  [image-quarkus]=image-quarkus/target/quarkus-app/quarkus-run.jar
  [gateway-quarkus]=gateway-quarkus/target/quarkus-app/quarkus-run.jar
)
stale=()
for module in test-support auth-quarkus image-quarkus gateway-quarkus; do
  artifact=${ARTIFACT[$module]}
  if [ ! -e "$artifact" ] || [ -n "$(find "$module/src" "$module/pom.xml" pom.xml -newer "$artifact" -print -quit)" ]; then
    stale+=("$module")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  say "building ${stale[*]} (tests skipped; ./mvnw verify runs them)"
  modules=$(IFS=,; echo "${stale[*]}")
  ./mvnw -B -q -DskipTests -DskipITs package -pl "$modules" -am \
    || fail "the build failed (see the output above)"
  for module in "${stale[@]}"; do touch "${ARTIFACT[$module]}"; done
fi

# --- process bookkeeping: everything started is stopped on exit ------------------------------------------
PIDS=()   # in start order; stopped in reverse
NAMES=()
stopping=false
stop_all() {
  $stopping && return
  stopping=true
  trap - INT TERM
  say "stopping..."
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[$i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[$i]} (pid $pid) did not stop in 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  # PostgreSQL runs detached from its launcher: make sure it went down with it.
  local pg_pid
  pg_pid=$(head -n 1 "$DATA_DIR/postgres/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -TERM "$pg_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  say "stopped; data kept in $DATA_DIR"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start() { # name logfile command...
  local name=$1 log=$2
  shift 2
  "$@" > "$log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
  say "$name started (pid $!, log $log)"
}

died() { # name pid log
  printf '[run] ERROR: %s (pid %s) exited; the end of %s:\n' "$1" "$2" "$3" >&2
  tail -n 40 "$3" >&2
  exit 1
}

# HTTP status of a GET on 127.0.0.1 without curl (a fresh machine may not have it).
http_status() { # port path
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  read -r -t 5 _ status _ <&3 || status=""
  exec 3>&- 3<&-
  echo "${status:-0}"
}

await_ready() { # name management-port path log
  local name=$1 port=$2 path=$3 pid=${PIDS[-1]} log=$4 started=$SECONDS
  while [ $((SECONDS - started)) -lt "$READY_TIMEOUT" ]; do
    kill -0 "$pid" 2>/dev/null || died "$name" "$pid" "$log"
    if [ "$(http_status "$port" "$path" 2>/dev/null || true)" = 200 ]; then
      say "$name ready after $((SECONDS - started)) s (http://127.0.0.1:$port$path)"
      return
    fi
    sleep 0.5
  done
  fail "$name not ready after $READY_TIMEOUT s (log: $log)"
}

# --- backing services ------------------------------------------------------------------------------------
rm -f "$DATA_DIR/backends.ready"
start backends "$LOG_DIR/backends.log" env DATA_DIR="$DATA_DIR" PG_PORT="$PG_PORT" S3_PORT="$S3_PORT" \
  S3_BUCKET="$S3_BUCKET" S3_ACCESS_KEY="$S3_ACCESS_KEY" S3_SECRET_KEY="$S3_SECRET_KEY" \
  "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC \
  -cp "test-support/target/classes:test-support/target/lib/*" io.blogimages.testsupport.LocalBackends
started=$SECONDS
until [ -f "$DATA_DIR/backends.ready" ]; do
  kill -0 "${PIDS[-1]}" 2>/dev/null || died backends "${PIDS[-1]}" "$LOG_DIR/backends.log"
  [ $((SECONDS - started)) -lt "$READY_TIMEOUT" ] || fail "PostgreSQL/S3Proxy not ready after $READY_TIMEOUT s (log: $LOG_DIR/backends.log)"
  sleep 0.5
done
say "PostgreSQL (port $PG_PORT) and S3Proxy (port $S3_PORT) ready after $((SECONDS - started)) s"

# --- services, in prod mode ------------------------------------------------------------------------------
JDBC=jdbc:postgresql://127.0.0.1:$PG_PORT
DB_ENV=(QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres)
# Every service: text logs (JSON is the prod default), health, metrics and OpenAPI on its management port, on loopback
SERVICE_ENV=(QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_MANAGEMENT_HOST=127.0.0.1)

# The signing key pair is generated on the first run and kept under .data/keys (in production: a Secret).
start auth "$LOG_DIR/auth.log" env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$AUTH_PORT" "${SERVICE_ENV[@]}" QUARKUS_MANAGEMENT_PORT="$AUTH_MANAGEMENT_PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC/auth" "${DB_ENV[@]}" \
  AUTH_SIGNING_KEY_LOCATION="$DATA_DIR/keys/auth-signing.pem" AUTH_SIGNING_GENERATE_IF_MISSING=true \
  "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -jar auth-quarkus/target/quarkus-app/quarkus-run.jar
await_ready auth "$AUTH_MANAGEMENT_PORT" /q/health/ready "$LOG_DIR/auth.log"

start image "$LOG_DIR/image.log" env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$IMAGE_PORT" "${SERVICE_ENV[@]}" QUARKUS_MANAGEMENT_PORT="$IMAGE_MANAGEMENT_PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="$JDBC/image" "${DB_ENV[@]}" \
  IMAGE_STORAGE_BUCKET="$S3_BUCKET" QUARKUS_S3_ENDPOINT_OVERRIDE="http://127.0.0.1:$S3_PORT" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="http://127.0.0.1:$AUTH_PORT/api/auth/jwks" \
  QUARKUS_S3_PATH_STYLE_ACCESS=true QUARKUS_S3_AWS_CREDENTIALS_TYPE=static \
  QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID="$S3_ACCESS_KEY" \
  QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY="$S3_SECRET_KEY" \
  "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -jar image-quarkus/target/quarkus-app/quarkus-run.jar
await_ready image "$IMAGE_MANAGEMENT_PORT" /q/health/ready "$LOG_DIR/image.log"

start gateway "$LOG_DIR/gateway.log" env QUARKUS_HTTP_HOST="$BIND_HOST" QUARKUS_HTTP_PORT="$GATEWAY_PORT" "${SERVICE_ENV[@]}" QUARKUS_MANAGEMENT_PORT="$GATEWAY_MANAGEMENT_PORT" \
  GATEWAY_ROUTES_AUTH_INSTANCES="http://127.0.0.1:$AUTH_PORT" GATEWAY_ROUTES_IMAGE_INSTANCES="http://127.0.0.1:$IMAGE_PORT" \
  GATEWAY_AUTH_JWKS_URL="http://127.0.0.1:$AUTH_PORT/api/auth/jwks" \
  "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -jar gateway-quarkus/target/quarkus-app/quarkus-run.jar
await_ready gateway "$GATEWAY_MANAGEMENT_PORT" /q/health/ready "$LOG_DIR/gateway.log"

cat <<EOF

  Blog images is running.
    Admin UI   http://localhost:$GATEWAY_PORT/
    Log in as  $AUTH_BOOTSTRAP_ADMIN_USERNAME / $AUTH_BOOTSTRAP_ADMIN_PASSWORD   (AUTH_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD)
    API        http://localhost:$GATEWAY_PORT/api/...   (auth :$AUTH_PORT, image :$IMAGE_PORT, loopback only)
    Health     http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/health   (gateway; auth :$AUTH_MANAGEMENT_PORT, image :$IMAGE_MANAGEMENT_PORT; loopback only)
    Metrics    http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/metrics  and OpenAPI at /q/openapi, on the same management ports
    Logs       $LOG_DIR/
  Press Ctrl-C to stop everything.

EOF

# Run until Ctrl-C, or until one of the processes dies (then stop the rest).
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      died "${NAMES[$i]}" "${PIDS[$i]}" "$LOG_DIR/${NAMES[$i]}.log"
    fi
  done
  sleep 1
done
