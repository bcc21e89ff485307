# Sourced by gdmc's scripts: exports JAVA_HOME pointing at a JDK >= 21 (a javac is required),
# preferring $JAVA_HOME, then the `java` on PATH, then the newest JDK found in the usual places.
# Fails with one clear line when none is found.

gdmc_jdk_major() {  # prints the feature version of the JDK at $1, or nothing
  local rel="$1/release"
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
  fi
}

gdmc_find_jdk() {
  local min=21 best="" best_major=0 c m java_on_path
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java_on_path=$(command -v java 2>/dev/null); then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$java_on_path")")")")
  fi
  for c in "${candidates[@]}"; do
    m=$(gdmc_jdk_major "$c")
    if [ -n "$m" ] && [ "$m" -ge "$min" ]; then echo "$c"; return 0; fi
  done
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] || continue
    m=$(gdmc_jdk_major "$c")
    if [ -n "$m" ] && [ "$m" -ge "$min" ] && [ "$m" -gt "$best_major" ]; then best="$c"; best_major="$m"; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if ! GDMC_JDK=$(gdmc_find_jdk); then
  echo "gdmc: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME="$GDMC_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
