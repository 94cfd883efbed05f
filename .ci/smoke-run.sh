#!/usr/bin/env bash
# Smoke test of ./run.sh on this checkout: start it in the background, wait (bounded) until the three services
# are ready (on their management ports) and the gateway serves the admin UI but no /q/ path, stop it by PID as
# Ctrl-C would, and check nothing is left.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TIMEOUT=${SMOKE_TIMEOUT:-300}
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/run-smoke.XXXXXX")
LOG=$DATA_DIR/run.log
export DATA_DIR
ports=(8081 8082 8083)              # gateway, auth, image
management_ports=(9081 9082 9083)   # their health, metrics and OpenAPI

# Job control gives run.sh its own process group, as a terminal would, so Ctrl-C can be sent to that group.
set -m
./run.sh > "$LOG" 2>&1 &
RUN_PID=$!
set +m
fail() {
  echo "SMOKE FAILED: $*" >&2
  echo "--- run.sh output" >&2; cat "$LOG" >&2 || true
  for f in "$DATA_DIR"/logs/*.log; do echo "--- $f (end)" >&2; tail -n 30 "$f" >&2; done
  kill -TERM "$RUN_PID" 2>/dev/null || true
  wait "$RUN_PID" 2>/dev/null || true
  exit 1
}

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }

start=$SECONDS
for url in "http://127.0.0.1:${management_ports[1]}/q/health/ready" "http://127.0.0.1:${management_ports[2]}/q/health/ready" \
           "http://127.0.0.1:${management_ports[0]}/q/health/ready" "http://127.0.0.1:${ports[0]}/"; do
  until [ "$(status "$url")" = 200 ]; do
    kill -0 "$RUN_PID" 2>/dev/null || fail "run.sh exited before $url answered 200"
    [ $((SECONDS - start)) -lt "$TIMEOUT" ] || fail "$url not 200 after $TIMEOUT s"
    sleep 1
  done
  echo "ok   $url ($((SECONDS - start)) s)"
done
page=$(curl -s --max-time 5 "http://127.0.0.1:${ports[0]}/") || fail "the gateway's / did not answer"
[[ $page == *'<title>'* ]] || fail "the gateway's / is not the admin UI"  # no pipe: curl must not get SIGPIPE under pipefail
grep -q 'Press Ctrl-C' "$LOG" || fail "run.sh did not print how to use it"
for path in /q/health/ready /q/metrics /q/openapi; do
  [ "$(status "http://127.0.0.1:${ports[0]}$path")" = 404 ] || fail "the gateway's public port serves $path"
done
echo "ready: all three services and the admin UI within $((SECONDS - start)) s"

# Everything run.sh started, directly or not; PostgreSQL detaches, so take its PID from its data directory.
descendants() { local p; for p in $(ps -o pid= --ppid "$1"); do echo "$p"; descendants "$p"; done; }
mapfile -t started < <(descendants "$RUN_PID"; head -n 1 "$DATA_DIR/postgres/postmaster.pid")
echo "run.sh (pid $RUN_PID) started: ${started[*]}"

kill -INT -- "-$RUN_PID"   # what Ctrl-C in a terminal does: SIGINT to the foreground process group
for _ in $(seq 1 90); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$RUN_PID" 2>/dev/null && fail "run.sh still running 90 s after Ctrl-C"
wait "$RUN_PID" || true

left=()
for pid in "${started[@]}"; do
  kill -0 "$pid" 2>/dev/null && left+=("$pid $(ps -o args= -p "$pid" | cut -c1-120)")
done
if pgrep -f "$DATA_DIR" >/dev/null; then left+=("$(pgrep -af "$DATA_DIR")"); fi
[ ${#left[@]} -eq 0 ] || fail "processes left after Ctrl-C: ${left[*]}"
echo "stopped: no process left"
rm -rf "$DATA_DIR"
