# Sourced by ./run.sh and .ci/run: makes sure JAVA_HOME points at a JDK >= 21.
# Keeps a suitable JAVA_HOME or `java` on PATH; otherwise picks the newest JDK >= 21 found in the usual places.
# Returns 1 (with a message saying what to install) when there is none.

_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

select_jdk() {
  local wanted=21 candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(_jdk_major "$candidate")
    [ -n "$major" ] || continue
    # The first suitable one wins for an explicit JAVA_HOME or the PATH; otherwise the newest.
    if [ "$major" -ge "$wanted" ] && { [ "$candidate" = "${JAVA_HOME:-}" ] || [ "$major" -gt "$best_major" ]; }; then
      best=$candidate best_major=$major
      [ "$candidate" = "${JAVA_HOME:-}" ] && break
    fi
  done
  if [ -z "$best" ]; then
    echo "No JDK $wanted or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21/25) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
