#!/usr/bin/env bash
# Benchmarks of the blog image platform, every comparison made in the same run (see bench/README.md):
#   1. gateway overhead (small image GET and authenticated GET: direct, through the gateway, through nginx)
#   2. upload streaming (20 MiB and a large file: gateway -> image -> S3Proxy versus a direct S3 PUT; RSS)
#   3. download (a hot thumbnail: gateway cache, image service, nginx serving the same file from disk)
#   4. start-up (time to ready and RSS at ready per service, JVM)
#   5. login (logins/s directly and through the gateway versus the raw bcrypt rate at the same concurrency)
# Starts the whole stack on loopback with ./run.sh (its own ports and a temporary data directory), runs each
# scenario BENCH_RUNS times (variants interleaved, after one warm-up each), prints a Markdown table of medians
# and writes it to bench/results/<date>-<cores>cores.md. Stops everything it started, by PID, on exit.
#
# Needs a build first: ./mvnw -B -ntp package -DskipTests -pl test-support,auth-quarkus,image-quarkus,gateway-quarkus
# and the Debian packages wrk, nginx-light and curl (>= 7.75, for --aws-sigv4).
#
# Environment (defaults in brackets):
#   BENCH_RUNS [3]  BENCH_DURATION [10] s per wrk run  BENCH_WARMUP [5] s  BENCH_CONNECTIONS [16]
#   BENCH_WRK_THREADS [2]  BENCH_LOGIN_CLIENTS [4]  BENCH_LARGE_MIB [500]  BENCH_PORT_BASE [18080] (uses +1..+7 and +11..+15)
#   BENCH_PG_PORT [25432]  BENCH_S3_PORT [29000]  SERVICE_JAVA_OPTS [-Xmx512m -XX:+UseSerialGC]
#   BENCH_OUT_DIR [bench/results]  BENCH_KEEP [0]: 1 keeps the temporary directory (logs, data) afterwards
#   BENCH_SCENARIOS [1 2 3 4 5]: the scenarios to run; a run of only some writes <date>-<cores>cores-partial.md
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH=$ROOT/bench

RUNS=${BENCH_RUNS:-3}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
LOGIN_CLIENTS=${BENCH_LOGIN_CLIENTS:-4}
LARGE_MIB=${BENCH_LARGE_MIB:-500}
SMALL_MIB=20
PORT_BASE=${BENCH_PORT_BASE:-18080}
GATEWAY_PORT=$((PORT_BASE + 1)) AUTH_PORT=$((PORT_BASE + 2)) IMAGE_PORT=$((PORT_BASE + 3))
NGINX_PORT=$((PORT_BASE + 4)) SPARE_PORT=$((PORT_BASE + 5))
# management interfaces (health, metrics): 18091-18093 for the stack, 18095 for the start-up instances
GATEWAY_MANAGEMENT_PORT=$((PORT_BASE + 11)) AUTH_MANAGEMENT_PORT=$((PORT_BASE + 12)) IMAGE_MANAGEMENT_PORT=$((PORT_BASE + 13))
SPARE_MANAGEMENT_PORT=$((PORT_BASE + 15))
PG_PORT=${BENCH_PG_PORT:-25432}
S3_PORT=${BENCH_S3_PORT:-29000}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}
read -r -a JAVA_OPTS <<< "$SERVICE_JAVA_OPTS"
OUT_DIR=${BENCH_OUT_DIR:-$BENCH/results}
SCENARIOS=" ${BENCH_SCENARIOS:-1 2 3 4 5} "
want() { [[ $SCENARIOS == *" $1 "* ]]; }
# run.sh's S3Proxy identity and bucket (local only)
S3_BUCKET=blog-images S3_ACCESS_KEY=local-access-key S3_SECRET_KEY=local-secret-key
ADMIN=bench-admin
ADMIN_PASSWORD=bench-admin-password-0123

say() { printf '[bench] %s\n' "$*" >&2; }
fail() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# --- prerequisites ---------------------------------------------------------------------------------------
# shellcheck source=../.mvn/select-jdk.sh
source "$ROOT/.mvn/select-jdk.sh"
select_jdk || fail "a JDK 21 or newer is needed"
JAVA=$JAVA_HOME/bin/java
for tool in wrk curl awk; do command -v "$tool" > /dev/null || fail "$tool is missing (apt-get install $tool)"; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || fail "nginx is missing (apt-get install nginx-light)"
for jar in auth-quarkus image-quarkus gateway-quarkus; do
  [ -f "$jar/target/quarkus-app/quarkus-run.jar" ] || fail "$jar is not built: ./mvnw -B package -DskipTests -pl test-support,auth-quarkus,image-quarkus,gateway-quarkus"
done
[ -d test-support/target/lib ] || fail "test-support is not built (see above)"

WORK=$(mktemp -d /tmp/blog-images-bench.XXXXXX)
chmod 755 "$WORK" # nginx's workers (user nobody) read the static file below it
SAMPLES=$WORK/samples.tsv
: > "$SAMPLES"

# --- process bookkeeping: what is started here is stopped here, by PID ----------------------------------
RUN_PID="" NGINX_PID="" EXTRA_PID=""
stop_pid() { # pid [seconds]
  local pid=$1 wait_for=${2:-30}
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || return 0
  for _ in $(seq 1 $((wait_for * 10))); do kill -0 "$pid" 2> /dev/null || return 0; sleep 0.1; done
  say "pid $pid did not stop in $wait_for s: killing it"
  kill -KILL "$pid" 2> /dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$EXTRA_PID"
  stop_pid "$NGINX_PID"
  # run.sh stops auth, image, the gateway, S3Proxy and PostgreSQL itself (in reverse order) on SIGTERM.
  stop_pid "$RUN_PID" 90
  wait 2> /dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- samples and medians ---------------------------------------------------------------------------------
record() { printf '%s\t%s\n' "$1" "$2" >> "$SAMPLES"; }
values() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$SAMPLES"; }
median() {
  values "$1" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
spread() { values "$1" | sort -g | awk -v f="${2:-%.0f}" 'NR == 1 { min = $1 } { max = $1 } END { if (NR) printf(f "–" f, min, max) }'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v == "nan") print "n/a"; else printf(f, v) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf("%.2f", a / b) }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "nan" && a + 0 >= b + 0) ? "met" : "**missed**" }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "nan" && a + 0 <= b + 0) ? "met" : "**missed**" }'; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
reset_hwm() { echo 5 > "/proc/$1/clear_refs"; } # resets VmHWM to the current RSS (Linux >= 4.0)
mib() { awk -v k="$1" 'BEGIN { printf("%.1f", k / 1024) }'; }

# --- CPU accounting --------------------------------------------------------------------------------------
# Everything shares the same cores, so where the CPU goes explains a ratio better than the ratio itself: each
# measured run records the CPU time (user + system, from /proc) that each process spent in it. "rest" is the
# machine's busy time minus these: the load generator (wrk, curl), PostgreSQL and anything else running.
CLK_TCK=$(getconf CLK_TCK)
CPU_PROCS=(gateway auth image s3proxy nginx)
declare -A CPU_PIDS=()
proc_ticks() { # pid... -> their user + system ticks (all threads; child processes are not included)
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
nginx_pids() { echo "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID" 2> /dev/null); }
cpu_snapshot() { # -> "nanoseconds busy gateway auth image s3proxy nginx" (a clock, then ticks)
  local line name
  line="$(date +%s%N) $(busy_ticks)"
  for name in "${CPU_PROCS[@]}"; do
    if [ "$name" = nginx ]; then
      line+=" $( [ -n "$NGINX_PID" ] && proc_ticks $(nginx_pids) || echo 0)"
    else
      line+=" $(proc_ticks ${CPU_PIDS[$name]:-})"
    fi
  done
  echo "$line"
}
per_unit() { # ticks units scale -> CPU ms per unit * scale
  awk -v t="$1" -v u="$2" -v s="$3" -v hz="$CLK_TCK" 'BEGIN { printf("%.3f", u > 0 ? t * 1000 / hz / u * s : 0) }'
}
cpu_record() { # key before-snapshot units (requests, or MiB) scale -> records key.cpu.<proc> = CPU ms per unit * scale
  # and key.cpu.cores: the machine's busy time over the wall time, in cores (2.0 = both cores busy throughout)
  local key=$1 units=$3 scale=$4 i=2 ours=0 delta busy
  read -r -a a <<< "$(cpu_snapshot)"
  read -r -a b <<< "$2"
  for name in "${CPU_PROCS[@]}"; do
    delta=$((a[i] - b[i]))
    ours=$((ours + delta))
    record "$key.cpu.$name" "$(per_unit "$delta" "$units" "$scale")"
    i=$((i + 1))
  done
  busy=$((a[1] - b[1]))
  delta=$((busy - ours))
  [ "$delta" -ge 0 ] || delta=0
  record "$key.cpu.cores" "$(awk -v t="$busy" -v ns="$((a[0] - b[0]))" -v hz="$CLK_TCK" 'BEGIN { printf("%.2f", ns > 0 ? t / hz / (ns / 1e9) : 0) }')"
  record "$key.cpu.rest" "$(per_unit "$delta" "$units" "$scale")"
}

# --- the stack, with the bench's limits ------------------------------------------------------------------
# Limits raised for the bench only: the large upload (file size, pixels of the noise PNG, body size), the rate
# limits (wrk would get 429s within a second) and the image route's response timeout (the large upload is
# answered only once it is stored).
export IMAGE_UPLOAD_MAX_FILE_SIZE=$(((LARGE_MIB + 16) * 1024 * 1024))
export IMAGE_UPLOAD_MAX_PIXELS=1000000000
export QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=$((LARGE_MIB > 900 ? LARGE_MIB + 100 : 1024))M
export GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE=1000000000
export GATEWAY_RATE_LIMIT_GENERAL_PER_MINUTE=1000000000
export GATEWAY_ROUTES_IMAGE_RESPONSE_TIMEOUT=600S
export AUTH_BOOTSTRAP_ADMIN_USERNAME=$ADMIN AUTH_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD
DATA_DIR=$WORK/data

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_START=$SECONDS
say "starting the stack with ./run.sh (ports $GATEWAY_PORT/$AUTH_PORT/$IMAGE_PORT, PostgreSQL $PG_PORT, S3Proxy $S3_PORT, data in $DATA_DIR)"
GATEWAY_PORT=$GATEWAY_PORT AUTH_PORT=$AUTH_PORT IMAGE_PORT=$IMAGE_PORT PG_PORT=$PG_PORT S3_PORT=$S3_PORT \
  GATEWAY_MANAGEMENT_PORT=$GATEWAY_MANAGEMENT_PORT AUTH_MANAGEMENT_PORT=$AUTH_MANAGEMENT_PORT \
  IMAGE_MANAGEMENT_PORT=$IMAGE_MANAGEMENT_PORT DATA_DIR=$DATA_DIR SERVICE_JAVA_OPTS="$SERVICE_JAVA_OPTS" ./run.sh > "$WORK/run.log" 2>&1 &
RUN_PID=$!
until grep -q 'Blog images is running' "$WORK/run.log"; do
  kill -0 "$RUN_PID" 2> /dev/null || { tail -n 40 "$WORK/run.log" >&2; fail "./run.sh exited"; }
  [ $((SECONDS - BENCH_START)) -lt 400 ] || fail "the stack is not ready after 400 s (see $WORK/run.log)"
  sleep 1
done
child_pid() { ps -o pid=,args= --ppid "$RUN_PID" | awk -v jar="$1" 'index($0, jar) { print $1; exit }'; }
AUTH_PID=$(child_pid auth-quarkus/target/quarkus-app/quarkus-run.jar)
IMAGE_PID=$(child_pid image-quarkus/target/quarkus-app/quarkus-run.jar)
GATEWAY_PID=$(child_pid gateway-quarkus/target/quarkus-app/quarkus-run.jar)
[ -n "$AUTH_PID" ] && [ -n "$IMAGE_PID" ] && [ -n "$GATEWAY_PID" ] || fail "cannot find the services' PIDs"
S3PROXY_PID=$(pgrep -f -- "--properties $DATA_DIR" | head -n 1 || true)
[ -n "$S3PROXY_PID" ] || say "S3Proxy's PID not found: its CPU is counted under rest"
CPU_PIDS=([gateway]=$GATEWAY_PID [auth]=$AUTH_PID [image]=$IMAGE_PID [s3proxy]=${S3PROXY_PID:-})
say "stack ready (auth $AUTH_PID, image $IMAGE_PID, gateway $GATEWAY_PID, S3Proxy ${S3PROXY_PID:-?})"

GW=http://127.0.0.1:$GATEWAY_PORT
AUTH=http://127.0.0.1:$AUTH_PORT
IMG=http://127.0.0.1:$IMAGE_PORT
NGX=http://127.0.0.1:$NGINX_PORT
S3=http://127.0.0.1:$S3_PORT

access_token() { # logs the bench admin in at the auth service; access tokens live 15 min, so one per scenario
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\"}" "$AUTH/api/auth/login" \
    | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}
json_key() { sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$1" | head -n 1; }

# --- test files ------------------------------------------------------------------------------------------
say "making test images"
"$JAVA" "$BENCH/MakeImages.java" photo-jpeg "$WORK/small.jpg" 800 533
"$JAVA" "$BENCH/MakeImages.java" noise-png "$WORK/upload-$SMALL_MIB.png" $((SMALL_MIB * 1024 * 1024))
"$JAVA" "$BENCH/MakeImages.java" noise-png "$WORK/upload-$LARGE_MIB.png" $((LARGE_MIB * 1024 * 1024))

TOKEN=$(access_token)
[ -n "$TOKEN" ] || fail "cannot log in as $ADMIN"
curl -fsS -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/small.jpg;type=image/jpeg" \
  -o "$WORK/small.json" "$GW/api/posts/bench-small/images"
SMALL_KEY=$(json_key "$WORK/small.json")
[ -n "$SMALL_KEY" ] || fail "the small image upload failed: $(cat "$WORK/small.json")"
SMALL_BYTES=$(stat -c %s "$WORK/small.jpg")

# --- nginx: a plain reverse proxy to the same backends, and a static file server --------------------------
mkdir -p "$WORK/nginx/static" "$WORK/nginx/tmp"
curl -fsS -o "$WORK/nginx/static/thumbnail.jpg" "$IMG/api/images/$SMALL_KEY/thumbnail"
THUMB_BYTES=$(stat -c %s "$WORK/nginx/static/thumbnail.jpg")
chmod -R a+rX "$WORK/nginx"
sed -e "s#@WORK@#$WORK/nginx#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@AUTH_PORT@#$AUTH_PORT#g" \
  -e "s#@IMAGE_PORT@#$IMAGE_PORT#g" "$BENCH/nginx.conf.template" > "$WORK/nginx/nginx.conf"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' > "$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 50); do curl -fs -o /dev/null "$NGX/static/thumbnail.jpg" && break; sleep 0.1; done
curl -fs -o /dev/null "$NGX/static/thumbnail.jpg" || fail "nginx did not start: $(cat "$WORK/nginx/stdout.log" "$WORK/nginx/error.log" 2> /dev/null)"

# --- wrk -------------------------------------------------------------------------------------------------
# wrk_run KEY URL [wrk args...]: one measured run; refuses any non-2xx answer or socket error, which would
# mean the comparison measured something else (a 429, a 401, a broken connection).
wrk_once() {
  local seconds=$1 connections=$2 url=$3 line
  shift 3
  # --timeout: a login takes seconds under load; wrk's default of 2 s would count it as an error
  line=$(wrk -t"$(( WRK_THREADS < connections ? WRK_THREADS : connections ))" -c"$connections" -d"${seconds}s" --timeout 30s \
    -s "$BENCH/report.lua" "$@" "$url" | grep '^RESULT') || fail "wrk failed on $url"
  case $line in *" non2xx=0 errors=0") ;; *) fail "wrk on $url: $line" ;; esac
  echo "$line"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
wrk_run() { # key connections url [wrk args...]
  local key=$1 line before
  shift
  before=$(cpu_snapshot)
  line=$(wrk_once "$DURATION" "$@")
  cpu_record "$key" "$before" "$(field requests "$line")" 1
  record "$key.rps" "$(field rps "$line")"
  record "$key.p50" "$(field p50_ms "$line")"
  record "$key.p99" "$(field p99_ms "$line")"
  say "  $key: $line"
}
wrk_warm() { wrk_once "$WARMUP" "$@" > /dev/null; }

# === 1. Gateway overhead =================================================================================
if want 1; then
say "1. gateway overhead (small image $SMALL_BYTES B; GET /api/auth/me with a token), ${RUNS}x ${DURATION}s, $CONNECTIONS connections"
TOKEN=$(access_token)
AUTHZ=(-H "Authorization: Bearer $TOKEN")
declare -A URL=(
  [image.direct]=$IMG/api/images/$SMALL_KEY [image.gateway]=$GW/api/images/$SMALL_KEY [image.nginx]=$NGX/api/images/$SMALL_KEY
  [me.direct]=$AUTH/api/auth/me [me.gateway]=$GW/api/auth/me [me.nginx]=$NGX/api/auth/me
)
VARIANTS=(image.direct image.gateway image.nginx me.direct me.gateway me.nginx)
for v in "${VARIANTS[@]}"; do
  if [[ $v == me.* ]]; then wrk_warm "$CONNECTIONS" "${URL[$v]}" "${AUTHZ[@]}"; else wrk_warm "$CONNECTIONS" "${URL[$v]}"; fi
done
for run in $(seq 1 "$RUNS"); do
  for v in "${VARIANTS[@]}"; do
    if [[ $v == me.* ]]; then wrk_run "$v" "$CONNECTIONS" "${URL[$v]}" "${AUTHZ[@]}"; else wrk_run "$v" "$CONNECTIONS" "${URL[$v]}"; fi
  done
done
fi

# === 3. Download: a hot thumbnail ========================================================================
if want 3; then
say "3. download: hot thumbnail ($THUMB_BYTES B)"
curl -fsS -D "$WORK/thumb.headers" -o /dev/null "$GW/api/images/$SMALL_KEY/thumbnail"
declare -A TURL=(
  [thumb.gateway]=$GW/api/images/$SMALL_KEY/thumbnail [thumb.direct]=$IMG/api/images/$SMALL_KEY/thumbnail
  [thumb.nginx]=$NGX/static/thumbnail.jpg
)
TVARIANTS=(thumb.gateway thumb.direct thumb.nginx)
for v in "${TVARIANTS[@]}"; do wrk_warm "$CONNECTIONS" "${TURL[$v]}"; done
curl -fsS -D "$WORK/thumb.headers" -o /dev/null "$GW/api/images/$SMALL_KEY/thumbnail"
grep -qi '^X-Cache: HIT' "$WORK/thumb.headers" || fail "the gateway does not answer the thumbnail from its cache"
for run in $(seq 1 "$RUNS"); do
  for v in "${TVARIANTS[@]}"; do wrk_run "$v" "$CONNECTIONS" "${TURL[$v]}"; done
done
fi

# === 5. Login versus the raw hash rate ===================================================================
if want 5; then
say "5. login: $LOGIN_CLIENTS clients versus bcrypt in $LOGIN_CLIENTS threads"
COST=${AUTH_PASSWORD_BCRYPT_COST:-11} # the auth service's (run.sh passes the variable through if set)
LOGIN_BODY="{\"username\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\"}"
login_wrk() { BENCH_METHOD=POST BENCH_BODY=$LOGIN_BODY "$@"; }
login_wrk wrk_warm "$LOGIN_CLIENTS" "$AUTH/api/auth/login"
login_wrk wrk_warm "$LOGIN_CLIENTS" "$GW/api/auth/login"
for run in $(seq 1 "$RUNS"); do
  line=$("$JAVA" "${JAVA_OPTS[@]}" -cp "auth-quarkus/target/quarkus-app/lib/main/*" "$BENCH/HashRate.java" \
    "$LOGIN_CLIENTS" 3 "$DURATION" "$COST" "$ADMIN_PASSWORD" | grep '^RESULT')
  record hash.rps "$(field hashes_per_s "$line")"
  record hash.cpu_ms "$(field cpu_ms_per_hash "$line")"
  say "  hash: $line"
  login_wrk wrk_run login.direct "$LOGIN_CLIENTS" "$AUTH/api/auth/login"
  login_wrk wrk_run login.gateway "$LOGIN_CLIENTS" "$GW/api/auth/login"
done
fi

# === 2. Upload streaming =================================================================================
if want 2; then
say "2. upload: ${SMALL_MIB} MiB and ${LARGE_MIB} MiB, through the gateway versus a direct S3 PUT"
upload_direct() { # size-label file
  local out before
  before=$(cpu_snapshot)
  out=$(curl -sS -H 'Expect:' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -H 'Content-Type: image/png' -T "$2" -o "$WORK/put.out" \
    -w '%{http_code} %{time_total} %{size_upload}' "$S3/$S3_BUCKET/bench-direct/$1.png")
  [ "${out%% *}" = 200 ] || fail "direct PUT: $out $(cat "$WORK/put.out")"
  cpu_record "upload.$1.direct" "$before" "$(awk -v b="${out##* }" 'BEGIN { print b / 1048576 }')" 1.024
  record "upload.$1.direct" "$(awk -v t="${out#* }" 'BEGIN { split(t, a, " "); printf("%.2f", a[2] / a[1] / 1048576) }')"
  curl -fsS -X DELETE --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$S3/$S3_BUCKET/bench-direct/$1.png"
  say "  upload $1 direct: $out"
}
upload_gateway() { # size-label file
  local out key gw_idle img_idle before
  gw_idle=$(rss_kib "$GATEWAY_PID") img_idle=$(rss_kib "$IMAGE_PID")
  reset_hwm "$GATEWAY_PID"
  reset_hwm "$IMAGE_PID"
  before=$(cpu_snapshot)
  out=$(curl -sS -H 'Expect:' -H "Authorization: Bearer $TOKEN" -F "file=@$2;type=image/png" -o "$WORK/upload.json" \
    -w '%{http_code} %{time_total} %{size_upload}' "$GW/api/posts/bench-upload/images")
  [ "${out%% *}" = 201 ] || fail "upload through the gateway: $out $(cat "$WORK/upload.json")"
  cpu_record "upload.$1.gateway" "$before" "$(awk -v b="${out##* }" 'BEGIN { print b / 1048576 }')" 1.024
  record "upload.$1.gateway" "$(awk -v t="${out#* }" 'BEGIN { split(t, a, " "); printf("%.2f", a[2] / a[1] / 1048576) }')"
  record "rss.$1.gateway.idle" "$gw_idle"
  record "rss.$1.gateway.growth" $(($(hwm_kib "$GATEWAY_PID") - gw_idle))
  record "rss.$1.image.idle" "$img_idle"
  record "rss.$1.image.growth" $(($(hwm_kib "$IMAGE_PID") - img_idle))
  say "  upload $1 gateway: $out; RSS gateway $gw_idle -> peak $(hwm_kib "$GATEWAY_PID") KiB, image $img_idle -> peak $(hwm_kib "$IMAGE_PID") KiB"
  key=$(json_key "$WORK/upload.json")
  curl -fsS -X DELETE -H "Authorization: Bearer $TOKEN" "$GW/api/images/$key"
}
TOKEN=$(access_token)
# warm-up: one small upload each way (JIT, connection pools), not recorded
upload_direct warmup "$WORK/upload-$SMALL_MIB.png"
upload_gateway warmup "$WORK/upload-$SMALL_MIB.png"
for run in $(seq 1 "$RUNS"); do
  for size in "$SMALL_MIB" "$LARGE_MIB"; do
    upload_direct "$size" "$WORK/upload-$size.png"
    upload_gateway "$size" "$WORK/upload-$size.png"
  done
done
fi

# === 4. Start-up =========================================================================================
if want 4; then
# A fresh instance of each service beside the running stack (same backends, database already migrated), as
# ./run.sh starts it; time from the fork to the first 200 on /q/health/ready (its management port), and the RSS then.
say "4. start-up"
JDBC=jdbc:postgresql://127.0.0.1:$PG_PORT
service_cmd() { # name port -> the command line of ./run.sh for it
  local port=$2
  local ops="QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$SPARE_MANAGEMENT_PORT"
  case $1 in
    auth) echo env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" $ops QUARKUS_DATASOURCE_JDBC_URL="$JDBC/auth" \
      QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
      AUTH_SIGNING_KEY_LOCATION="$DATA_DIR/keys/auth-signing.pem" AUTH_SIGNING_GENERATE_IF_MISSING=true \
      "$JAVA" "${JAVA_OPTS[@]}" -jar auth-quarkus/target/quarkus-app/quarkus-run.jar ;;
    image) echo env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" $ops QUARKUS_DATASOURCE_JDBC_URL="$JDBC/image" \
      QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
      IMAGE_STORAGE_BUCKET="$S3_BUCKET" QUARKUS_S3_ENDPOINT_OVERRIDE="$S3" \
      MP_JWT_VERIFY_PUBLICKEY_LOCATION="$AUTH/api/auth/jwks" QUARKUS_S3_PATH_STYLE_ACCESS=true \
      QUARKUS_S3_AWS_CREDENTIALS_TYPE=static QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID="$S3_ACCESS_KEY" \
      QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY="$S3_SECRET_KEY" \
      "$JAVA" "${JAVA_OPTS[@]}" -jar image-quarkus/target/quarkus-app/quarkus-run.jar ;;
    gateway) echo env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" $ops \
      GATEWAY_ROUTES_AUTH_INSTANCES="$AUTH" GATEWAY_ROUTES_IMAGE_INSTANCES="$IMG" \
      GATEWAY_AUTH_JWKS_URL="$AUTH/api/auth/jwks" \
      "$JAVA" "${JAVA_OPTS[@]}" -jar gateway-quarkus/target/quarkus-app/quarkus-run.jar ;;
  esac
}
for run in $(seq 1 "$RUNS"); do
  for svc in auth image gateway; do
    read -r -a cmd <<< "$(service_cmd "$svc" "$SPARE_PORT")"
    t0=$(date +%s%N)
    "${cmd[@]}" > "$WORK/startup-$svc-$run.log" 2>&1 &
    EXTRA_PID=$!
    until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$SPARE_MANAGEMENT_PORT/q/health/ready"; do
      kill -0 "$EXTRA_PID" 2> /dev/null || { tail -n 30 "$WORK/startup-$svc-$run.log" >&2; fail "$svc exited during start-up"; }
      [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 120 ] || fail "$svc not ready after 120 s"
      sleep 0.05
    done
    t1=$(date +%s%N)
    rss=$(rss_kib "$EXTRA_PID")
    record "startup.$svc.ms" $(( (t1 - t0) / 1000000 ))
    record "startup.$svc.rss" "$rss"
    say "  $svc: ready after $(( (t1 - t0) / 1000000 )) ms, RSS $(mib "$rss") MiB"
    stop_pid "$EXTRA_PID"
    wait "$EXTRA_PID" 2> /dev/null || true
    EXTRA_PID=""
  done
done
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_SECONDS=$((SECONDS - BENCH_START))

# === the table ===========================================================================================
m() { median "$1"; }
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
rps_row() { # scenario variant key ratio target met
  row "$1" "$2" "$(fmt "$(m "$3.rps")" '%.0f') req/s" "$(spread "$3.rps")" "$(fmt "$(m "$3.p50")" '%.2f') ms" \
    "$(fmt "$(m "$3.p99")" '%.2f') ms" "$4" "$5" "$6"
}
img_gw_direct=$(ratio "$(m image.gateway.rps)" "$(m image.direct.rps)")
img_gw_nginx=$(ratio "$(m image.gateway.rps)" "$(m image.nginx.rps)")
me_gw_direct=$(ratio "$(m me.gateway.rps)" "$(m me.direct.rps)")
me_gw_nginx=$(ratio "$(m me.gateway.rps)" "$(m me.nginx.rps)")
me_met=$(awk -v a="$me_gw_direct" -v b="$me_gw_nginx" 'BEGIN { print (a >= 0.6 && b >= 0.8) ? "met" : "**missed**" }')
th_gw_nginx=$(ratio "$(m thumb.gateway.rps)" "$(m thumb.nginx.rps)")
th_gw_direct=$(ratio "$(m thumb.gateway.rps)" "$(m thumb.direct.rps)")
login_overhead() { awk -v h="$(m hash.rps)" -v l="$(m "$1.rps")" 'BEGIN { if (l + 0 == 0) print "nan"; else printf("%.0f", (h / l - 1) * 100) }'; }
lo_direct=$(login_overhead login.direct)
lo_gateway=$(login_overhead login.gateway)
# The same overhead in CPU time, which does not depend on how busy the machine was in each run: the auth service's
# CPU per login over the CPU of one bcrypt check.
login_cpu() { awk -v h="$(m hash.cpu_ms)" -v l="$(m "$1.cpu.auth")" 'BEGIN { if (h + 0 == 0) print "n/a"; else printf("auth %.0f ms CPU per login vs %.0f ms per check: %+.0f %%", l, h, (l / h - 1) * 100) }'; }

TABLE=$(
  row Scenario Variant Median "min–max" p50 p99 Ratio Target Met
  row --- --- ---: ---: ---: ---: ---: --- ---
  if want 1; then
    rps_row "1. small image GET ($SMALL_BYTES B)" "direct (image service)" image.direct "1.00" "" ""
    rps_row "" "through the gateway" image.gateway "${img_gw_direct}× direct, ${img_gw_nginx}× nginx" "" ""
    rps_row "" "through nginx" image.nginx "$(ratio "$(m image.nginx.rps)" "$(m image.direct.rps)")× direct" "" ""
    rps_row "1. authenticated GET /api/auth/me" "direct (auth service)" me.direct "1.00" "" ""
    rps_row "" "through the gateway (JWT at the edge)" me.gateway "${me_gw_direct}× direct, ${me_gw_nginx}× nginx" "≥ 0.6× direct, ≥ 0.8× nginx" "$me_met"
    rps_row "" "through nginx" me.nginx "$(ratio "$(m me.nginx.rps)" "$(m me.direct.rps)")× direct" "" ""
  fi
  if want 2; then
    for size in "$SMALL_MIB" "$LARGE_MIB"; do
      up_ratio=$(ratio "$(m "upload.$size.gateway")" "$(m "upload.$size.direct")")
      row "2. upload $size MiB" "direct S3 PUT to S3Proxy" "$(fmt "$(m "upload.$size.direct")" '%.1f') MiB/s" \
        "$(spread "upload.$size.direct" '%.1f')" "" "" "1.00" "" ""
      row "" "gateway → image → S3Proxy" "$(fmt "$(m "upload.$size.gateway")" '%.1f') MiB/s" \
        "$(spread "upload.$size.gateway" '%.1f')" "" "" "${up_ratio}× direct" "≥ 0.7× direct" "$(at_least "$up_ratio" 0.7)"
      for svc in gateway image; do
        growth=$(m "rss.$size.$svc.growth")
        target="" met=""
        if [ "$size" = "$LARGE_MIB" ]; then target="≤ 64 MiB"; met=$(at_most "$growth" 65536); fi
        row "" "$svc RSS growth during the upload" "$(mib "$growth") MiB" "$(values "rss.$size.$svc.growth" | sort -g | awk 'NR==1{a=$1} {b=$1} END{printf("%.1f–%.1f MiB", a/1024, b/1024)}')" \
          "" "" "idle $(mib "$(m "rss.$size.$svc.idle")") MiB" "$target" "$met"
      done
    done
  fi
  if want 3; then
    rps_row "3. hot thumbnail ($THUMB_BYTES B)" "gateway (cache hit)" thumb.gateway "${th_gw_nginx}× nginx, ${th_gw_direct}× direct" "≥ 0.5× nginx" "$(at_least "$th_gw_nginx" 0.5)"
    rps_row "" "direct (image service, from S3)" thumb.direct "$(ratio "$(m thumb.direct.rps)" "$(m thumb.nginx.rps)")× nginx" "" ""
    rps_row "" "nginx static file" thumb.nginx "1.00" "" ""
  fi
  if want 4; then
    for svc in auth image gateway; do
      row "4. start-up (JVM)" "$svc" "$(fmt "$(m "startup.$svc.ms")" '%.0f') ms to ready" "$(spread "startup.$svc.ms") ms" "" "" \
        "RSS at ready $(mib "$(m "startup.$svc.rss")") MiB" "" ""
    done
  fi
  if want 5; then
    row "5. login ($LOGIN_CLIENTS clients, bcrypt cost $COST)" "raw bcrypt checks ($LOGIN_CLIENTS threads)" "$(fmt "$(m hash.rps)" '%.2f') hashes/s" \
      "$(spread hash.rps '%.2f')" "" "" "1.00" "" ""
    rps_row "" "login, auth service directly" login.direct "overhead ${lo_direct} % over the hash; $(login_cpu login.direct)" "≤ 10 %" "$(at_most "$lo_direct" 10)"
    rps_row "" "login through the gateway" login.gateway "overhead ${lo_gateway} % over the hash; $(login_cpu login.gateway)" "" ""
  fi
)
# Where the CPU went, per variant (medians of the runs): what each process spent per request, or per GiB uploaded.
cpu_row() { # label key unit
  local total=0 cells="" v name
  for name in "${CPU_PROCS[@]}" rest; do
    v=$(m "$2.cpu.$name")
    cells+=" $(fmt "$v" '%.3f') |"
    total=$(awk -v a="$total" -v b="$v" 'BEGIN { print (b == "nan") ? a : a + b }')
  done
  printf '| %s | %s |%s %s | %s |\n' "$1" "$3" "$cells" "$(fmt "$total" '%.3f')" "$(fmt "$(m "$2.cpu.cores")" '%.2f')"
}
CPU_TABLE=$(
  echo "| Variant | unit | gateway | auth | image | S3Proxy | nginx | rest (wrk/curl, PostgreSQL, other) | total | cores busy |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  if want 1; then
    for v in image.direct image.gateway image.nginx me.direct me.gateway me.nginx; do cpu_row "$v" "$v" "CPU ms / request"; done
  fi
  if want 2; then
    for size in "$SMALL_MIB" "$LARGE_MIB"; do
      for way in direct gateway; do cpu_row "upload $size MiB $way" "upload.$size.$way" "CPU s / GiB"; done
    done
  fi
  if want 3; then
    for v in thumb.gateway thumb.direct thumb.nginx; do cpu_row "$v" "$v" "CPU ms / request"; done
  fi
  if want 5; then
    for v in login.direct login.gateway; do cpu_row "$v" "$v" "CPU ms / request"; done
  fi
)
# rps_row prints "req/s"; login rows read better as logins/s
TABLE=$(sed -e '/login, auth\|login through/ s# req/s# logins/s#' -e 's#|  |#| |#g' <<< "$TABLE")

DATE=$(date +%F)
CORES=$(nproc)
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' 2> /dev/null || echo "+uncommitted changes")
mkdir -p "$OUT_DIR"
PARTIAL=""
[ "$(tr -s ' ' <<< "$SCENARIOS")" = " 1 2 3 4 5 " ] || PARTIAL=-partial
RESULT=$OUT_DIR/$DATE-${CORES}cores$PARTIAL.md
{
  echo "# Benchmark results, $DATE, $CORES cores"
  echo
  echo "- commit: \`$COMMIT\` (branch $(git rev-parse --abbrev-ref HEAD))"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $CORES cores, $(awk '/MemTotal/ { printf("%.0f GiB", $2 / 1048576) }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- JDK: $("$JAVA" -version 2>&1 | head -n 1); service JVM options: \`$SERVICE_JAVA_OPTS\`"
  echo "- tools: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), nginx $("$NGINX" -v 2>&1 | sed 's#.*/##'), curl $(curl --version | head -n 1 | cut -d' ' -f2)"
  echo "- load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER (the machine may be shared: compare the min–max column)"
  [ -z "$PARTIAL" ] || echo "- scenarios run: $(xargs <<< "$SCENARIOS") (BENCH_SCENARIOS)"
  echo "- $RUNS runs per variant, interleaved, after one warm-up each; wrk: ${DURATION} s runs, $WRK_THREADS threads, $CONNECTIONS connections (login: $LOGIN_CLIENTS); whole bench ${BENCH_SECONDS} s"
  echo
  echo "$TABLE"
  echo
  echo "Where the CPU went (medians; user + system time of each process during the measured runs, from /proc):"
  echo
  echo "$CPU_TABLE"
  echo
  echo "Every sample (key, value; rps in req/s, latencies in ms, uploads in MiB/s, RSS in KiB, start-up in ms):"
  echo
  echo '```'
  awk -F'\t' '{ v[$1] = v[$1] (v[$1] == "" ? "" : " ") $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END { for (i = 1; i <= n; i++) printf("%-28s %s\n", order[i], v[order[i]]) }' "$SAMPLES"
  echo '```'
} > "$RESULT"
echo
echo "$TABLE"
echo
echo "$CPU_TABLE"
echo
say "written to ${RESULT#"$ROOT"/} after ${BENCH_SECONDS} s"
