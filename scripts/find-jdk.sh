# Sourced by ./kubemedic, ./run-tests and the scripts: sets JAVA_HOME to a JDK >= 21, or explains exactly what to
# install; kubemedic_maven sets MVN to the Maven Wrapper.
# Order: $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (newest first).
kubemedic_java_version() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}
kubemedic_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(kubemedic_java_version "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME="$c"
      # Maven itself (guava) trips JDK 24+'s sun.misc.Unsafe warnings; they are noise for our users
      if [ "$v" -ge 24 ]; then
        case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
      fi
      return 0
    fi
  done
  cat >&2 <<'MSG'
kubemedic: no JDK 21 or newer found (checked $JAVA_HOME, the java on PATH and /usr/lib/jvm/*).
  Install one, for example:  sudo apt-get install openjdk-21-jdk    (Debian/Ubuntu)
  or point JAVA_HOME at an existing JDK >= 21:  export JAVA_HOME=/path/to/jdk
MSG
  return 1
}
# Sets MVN to the repository's Maven Wrapper (Maven 3.9.11, fetched from Maven Central into ~/.m2/wrapper on first
# use), so a machine with only a JDK builds Kubemedic with the Maven version it was tested with.
kubemedic_maven() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -x "$root/mvnw" ]; then
    echo "kubemedic: $root/mvnw is missing or not executable (a broken checkout?)" >&2
    return 1
  fi
  if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1 && [ ! -d "${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists" ]; then
    echo "kubemedic: the Maven Wrapper needs curl or wget to fetch Maven once. Install one:  sudo apt-get install curl" >&2
    return 1
  fi
  MVN="$root/mvnw"
  export MVNW_VERBOSE="${MVNW_VERBOSE:-false}"
}
