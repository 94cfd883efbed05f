#!/usr/bin/env bash
# Container check: builds the gateway's JVM image with Quarkus Jib exactly as the release does (same Jib
# settings, only base image and registry overridden), pushes it to a throw-away registry on 127.0.0.1, pulls it
# back with podman and runs it the way the Helm chart runs its pods (read-only root filesystem, a writable /tmp
# only, UID 1001, no capabilities) until /q/health/ready answers 200 on its management port, while its HTTP port
# serves the admin UI and no /q/ path.
#
# Public registries cannot be reached from the machines this runs on, so the UBI OpenJDK base of the release
# is replaced by a stand-in made here: Debian bookworm (debootstrap, minbase) plus a jlink'ed runtime of the
# selected JDK in /opt/java. With a base that is not UBI OpenJDK, Quarkus starts the app with
# `java <quarkus.jib.jvm-arguments> -jar quarkus-run.jar` instead of UBI's run-java.sh, so this check does not
# cover run-java.sh nor JAVA_OPTS_APPEND (the chart's jvmOptions).
#
# Why the gateway: its readiness needs no database or bucket, so a 200 from /q/health/ready proves the image
# itself (auth and image would need PostgreSQL and S3 reachable from the container as well).
#
# Needs root and Debian's podman, runc, skopeo, umoci, debootstrap and docker-registry (.ci/run installs them);
# run it from any directory (it compiles the gateway if needed): bash .ci/container-check.sh
# Environment: READY_TIMEOUT [120] seconds for the container to become ready;
#   CONTAINER_CHECK_CACHE [${XDG_CACHE_HOME:-$HOME/.cache}/blog-images] keeps the Debian rootfs tarball
#   between runs (delete it to start clean, as CI does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVICE=gateway-quarkus
SUITE=bookworm
READY_TIMEOUT=${READY_TIMEOUT:-120}
CACHE_DIR=${CONTAINER_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/blog-images}
# Everything this run creates (registry data, rootfs, OCI layout, podman's storage) lives here; removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/container-check.XXXXXX")

# --- steps, timing, cleanup ---------------------------------------------------------------------------------
begin=$SECONDS
current_step="" step_began=$SECONDS
timings=()
end_step() {
  [ -n "$current_step" ] && timings+=("$(printf '%5ss  %s' "$((SECONDS - step_began))" "$current_step")")
  current_step=""
}
step() { end_step; current_step=$1; step_began=$SECONDS; printf '\n==> %s\n' "$1"; }
fail() { printf 'CONTAINER CHECK FAILED: %s\n' "$*" >&2; exit 1; }

registry_pid="" container="" private_podman=""
cleanup() {
  local rc=$?
  set +e
  end_step
  if [ -n "$container" ]; then podman rm --force --time 5 "$container" >/dev/null; fi
  # Only the images of this run's private storage (see storage.conf below), never the machine's.
  if [ -n "$private_podman" ]; then podman rmi --all --force >/dev/null 2>&1; fi
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null; fi
  # debootstrap mounts /proc and /sys in its target, and podman's overlay storage may stay mounted: unmount
  # whatever is still mounted under $WORK (deepest first) before removing it.
  awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/self/mounts | sort -r | xargs -r -n 1 umount -l
  rm -rf "$WORK"
  printf '\n==> time per step\n'
  printf '%s\n' "${timings[@]}"
  printf '%5ss  total (%s)\n' "$((SECONDS - begin))" "$([ "$rc" = 0 ] && echo passed || echo FAILED)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port on 127.0.0.1 that nothing answers on. Another process may take it before we do; the registry and
# the container then fail to start, which the readiness checks below report.
free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  fail "no free port found"
}

# Waits until $1 answers 200 or $2 seconds passed; $3 is a command that fails when the server died.
await_200() {
  local url=$1 timeout=$2 alive=$3 start=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)" = 200 ]; do
    $alive || return 1
    [ $((SECONDS - start)) -lt "$timeout" ] || return 1
    sleep 1
  done
}

# The first mirror apt uses for $SUITE itself (deb822 .sources or one-line .list), so debootstrap goes
# wherever apt goes on this machine; Debian's default mirror otherwise.
debian_mirror() {
  local mirror
  mirror=$(awk -v suite="$SUITE" 'BEGIN { RS = "" }
      { uris = ""; hit = 0
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) {
          if (lines[i] ~ /^URIs:/) { split(lines[i], f, /[ \t]+/); uris = f[2] }
          if (lines[i] ~ /^Suites:/) { m = split(lines[i], s, /[ \t]+/); for (j = 2; j <= m; j++) if (s[j] == suite) hit = 1 }
        }
        if (hit && uris != "") { print uris; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [ -z "$mirror" ]; then
    mirror=$(awk -v suite="$SUITE" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit } }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# --- checks ---------------------------------------------------------------------------------------------------
step "tools and JDK"
[ "$(id -u)" = 0 ] || fail "run as root (podman as root, debootstrap)"
for tool in podman runc skopeo umoci debootstrap docker-registry curl; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install podman runc skopeo umoci debootstrap docker-registry curl)"
done
# shellcheck source=../.mvn/select-jdk.sh
source .mvn/select-jdk.sh
select_jdk
java_major=$(_jdk_major "$JAVA_HOME")
echo "JDK $java_major at $JAVA_HOME"

# podman as root, as the stack notes found it working here: runc (crun refuses this machine's hybrid cgroups),
# explicit ulimits, and its own storage and state under $WORK so the check neither sees nor leaves images in
# the machine's podman storage.
cat > "$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
[engine]
runtime = "runc"
tmp_dir = "$WORK/podman/tmp"
EOF
cat > "$WORK/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$WORK/podman/root"
runroot = "$WORK/podman/run"
EOF
export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf
private_podman=yes

# --- registry -------------------------------------------------------------------------------------------------
step "registry on 127.0.0.1"
registry_port=$(free_port)
registry=127.0.0.1:$registry_port
mkdir -p "$WORK/registry/data"
cat > "$WORK/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/registry/data
http:
  addr: $registry
EOF
docker-registry serve "$WORK/registry/config.yml" > "$WORK/registry/log" 2>&1 &
registry_pid=$!
await_200 "http://$registry/v2/" 30 "kill -0 $registry_pid" \
  || { cat "$WORK/registry/log" >&2; fail "the registry did not answer on $registry"; }
echo "docker-registry (pid $registry_pid) on $registry"

# --- stand-in base image ----------------------------------------------------------------------------------------
step "Debian $SUITE rootfs"
rootfs_tar=$CACHE_DIR/debian-$SUITE-minbase-amd64.tar
if [ -s "$rootfs_tar" ]; then
  echo "cached: $rootfs_tar"
else
  mirror=$(debian_mirror)
  echo "debootstrap --variant=minbase $SUITE from $mirror"
  debootstrap --variant=minbase "$SUITE" "$WORK/debootstrap" "$mirror" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
  # An image's /dev, /proc and /sys are provided by the runtime; keep them empty.
  mkdir -p "$CACHE_DIR"
  tar -C "$WORK/debootstrap" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$WORK/debootstrap"
fi

step "stand-in JVM base image"
base_image=$registry/stand-in/jvm-base:$java_major
oci=$WORK/oci
umoci init --layout "$oci"
umoci new --image "$oci:base"
umoci unpack --image "$oci:base" "$WORK/bundle" >/dev/null
tar -C "$WORK/bundle/rootfs" --numeric-owner -xf "$rootfs_tar"
# A Java runtime of the selected JDK (Debian bookworm has no Java 21): the Java SE modules plus the jdk.*
# runtime modules a Quarkus app may use (Unsafe for Netty, EC crypto, management and JFR for metrics, DNS, zipfs).
jlink --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.naming.dns,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --output "$WORK/bundle/rootfs/opt/java"
# The user the release runs as (quarkus.jib.user, the chart's runAsUser/runAsGroup).
echo 'app:x:1001:1001:application:/nonexistent:/usr/sbin/nologin' >> "$WORK/bundle/rootfs/etc/passwd"
echo 'app:x:1001:' >> "$WORK/bundle/rootfs/etc/group"
umoci repack --image "$oci:base" "$WORK/bundle"
umoci config --image "$oci:base" --os linux --architecture amd64 --config.user 1001 \
  --config.env JAVA_HOME=/opt/java \
  --config.env PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env LANG=C.UTF-8
skopeo copy --quiet --dest-tls-verify=false "oci:$oci:base" "docker://$base_image"
rm -rf "$WORK/bundle" "$oci"
echo "pushed $base_image"

# --- the service's image ------------------------------------------------------------------------------------------
step "Jib: $SERVICE image to the registry"
tag=check-$(git rev-parse --short HEAD)
image=$registry/blog-images/$SERVICE:$tag
# The revision label reads GITHUB_SHA, as in the hosted workflow; give it the commit when run elsewhere so the
# label can be checked below.
export GITHUB_SHA=${GITHUB_SHA:-$(git rev-parse HEAD)}
# `compile quarkus:build` of the service alone: the lifecycle's package phase would resolve its test-scope
# dependencies on the other modules, which `./mvnw verify` does not install (and -am would build and push
# their images too). Invoked this way the plugin warns that its Maven extensions are not enabled, although
# the parent pom enables them; the build is the same.
./mvnw -B -ntp -pl "$SERVICE" compile quarkus:build \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.push=true \
  -Dquarkus.container-image.registry="$registry" \
  -Dquarkus.container-image.insecure=true \
  -Dquarkus.container-image.tag="$tag" \
  -Dquarkus.jib.base-jvm-image="$base_image"

step "podman pull and labels"
podman pull --quiet --tls-verify=false "$image"
for label in source revision version; do
  value=$(podman image inspect --format "{{index .Labels \"org.opencontainers.image.$label\"}}" "$image")
  echo "org.opencontainers.image.$label=$value"
  [ -n "$value" ] || fail "label org.opencontainers.image.$label is missing; labels: $(podman image inspect --format '{{json .Labels}}' "$image")"
done
revision=$(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' "$image")
[ "$revision" = "$GITHUB_SHA" ] || fail "revision label $revision is not the commit $GITHUB_SHA"
image_user=$(podman image inspect --format '{{.Config.User}}' "$image")
[ "$image_user" = 1001 ] || fail "the image's user is '$image_user', not 1001"

# --- run it as the chart does --------------------------------------------------------------------------------------
step "podman run until /q/health/ready"
app_port=$(free_port)
management_port=$(free_port)
while [ "$management_port" = "$app_port" ]; do management_port=$(free_port); done
container=container-check-$$
# As the chart's pod: read-only root filesystem with only /tmp writable (its emptyDir, 256Mi, exec allowed as
# on an emptyDir), no capabilities, no privilege escalation, the image's own user. Host network, bound to
# loopback, since podman's networking is not set up on these machines.
podman run --detach --name "$container" --pull never --network host \
  --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,exec,nosuid,nodev,size=256m,mode=1777 \
  --cap-drop ALL --security-opt no-new-privileges \
  --env QUARKUS_HTTP_HOST=127.0.0.1 --env QUARKUS_HTTP_PORT="$app_port" \
  --env QUARKUS_MANAGEMENT_HOST=127.0.0.1 --env QUARKUS_MANAGEMENT_PORT="$management_port" \
  "$image" >/dev/null
running() { [ "$(podman inspect --format '{{.State.Running}}' "$container" 2>/dev/null)" = true ]; }
if ! await_200 "http://127.0.0.1:$management_port/q/health/ready" "$READY_TIMEOUT" running; then
  echo "--- container log" >&2
  podman logs "$container" >&2 || true
  fail "/q/health/ready did not answer 200 within $READY_TIMEOUT s"
fi
echo "ready: $(curl -s --max-time 5 "http://127.0.0.1:$management_port/q/health/ready" | tr -d ' \n')"
public_health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$app_port/q/health/ready" || true)
[ "$public_health" = 404 ] || fail "the HTTP port answers /q/health/ready with $public_health, not 404"
page=$(curl -s --max-time 5 "http://127.0.0.1:$app_port/" || true)
[[ $page == *"<title>"* ]] || fail "the gateway's / is not the admin UI: ${page:0:300}"
echo "the admin UI is served at /"

# The container's main process, seen from the host: the JVM itself, run as UID 1001.
pid=$(podman inspect --format '{{.State.Pid}}' "$container")
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
comm=$(cat "/proc/$pid/comm")
echo "container process $pid: $comm, uid $uid"
[ "$uid" = 1001 ] || fail "the container's process runs as uid $uid, not 1001"
[ "$comm" = java ] || fail "the container's main process is $comm, not java"

# The JVM is the container's PID 1: it must act on SIGTERM itself (143) rather than be killed after the
# timeout (137), or every pod would take the full grace period to stop.
step "stop"
podman stop --time 30 "$container" >/dev/null
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$container")
echo "stopped, exit code $exit_code"
[ "$exit_code" != 137 ] || fail "the container ignored SIGTERM and was killed"
end_step
echo "CONTAINER CHECK PASSED: $image"
