#!/usr/bin/env bash
# Heap while uploading 20 MiB images: starts PostgreSQL + S3Proxy (test-support's LocalBackends) and the
# packaged image service with a small fixed heap and a GC log, uploads the same ~19.4 MiB PNG a few times
# with curl, and prints the heap after each GC. Run from the repository root after
#   ./mvnw -pl image-quarkus -am package -DskipTests
# Usage: image-quarkus/src/test/bench/upload-heap.sh [heap, default 64m] [uploads, default 5]
set -euo pipefail
HEAP=${1:-64m}
UPLOADS=${2:-5}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
WORK=$(mktemp -d /tmp/upload-heap-XXXX)
PG_PORT=25432 S3_PORT=29000 APP_PORT=28083 MANAGEMENT_PORT=29083
KEYS=image-quarkus/src/test/resources/jwt
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

DATA_DIR=$WORK/data PG_PORT=$PG_PORT S3_PORT=$S3_PORT S3_BUCKET=bench S3_ACCESS_KEY=bench S3_SECRET_KEY=bench-secret \
  "$JAVA" -Xmx256m -XX:+UseSerialGC -cp "test-support/target/classes:test-support/target/lib/*" \
  io.blogimages.testsupport.LocalBackends > "$WORK/backends.log" 2>&1 &
pids+=($!)
until [ -f "$WORK/data/backends.ready" ]; do sleep 0.5; done

QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/image QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD=postgres IMAGE_STORAGE_BUCKET=bench \
  QUARKUS_S3_ENDPOINT_OVERRIDE=http://127.0.0.1:$S3_PORT QUARKUS_S3_PATH_STYLE_ACCESS=true \
  QUARKUS_S3_AWS_CREDENTIALS_TYPE=static QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID=bench \
  QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY=bench-secret \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$PWD/$KEYS/jwks.json" \
  "$JAVA" -Xmx"$HEAP" -Xms"$HEAP" -XX:+UseSerialGC -Xlog:gc:file="$WORK/gc.log" \
  -jar image-quarkus/target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
pids+=($!)
APP_PID=$!
until curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" > /dev/null; do
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 0.5
done

b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"test-key-1"}' | b64)
payload=$(printf '{"iss":"blog-images-auth","aud":"blog-images","sub":"bench","upn":"bench","groups":["admin"],"iat":%d,"exp":%d,"jti":"%s"}' \
  "$now" $((now + 900)) "$(cat /proc/sys/kernel/random/uuid)" | b64)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEYS/private-key.pem" -binary | b64)
TOKEN="$header.$payload.$signature"

# A PNG of random pixels does not compress: 2600 x 2600 RGB is ~19.4 MiB (6.8 megapixels).
python3 - "$WORK/noise.png" <<'PY'
import os, struct, sys, zlib
w = h = 2600
raw = b''.join(b'\x00' + os.urandom(w * 3) for _ in range(h))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(raw, 0)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY
echo "file: $(stat -c %s "$WORK/noise.png") bytes; heap -Xmx$HEAP (SerialGC)"
"$(dirname "$JAVA")/jcmd" "$APP_PID" GC.run > /dev/null
sleep 0.5
before=$(wc -l < "$WORK/gc.log")
echo "heap after a full GC before the uploads: $(tail -1 "$WORK/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | sed -E 's/.*->//')"
for i in $(seq 1 "$UPLOADS"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$WORK/noise.png;type=image/png" "http://127.0.0.1:$APP_PORT/api/posts/bench/images")
  echo "upload $i: HTTP $code"
done
sleep 1
during=$(tail -n +"$((before + 1))" "$WORK/gc.log")
echo "GCs during the uploads: $(grep -c 'Pause' <<< "$during")"
echo "largest heap after a GC during the uploads: $(grep -oE '[0-9]+M->[0-9]+M' <<< "$during" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1)M"
echo "largest heap before a GC during the uploads: $(grep -oE '[0-9]+M->[0-9]+M' <<< "$during" | sed -E 's/([0-9]+)M->.*/\1/' | sort -n | tail -1)M"
rm -rf "$WORK"
